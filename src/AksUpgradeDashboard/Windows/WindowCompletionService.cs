using AksUpgradeDashboard.Inventory;

namespace AksUpgradeDashboard.Windows;

/// <summary>
/// Moves windows along by themselves: an approved window becomes InProgress when it opens (checked every minute), and
/// after each inventory refresh an ended window becomes Verified or NotReached by what the inventory shows.
/// </summary>
public sealed partial class WindowCompletionService(InventoryStore store, IServiceScopeFactory scopeFactory, TimeProvider time, ILogger<WindowCompletionService> logger) : BackgroundService
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
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Starts the windows that have opened and checks the ended ones against the current inventory, now.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await _checking.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var windows = scope.ServiceProvider.GetRequiredService<UpgradeWindowService>();
            await windows.StartOpenedWindowsAsync(cancellationToken);
            if (store.Current is not { } fleet)
            {
                return;
            }

            var changed = await windows.RecordCompletionAsync(fleet, cancellationToken);
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
