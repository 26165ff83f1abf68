namespace AksUpgradeDashboard.Model.Rollouts;

/// <summary>A window of a rollout as the burn-down counts it: its pools, its planned end, and when it was verified (or null).</summary>
public sealed record BurnDownWindow(int Pools, DateTimeOffset PlannedEnd, DateTimeOffset? VerifiedAt);

/// <summary>Pools still to move at the end of one UTC day: as planned, and as it went (null for days still to come).</summary>
public sealed record BurnDownPoint(DateOnly Day, int Planned, int? Actual);

/// <summary>
/// The rollout's burn-down (issue 18), pure: pools remaining at the end of each UTC day, planned (a window's pools are
/// done when its planned end passes) against actual (when the inventory showed the window verified). It starts the day
/// before the first planned end (or verification), with every pool to go, and ends on the latest of the last planned
/// end, the last verification and, while a window is not verified, today. A long rollout is sampled every few days (at most <see cref="MaxPoints"/> points, the last day always).
/// </summary>
public static class RolloutBurnDown
{
    public const int MaxPoints = 120;

    public static IReadOnlyList<BurnDownPoint> Of(IReadOnlyList<BurnDownWindow> windows, DateTimeOffset now)
    {
        if (windows.Count == 0)
        {
            return [];
        }

        var total = windows.Sum(w => w.Pools);
        static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
        var verified = windows.Where(w => w.VerifiedAt is not null).Select(w => w.VerifiedAt!.Value).ToList();
        var first = Day(verified.Append(windows.Min(w => w.PlannedEnd)).Min()).AddDays(-1);
        // A rollout behind its plan runs on to today: the gap between the lines is the point.
        var last = verified.Append(windows.Max(w => w.PlannedEnd)).Append(verified.Count < windows.Count ? now : DateTimeOffset.MinValue).Max();
        var days = Day(last).DayNumber - first.DayNumber + 1;
        var step = (int)Math.Ceiling(days / (double)MaxPoints);
        var today = Day(now);
        var points = new List<BurnDownPoint>();
        for (var offset = 0; offset < days; offset += step)
        {
            points.Add(Point(first.AddDays(offset)));
        }

        if (points[^1].Day != Day(last))
        {
            points.Add(Point(Day(last)));
        }

        return points;

        BurnDownPoint Point(DateOnly day) => new(
            day,
            total - windows.Where(w => Day(w.PlannedEnd) <= day).Sum(w => w.Pools),
            day > today ? null : total - windows.Where(w => w.VerifiedAt is { } at && Day(at) <= day).Sum(w => w.Pools));
    }
}
