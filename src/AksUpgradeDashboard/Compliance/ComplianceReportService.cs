using System.Globalization;
using AksUpgradeDashboard.Azure.Sample;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Compliance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Compliance;

/// <summary>Everything a manager's view needs, judged by one policy at one moment.</summary>
public sealed record ComplianceReport(
    CompliancePolicyState PolicyState,
    ComplianceScorecard Scorecard,
    IReadOnlyList<OsDeadline> Deadlines,
    IReadOnlyList<ComplianceDay> History,
    string? TrendNotice = null)
{
    /// <summary>The label generated history must carry, or null when every day shown was measured.</summary>
    public string? SampleNote => History.LastOrDefault(d => d.IsSample) is { } last
        ? string.Create(CultureInfo.InvariantCulture, $"Sample data: the days up to {last.Day:yyyy-MM-dd} are generated for the embedded sample fleet, to show how the trend reads; they were not measured.")
        : null;
}

/// <summary>Builds the scorecard, the at-risk list and the trend for the page, the printable report and the API alike.</summary>
public sealed class ComplianceReportService(
    CompliancePolicyService policies, ComplianceHistory history, DashboardDbContext db, OsCatalog catalog, IOptions<InventoryOptions> inventory, TimeProvider time)
{
    public const int DefaultHistoryDays = 90;

    private static readonly WindowStatus[] s_scheduled = [WindowStatus.Draft, WindowStatus.Submitted, WindowStatus.Approved, WindowStatus.InProgress, WindowStatus.Completed];

    public async Task<ComplianceReport> BuildAsync(FleetState fleet, int historyDays, CancellationToken cancellationToken)
    {
        var policy = await policies.GetAsync(cancellationToken);
        var windows = await db.Windows.AsNoTracking().Where(w => s_scheduled.Contains(w.Status)).ToListAsync(cancellationToken);
        // The API's scorecard and CSVs carry no trend: they ask for none and skip the query.
        IReadOnlyList<ComplianceDay> trend = historyDays > 0 ? await history.ListAsync(fleet.AssessedOn.AddDays(-historyDays), IsSample(fleet), cancellationToken) : [];
        return new ComplianceReport(
            policy,
            ComplianceScorecard.Build(fleet, policy.Policy),
            AtRiskProjection.Build(fleet, catalog.OsVersions.Values, [.. windows.Select(w => new PlannedWindow(w.Id, w.Title, w.SubscriptionId, w.ResourceGroup, w.ClusterName, w.AllPools, w.NodePools, w.Kind, w.End, w.Status))], fleet.AssessedOn),
            trend,
            historyDays > 0 ? TrendNotice.For(trend, time.GetUtcNow(), inventory.Value.RefreshInterval) : null);
    }

    /// <summary>Whether the fleet is the embedded sample, whose generated history may be shown.</summary>
    public static bool IsSample(FleetState fleet) => fleet.Snapshot.Source == SampleInventorySource.SourceName;
}
