using System.Globalization;

namespace AksUpgradeDashboard.Model.Windows;

/// <summary>Where the plan form starts a new window, how long it makes it, and why (shown under the start field).</summary>
public sealed record SuggestedStart(DateTimeOffset Start, int Hours, string Reason);

/// <summary>
/// The first sensible slot for a new window on a cluster: the next occurrence of the cluster's planned maintenance
/// schedule for the kind of change (AKS's own upgrades run there, so teams have agreed to it), else the next Saturday
/// at 22:00 in the planner's zone; in both cases the first one clear of blackouts and of the cluster's other active
/// windows. Pure: the schedule, blackouts and windows come in.
/// </summary>
public static class WindowStartSuggestion
{
    /// <summary>No earlier than this from now: a window must leave time to be approved.</summary>
    public static readonly TimeSpan MinimumLeadTime = TimeSpan.FromHours(1);

    /// <summary>How many slots are tried before giving up on a clear one (a year of weekly slots).</summary>
    public const int MaxCandidates = 53;

    public static SuggestedStart Suggest(
        UpgradeKind kind,
        ClusterInfo? cluster,
        int preferredHours,
        DateTimeOffset now,
        TimeZoneInfo zone,
        IReadOnlyList<MaintenanceConfigurationInfo>? configurations,
        IReadOnlyList<BlackoutPeriod> blackouts,
        IReadOnlyList<ScheduledWindow> otherWindows)
    {
        var earliest = now + MinimumLeadTime;
        // The rules' own checks, so a suggestion is never refused for a clash the rules see differently.
        bool Clear(DateTimeOffset start, int hours) =>
            !UpgradeWindowRules.BlackoutsHit(start, start.AddHours(hours), blackouts).Any()
            && (cluster is null || UpgradeWindowRules.Overlaps(cluster, start, start.AddHours(hours), otherWindows, editingId: null).Count == 0);

        if (UpgradeWindowRules.GoverningConfiguration(kind, configurations) is { Window: { } schedule } configuration)
        {
            var slots = MaintenanceSlots(schedule, earliest)
                .Select(slot => (slot.Start, Hours: HoursIn(slot, preferredHours)))
                .Take(MaxCandidates)
                .ToList();
            if (slots.Count > 0)
            {
                var clear = slots.FirstOrDefault(s => Clear(s.Start, s.Hours));
                return clear != default
                    ? new(clear.Start, clear.Hours, $"The next {configuration.Name} slot of the cluster that is clear of blackouts and other windows.")
                    : new(slots[0].Start, slots[0].Hours, $"The next {configuration.Name} slot of the cluster; the next {slots.Count} all clash with a blackout or another window.");
            }
        }

        var why = cluster is null
            ? "Choose a cluster to start in its planned maintenance slot; until then"
            : "The cluster has no planned maintenance schedule for this kind of change (or it could not be read), so";
        var saturdays = NightsAt22(earliest, zone, DayOfWeek.Saturday).Take(MaxCandidates).ToList();
        var free = saturdays.Cast<DateTimeOffset?>().FirstOrDefault(s => Clear(s!.Value, preferredHours));
        return free is { } start
            ? new(start, preferredHours, $"{why} the next Saturday at 22:00 clear of blackouts and other windows.")
            : new(saturdays[0], preferredHours, $"{why} the next Saturday at 22:00; every Saturday in the next year clashes with a blackout or another window.");
    }

    /// <summary>
    /// The stretches of a maintenance schedule a window can go in, in order, from <paramref name="earliest"/>: a stretch
    /// under way starts at its next whole hour, and what is left of it must hold at least an hour.
    /// </summary>
    public static IEnumerable<MaintenancePeriod> MaintenanceSlots(MaintenanceSchedule schedule, DateTimeOffset earliest) =>
        MaintenanceWindowCoverage.Upcoming(schedule, earliest)
            .Select(slot => slot with { Start = WholeHour(slot.Start) })
            .Where(slot => slot.End - slot.Start >= TimeSpan.FromHours(1));

    /// <summary>How long a window in <paramref name="slot"/> is: as long as wanted, or as long as the slot is.</summary>
    public static int HoursIn(MaintenancePeriod slot, int preferredHours) => Math.Min((int)(slot.End - slot.Start).TotalHours, preferredHours);

    /// <summary>
    /// 22:00 in the zone every night (or only on <paramref name="only"/>), from the first at or after
    /// <paramref name="from"/>. A 22:00 the clocks skip cannot happen in practice (changes are at night on Sundays), but
    /// such a day is passed over rather than guessed.
    /// </summary>
    public static IEnumerable<DateTimeOffset> NightsAt22(DateTimeOffset from, TimeZoneInfo zone, DayOfWeek? only = null)
    {
        var day = TimeZoneInfo.ConvertTime(from, zone).Date;
        day = only is { } weekday ? day.AddDays(((int)weekday - (int)day.DayOfWeek + 7) % 7) : day;
        for (var step = only is null ? 1 : 7; ; day = day.AddDays(step))
        {
            var local = day.AddHours(22);
            if (zone.IsInvalidTime(local))
            {
                continue;
            }

            var start = new DateTimeOffset(local, zone.GetUtcOffset(local));
            if (start >= from)
            {
                yield return start;
            }
        }
    }

    private static DateTimeOffset WholeHour(DateTimeOffset instant) =>
        instant.Ticks % TimeSpan.TicksPerHour == 0 ? instant : new DateTimeOffset(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerHour), instant.Offset).AddHours(1);

    /// <summary>The start as the form's local date-time text in <paramref name="zone"/>.</summary>
    public static string LocalText(DateTimeOffset start, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(start, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
