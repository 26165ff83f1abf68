using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Azure;

/// <summary>Maps ARM <c>maintenanceConfigurations</c> items (new <c>maintenanceWindow</c> and legacy <c>timeInWeek</c> forms).</summary>
public static class MaintenanceConfigurationMapper
{
    private static readonly string[] s_scheduleKinds = ["daily", "weekly", "absoluteMonthly", "relativeMonthly"];

    public static MaintenanceConfigurationInfo? Map(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || String(item, "name") is not { } name)
        {
            return null;
        }

        var props = Child(item, "properties");
        var window = Child(props, "maintenanceWindow");
        if (window.ValueKind == JsonValueKind.Object)
        {
            return new MaintenanceConfigurationInfo(
                name, DescribeSchedule(Child(window, "schedule")), Int(window, "durationHours"), String(window, "utcOffset") ?? "+00:00",
                Date(window, "startDate"), String(window, "startTime"), DateRanges(window, "notAllowedDates"), ParseWindow(window));
        }

        // Legacy form, still used by many "default" configurations.
        var slots = Array(props, "timeInWeek")
            .Select(t => $"{String(t, "day")} {string.Join(",", Array(t, "hourSlots").Select(h => h.ValueKind == JsonValueKind.Number && h.TryGetInt32(out var hour) ? hour.ToString("00", CultureInfo.InvariantCulture) + ":00" : "?"))}")
            .ToList();
        return new MaintenanceConfigurationInfo(
            name, slots.Count > 0 ? "Weekly slots (UTC): " + string.Join("; ", slots) : "No schedule set", null, "+00:00", null, null,
            DateRanges(props, "notAllowedTime"), ParseSlots(props));
    }

    public static string DescribeSchedule(JsonElement schedule)
    {
        if (Child(schedule, "daily") is { ValueKind: JsonValueKind.Object } daily)
        {
            return Int(daily, "intervalDays") is > 1 and var d ? $"Every {d} days" : "Daily";
        }

        if (Child(schedule, "weekly") is { ValueKind: JsonValueKind.Object } weekly)
        {
            var every = Int(weekly, "intervalWeeks") is > 1 and var w ? $"Every {w} weeks" : "Weekly";
            return $"{every} on {String(weekly, "dayOfWeek") ?? "an unspecified day"}";
        }

        if (Child(schedule, "absoluteMonthly") is { ValueKind: JsonValueKind.Object } absolute)
        {
            var every = Int(absolute, "intervalMonths") is > 1 and var m ? $"Every {m} months" : "Monthly";
            return $"{every} on day {Int(absolute, "dayOfMonth")?.ToString(CultureInfo.InvariantCulture) ?? "?"}";
        }

        if (Child(schedule, "relativeMonthly") is { ValueKind: JsonValueKind.Object } relative)
        {
            var every = Int(relative, "intervalMonths") is > 1 and var m ? $"Every {m} months" : "Monthly";
            return $"{every} on the {String(relative, "weekIndex")?.ToLowerInvariant() ?? "?"} {String(relative, "dayOfWeek") ?? "?"}";
        }

        return "Unrecognised schedule";
    }

    /// <summary>
    /// The structured form of a <c>maintenanceWindow</c>, or null when any field it needs is missing or malformed: a
    /// schedule read wrongly would give wrong warnings, so it is better left unknown.
    /// </summary>
    public static MaintenanceSchedule? ParseWindow(JsonElement window)
    {
        // The spec gives defaults for utcOffset (+00:00) and durationHours (24); startTime has none.
        var offset = Present(window, "utcOffset") ? Offset(String(window, "utcOffset")) : TimeSpan.Zero;
        var duration = Present(window, "durationHours") ? Int(window, "durationHours") : 24;
        var startDate = Present(window, "startDate") ? Date(window, "startDate") : null;
        if (offset is not { } utcOffset || duration is not (>= 1 and <= 24) || (Present(window, "startDate") && startDate is null)
            || !TimeOnly.TryParseExact(String(window, "startTime"), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var startTime)
            || NotAllowedDates(window, utcOffset) is not { } notAllowed)
        {
            return null;
        }

        var timing = new MaintenanceTiming(startDate, startTime, duration.Value, utcOffset);
        return Recurrence(Child(window, "schedule"), timing) is { } schedule ? schedule with { NotAllowed = notAllowed } : null;
    }

    /// <summary>The legacy <c>timeInWeek</c> slots and <c>notAllowedTime</c> instants, or null when missing or malformed.</summary>
    public static MaintenanceSchedule? ParseSlots(JsonElement properties)
    {
        var slots = new List<WeeklyHourSlot>();
        foreach (var entry in Array(properties, "timeInWeek"))
        {
            var hours = Array(entry, "hourSlots");
            if (Day(String(entry, "day")) is not { } day || hours.Length == 0)
            {
                return null;
            }

            foreach (var hour in hours)
            {
                if (hour.ValueKind != JsonValueKind.Number || !hour.TryGetInt32(out var h) || h is < 0 or > 23)
                {
                    return null;
                }

                slots.Add(new(day, h));
            }
        }

        var notAllowed = new List<MaintenancePeriod>();
        foreach (var range in Array(properties, "notAllowedTime"))
        {
            if (Instant(range, "start") is not { } start || Instant(range, "end") is not { } end || end < start)
            {
                return null;
            }

            notAllowed.Add(new(start, end));
        }

        return slots.Count == 0 ? null : new WeeklySlotsSchedule([.. slots]) { NotAllowed = [.. notAllowed] };
    }

    // Exactly one of the four schedule kinds is set; the others are absent or null.
    private static MaintenanceSchedule? Recurrence(JsonElement schedule, MaintenanceTiming timing)
    {
        var kinds = s_scheduleKinds
            .Where(k => Child(schedule, k).ValueKind == JsonValueKind.Object)
            .ToList();
        if (kinds.Count != 1)
        {
            return null;
        }

        var e = Child(schedule, kinds[0]);
        return kinds[0] switch
        {
            "daily" when Interval(e, "intervalDays") is { } days => new DailySchedule(timing, days),
            "weekly" when Interval(e, "intervalWeeks") is { } weeks && Day(String(e, "dayOfWeek")) is { } day => new WeeklySchedule(timing, weeks, day),
            "absoluteMonthly" when Interval(e, "intervalMonths") is { } months && Int(e, "dayOfMonth") is { } dayOfMonth and >= 1 and <= 31 =>
                new AbsoluteMonthlySchedule(timing, months, dayOfMonth),
            "relativeMonthly" when Interval(e, "intervalMonths") is { } months && WeekIndex(String(e, "weekIndex")) is { } index
                && Day(String(e, "dayOfWeek")) is { } day => new RelativeMonthlySchedule(timing, months, index, day),
            _ => null,
        };
    }

    // notAllowedDates are whole days in the window's offset, the end date included.
    private static ImmutableArray<MaintenancePeriod>? NotAllowedDates(JsonElement window, TimeSpan offset)
    {
        var periods = ImmutableArray.CreateBuilder<MaintenancePeriod>();
        foreach (var range in Array(window, "notAllowedDates"))
        {
            if (Date(range, "start") is not { } start || Date(range, "end") is not { } end || end < start || start.Year < 2 || end.Year > 9000)
            {
                return null;
            }

            periods.Add(new(new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), offset), new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), offset)));
        }

        return periods.ToImmutable();
    }

    private static int? Interval(JsonElement e, string name) => Int(e, name) is { } i and >= 1 ? i : null;

    // Names only: Enum.TryParse would also take "3" or "Monday, Friday".
    private static DayOfWeek? Day(string? value) =>
        Enum.GetValues<DayOfWeek>().Where(d => string.Equals(d.ToString(), value, StringComparison.OrdinalIgnoreCase)).Select(d => (DayOfWeek?)d).FirstOrDefault();

    private static MaintenanceWeekIndex? WeekIndex(string? value) =>
        Enum.GetValues<MaintenanceWeekIndex>().Where(i => string.Equals(i.ToString(), value, StringComparison.OrdinalIgnoreCase)).Select(i => (MaintenanceWeekIndex?)i).FirstOrDefault();

    // "+05:30" or "-08:00" (spec pattern ^(-|\+)[0-9]{2}:[0-9]{2}$), within the ±14:00 a DateTimeOffset allows.
    private static TimeSpan? Offset(string? value)
    {
        if (value is not { Length: 6 } || value[0] is not ('+' or '-') || value[3] != ':'
            || !int.TryParse(value.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(value.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || minutes > 59 || (hours * 60) + minutes > 14 * 60)
        {
            return null;
        }

        var offset = new TimeSpan(hours, minutes, 0);
        return value[0] == '-' ? -offset : offset;
    }

    private static bool Present(JsonElement e, string name) => Child(e, name).ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);

    private static DateTimeOffset? Instant(JsonElement e, string name) =>
        String(e, name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    private static ImmutableArray<DateRange> DateRanges(JsonElement e, string name) =>
    [
        .. Array(e, name)
            .Select(d => (Start: Date(d, "start"), End: Date(d, "end")))
            .Where(d => d.Start is not null && d.End is not null)
            .Select(d => new DateRange(d.Start!.Value, d.End!.Value)),
    ];

    private static JsonElement Child(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    private static JsonElement[] Array(JsonElement e, string name) =>
        Child(e, name) is { ValueKind: JsonValueKind.Array } a ? [.. a.EnumerateArray()] : [];

    private static string? String(JsonElement e, string name) =>
        Child(e, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        Child(e, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out var i) ? i : null;

    private static DateOnly? Date(JsonElement e, string name) =>
        String(e, name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
            ? DateOnly.FromDateTime(d.UtcDateTime)
            : null;
}
