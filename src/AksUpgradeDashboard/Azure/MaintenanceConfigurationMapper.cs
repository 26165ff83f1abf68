using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Azure;

/// <summary>Maps ARM <c>maintenanceConfigurations</c> items (new <c>maintenanceWindow</c> and legacy <c>timeInWeek</c> forms).</summary>
public static class MaintenanceConfigurationMapper
{
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
                Date(window, "startDate"), String(window, "startTime"), DateRanges(window, "notAllowedDates"));
        }

        // Legacy form, still used by many "default" configurations.
        var slots = Array(props, "timeInWeek")
            .Select(t => $"{String(t, "day")} {string.Join(",", Array(t, "hourSlots").Select(h => h.ValueKind == JsonValueKind.Number ? h.GetInt32().ToString("00", CultureInfo.InvariantCulture) + ":00" : "?"))}")
            .ToList();
        return new MaintenanceConfigurationInfo(
            name, slots.Count > 0 ? "Weekly slots (UTC): " + string.Join("; ", slots) : "No schedule set", null, "+00:00", null, null,
            DateRanges(props, "notAllowedTime"));
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
