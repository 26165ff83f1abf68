using AksUpgradeDashboard.Inventory;

namespace AksUpgradeDashboard.Windows;

/// <summary>
/// After each inventory refresh, marks ended upgrade windows Verified or NotReached by what the inventory shows, so a
/// window reports its own outcome without anyone checking by hand.
/// </summary>
public sealed partial class WindowCompletionService(InventoryStore store, IServiceScopeFactory scopeFactory, ILogger<WindowCompletionService> logger) : BackgroundService
{
    // Refreshes can finish close together; one check at a time, and the latest fleet wins.
    private readonly SemaphoreSlim _checking = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = store.Subscribe(() => CheckAsync(stoppingToken));
        try
        {
            await store.WhenFirstLoadCompleted.WaitAsync(stoppingToken);
            await CheckAsync(stoppingToken);
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Checks the ended windows against the current inventory now.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (store.Current is not { } fleet)
        {
            return;
        }

        await _checking.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var changed = await scope.ServiceProvider.GetRequiredService<UpgradeWindowService>().RecordCompletionAsync(fleet, cancellationToken);
            if (changed > 0)
            {
                LogRecorded(logger, changed, fleet.Snapshot.RefreshedAt);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed check must not stop the service: the next refresh tries again.
            LogFailed(logger, ex);
        }
        finally
        {
            _checking.Release();
        }
    }

    public override void Dispose()
    {
        _checking.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded the outcome of {Count} ended upgrade windows from the inventory read at {RefreshedAt:u}")]
    private static partial void LogRecorded(ILogger logger, int count, DateTimeOffset refreshedAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking ended upgrade windows against the inventory failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
