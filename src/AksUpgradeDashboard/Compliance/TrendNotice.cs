using System.Globalization;

namespace AksUpgradeDashboard.Compliance;

/// <summary>
/// What the trend chart says while it has fewer than two points: when the first was taken and when the line appears.
/// A snapshot is taken with the first inventory read of each UTC day (reads come every <c>Inventory:RefreshInterval</c>),
/// with an hourly check as a fallback, so a day's point is in by midnight UTC plus the shorter of the two.
/// </summary>
public static class TrendNotice
{
    private static readonly TimeSpan s_fallback = TimeSpan.FromHours(1);

    /// <summary>The sentence to show instead of the chart, or null when the history has two days or more.</summary>
    public static string? For(IReadOnlyList<ComplianceDay> history, DateTimeOffset now, TimeSpan refreshInterval)
    {
        var latest = refreshInterval < s_fallback ? refreshInterval : s_fallback;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (history.Count == 0)
        {
            return Invariant($"No daily snapshot yet: the first is taken with the next inventory read, within {Minutes(latest)}.");
        }

        if (history.Count > 1)
        {
            return null;
        }

        var first = history[0];
        if (first.Day < today)
        {
            return Invariant($"The first point was taken on {first.Day:yyyy-MM-dd} at {first.TakenAt.UtcDateTime:HH:mm} UTC ({first.Counts.PercentText} compliant); the trend line appears with today's snapshot, taken with the next inventory read, within {Minutes(latest)}.");
        }

        var tomorrow = today.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) + latest;
        return Invariant($"The first point was taken today at {first.TakenAt.UtcDateTime:HH:mm} UTC ({first.Counts.PercentText} compliant); the trend line appears after tomorrow's snapshot, taken with the first inventory read after midnight UTC, by {tomorrow:yyyy-MM-dd HH:mm} UTC.");
    }

    /// <summary>The trend in one sentence, for a chart's accessible name: from the first day to the last, sample marked.</summary>
    public static string Summary(IReadOnlyList<ComplianceDay> history) => history.Count == 0
        ? "No history yet"
        : (history.Any(d => d.IsSample) ? "Sample data. " : "") + Invariant(
            $"Compliance from {history[0].Day:yyyy-MM-dd} ({history[0].Counts.PercentText}) to {history[^1].Day:yyyy-MM-dd} ({history[^1].Counts.PercentText})");

    private static string Minutes(TimeSpan span) => Invariant($"{(int)span.TotalMinutes} minutes");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
