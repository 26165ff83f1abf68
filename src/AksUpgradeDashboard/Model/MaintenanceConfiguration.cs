using System.Collections.Immutable;

namespace AksUpgradeDashboard.Model;

/// <summary>
/// An AKS planned maintenance configuration (<c>default</c>, <c>aksManagedAutoUpgradeSchedule</c>,
/// <c>aksManagedNodeOSUpgradeSchedule</c>) as read from ARM, with its schedule in words and, when it could be read,
/// as a structured <see cref="Window"/> that <see cref="MaintenanceWindowCoverage"/> checks planned windows against.
/// </summary>
public sealed record MaintenanceConfigurationInfo(
    string Name,
    string Schedule,
    int? DurationHours,
    string? UtcOffset,
    DateOnly? StartDate,
    string? StartTime,
    ImmutableArray<DateRange> NotAllowed,
    MaintenanceSchedule? Window = null)
{
    /// <summary>What each configuration name governs (docs: planned-maintenance).</summary>
    public string Governs => Name switch
    {
        "aksManagedAutoUpgradeSchedule" => "Cluster auto-upgrade (Kubernetes version)",
        "aksManagedNodeOSUpgradeSchedule" => "Node OS upgrades (node image / security patches)",
        "default" => "AKS weekly releases (control plane and add-ons)",
        _ => "Custom configuration",
    };
}

public readonly record struct DateRange(DateOnly Start, DateOnly End);

/// <summary>The maintenance configurations of one cluster, or why they could not be read.</summary>
public sealed record MaintenanceConfigurationsResult(ImmutableArray<MaintenanceConfigurationInfo> Configurations, InventoryError? Error = null);

/// <summary>A span of time, start inclusive and end exclusive.</summary>
public readonly record struct MaintenancePeriod(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Contains(DateTimeOffset start, DateTimeOffset end) => Start <= start && end <= End;

    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => Start < end && start < End;
}

/// <summary>
/// When a maintenance window recurs, parsed from ARM. <see cref="NotAllowed"/> holds the periods in which AKS starts no
/// planned maintenance, as instants: <c>notAllowedDates</c> are whole days in the window's <c>utcOffset</c> (end date
/// included); the legacy <c>notAllowedTime</c> ranges are instants already.
/// </summary>
public abstract record MaintenanceSchedule
{
    public ImmutableArray<MaintenancePeriod> NotAllowed { get; init; } = [];
}

/// <summary>
/// The timing shared by the <c>maintenanceWindow</c> schedules: each occurrence starts at <see cref="StartTime"/> on a
/// matching date, both local to <see cref="UtcOffset"/>, and lasts <see cref="DurationHours"/>. Without a
/// <see cref="StartDate"/> every matching date counts (see <see cref="MaintenanceWindowCoverage"/>).
/// </summary>
public sealed record MaintenanceTiming(DateOnly? StartDate, TimeOnly StartTime, int DurationHours, TimeSpan UtcOffset);

/// <summary>A schedule of the <c>maintenanceWindow</c> form (API 2023-05-01 and later).</summary>
public abstract record RecurringSchedule(MaintenanceTiming Timing) : MaintenanceSchedule;

/// <summary><c>daily</c>: every <see cref="IntervalDays"/> days.</summary>
public sealed record DailySchedule(MaintenanceTiming Timing, int IntervalDays) : RecurringSchedule(Timing);

/// <summary><c>weekly</c>: on <see cref="DayOfWeek"/> every <see cref="IntervalWeeks"/> weeks.</summary>
public sealed record WeeklySchedule(MaintenanceTiming Timing, int IntervalWeeks, DayOfWeek DayOfWeek) : RecurringSchedule(Timing);

/// <summary><c>absoluteMonthly</c>: on day <see cref="DayOfMonth"/> every <see cref="IntervalMonths"/> months.</summary>
public sealed record AbsoluteMonthlySchedule(MaintenanceTiming Timing, int IntervalMonths, int DayOfMonth) : RecurringSchedule(Timing);

/// <summary><c>relativeMonthly</c>: on e.g. the last Friday every <see cref="IntervalMonths"/> months.</summary>
public sealed record RelativeMonthlySchedule(MaintenanceTiming Timing, int IntervalMonths, MaintenanceWeekIndex WeekIndex, DayOfWeek DayOfWeek) : RecurringSchedule(Timing);

/// <summary>The legacy <c>timeInWeek</c> form of <c>default</c>: one-hour slots in UTC, every week.</summary>
public sealed record WeeklySlotsSchedule(ImmutableArray<WeeklyHourSlot> Slots) : MaintenanceSchedule;

/// <summary>The hour from <see cref="Hour"/>:00 to <see cref="Hour"/>+1:00 UTC on <see cref="Day"/>.</summary>
public readonly record struct WeeklyHourSlot(DayOfWeek Day, int Hour);

public enum MaintenanceWeekIndex
{
    First,
    Second,
    Third,
    Fourth,
    Last,
}
