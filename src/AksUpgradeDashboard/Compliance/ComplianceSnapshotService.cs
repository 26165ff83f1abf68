using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Inventory;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Compliance;

/// <summary>
/// Takes the daily compliance snapshot: after the first inventory load, after every refresh (so a manual refresh on a
/// day without one takes it), and hourly so a day is not missed when no refresh happens; drops days past retention.
/// </summary>
public sealed partial class ComplianceSnapshotService(
    InventoryStore store, IServiceScopeFactory scopeFactory, IOptions<ComplianceOptions> options, TimeProvider time,
    ILogger<ComplianceSnapshotService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _taking = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = store.Subscribe(() => EnsureTodayAsync(stoppingToken));
        try
        {
            await store.WhenFirstLoadCompleted.WaitAsync(stoppingToken);
            await EnsureTodayAsync(stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await EnsureTodayAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Takes today's snapshot if it is missing and purges old ones; safe to call any number of times.</summary>
    public async Task EnsureTodayAsync(CancellationToken cancellationToken)
    {
        if (store.Current is not { } fleet)
        {
            return;
        }

        await _taking.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var policy = await scope.ServiceProvider.GetRequiredService<CompliancePolicyService>().GetAsync(cancellationToken);
            var history = scope.ServiceProvider.GetRequiredService<ComplianceHistory>();
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
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed snapshot must not stop the service: the next refresh or the next hour tries again.
            LogFailed(logger, ex);
        }
        finally
        {
            _taking.Release();
        }
    }

    public override void Dispose()
    {
        _taking.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Took today's compliance snapshot of {Pools} node pools")]
    private static partial void LogTaken(ILogger logger, int pools);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} compliance snapshots older than {RetentionDays} days")]
    private static partial void LogPurged(ILogger logger, int count, int retentionDays);

    [LoggerMessage(Level = LogLevel.Error, Message = "Taking the daily compliance snapshot failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
