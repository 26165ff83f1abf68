using System.Globalization;

namespace AksUpgradeDashboard.Model.Compliance;

/// <summary>How bad a risk on the report's first page is.</summary>
public enum RiskLevel
{
    /// <summary>A date has passed with pools still on the OS.</summary>
    Overdue,

    /// <summary>A date ahead with pools nobody has planned to move.</summary>
    NotPlanned,

    /// <summary>A part of the fleet well below the policy.</summary>
    Laggard,
}

public sealed record Risk(RiskLevel Level, string Text);

/// <summary>
/// The few risks a manager reads first: overdue OS dates, then the nearest dates with unplanned pools (one line per OS
/// each), then the worst subscription; each one sentence, most urgent first.
/// </summary>
public static class TopRisks
{
    public static IReadOnlyList<Risk> Build(ComplianceScorecard scorecard, IReadOnlyList<OsDeadline> deadlines, int max = 5)
    {
        // One line per OS: its latest passed date, and its nearest date ahead.
        var overdue = deadlines.Where(d => d.Overdue).GroupBy(d => d.Os.Id).Select(g => g.MaxBy(d => d.Date)!).OrderBy(d => d.Date).Select(d => new Risk(RiskLevel.Overdue, Invariant(
            $"{Pools(d.Pools.Count)} still on {d.Os.DisplayName}, past its {Kind(d)} on {d.Date:yyyy-MM-dd}.")));
        var unplanned = deadlines.Where(d => !d.Overdue && d.CountOf(AtRiskCoverage.NotPlanned) > 0).GroupBy(d => d.Os.Id).Select(g => g.MinBy(d => d.Date)!).OrderBy(d => d.Date).Select(d => new Risk(RiskLevel.NotPlanned, Invariant(
            $"{Pools(d.CountOf(AtRiskCoverage.NotPlanned))} on {d.Os.DisplayName} with no window planned before its {Kind(d)} on {d.Date:yyyy-MM-dd}.")));
        var laggard = scorecard.BySubscription.Take(1)
            .Where(g => g.Counts.Percent < scorecard.Overall.Percent)
            .Select(g => new Risk(RiskLevel.Laggard, Invariant(
                $"Subscription {g.Label} is the furthest behind: {g.Counts.PercentText} compliant, {Pools(g.Counts.Pools - g.Counts.Compliant)} not.")));
        return [.. overdue.Concat(unplanned).Take(max - 1).Concat(laggard).Take(max)];
    }

    private static string Kind(OsDeadline d) => d.Kind == OsDeadlineKind.EndOfSupport ? "end of support" : "image removal";

    private static string Pools(int count) => count == 1 ? "1 pool" : Invariant($"{count:N0} pools");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
