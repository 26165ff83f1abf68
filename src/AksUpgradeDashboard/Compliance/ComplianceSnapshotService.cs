using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Compliance;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Compliance;

/// <summary>
/// Takes the daily compliance snapshot: after the first inventory load, after every refresh (so a manual refresh on a
/// day without one takes it), and hourly so a day is not missed when no refresh happens; drops days past retention.
/// Of several replicas only the one reading the inventory (the lease holder) does this; the day's key in the database
/// keeps it to one snapshot even if two replicas briefly both think they hold the lease.
/// </summary>
public sealed partial class ComplianceSnapshotService(
    InventoryStore store, InventoryRefreshService refresher, IServiceScopeFactory scopeFactory, IOptions<ComplianceOptions> options,
    TimeProvider time, ILogger<ComplianceSnapshotService> logger) : InventoryFollowingService(store, time, TimeSpan.FromHours(1), logger)
{
    /// <summary>Takes today's snapshot if it is missing and purges old ones; safe to call any number of times.</summary>
    public Task EnsureTodayAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (Store.Current is not { } fleet || !refresher.IsLeader)
        {
            return;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var policy = await scope.ServiceProvider.GetRequiredService<CompliancePolicyService>().GetAsync(cancellationToken);
        var history = scope.ServiceProvider.GetRequiredService<ComplianceHistory>();
        await SampleHistoryAsync(history, fleet, policy.Policy, cancellationToken);
        if (await history.TakeSnapshotAsync(fleet, policy.Policy, cancellationToken))
        {
            LogTaken(logger, fleet.Pools.Length);
        }

        var purged = await history.PurgeAsync(options.Value.HistoryRetentionDays, cancellationToken);
        if (purged > 0)
        {
            LogPurged(logger, purged, options.Value.HistoryRetentionDays);
        }
    }

    // The sample fleet starts with generated history, so its trend shows on the first day; a real fleet never sees it.
    private async Task SampleHistoryAsync(ComplianceHistory history, FleetState fleet, CompliancePolicy policy, CancellationToken cancellationToken)
    {
        if (ComplianceReportService.IsSample(fleet))
        {
            var today = fleet.AssessedOn;
            var seeded = await history.SeedSampleAsync(SampleComplianceHistory.Generate(ComplianceScorecard.Build(fleet, policy).Overall, today), policy, cancellationToken);
            if (seeded > 0)
            {
                LogSampleSeeded(logger, seeded);
            }
        }
        else if (await history.DropSampleAsync(cancellationToken) is > 0 and var dropped)
        {
            LogSampleDropped(logger, dropped);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {Days} days of generated sample compliance history for the sample fleet")]
    private static partial void LogSampleSeeded(ILogger logger, int days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Days} days of generated sample compliance history: a real fleet is read")]
    private static partial void LogSampleDropped(ILogger logger, int days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took today's compliance snapshot of {Pools} node pools")]
    private static partial void LogTaken(ILogger logger, int pools);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} compliance snapshots older than {RetentionDays} days")]
    private static partial void LogPurged(ILogger logger, int count, int retentionDays);
}
