using AksUpgradeDashboard.Inventory;

namespace AksUpgradeDashboard.Windows;

/// <summary>
/// Moves windows along by themselves: an approved window becomes InProgress when it opens (checked every minute), and
/// after each inventory refresh an ended window becomes Verified or NotReached by what the inventory shows.
/// </summary>
public sealed partial class WindowCompletionService(InventoryStore store, IServiceScopeFactory scopeFactory, TimeProvider time, ILogger<WindowCompletionService> logger)
    : InventoryFollowingService(store, time, TimeSpan.FromMinutes(1), logger)
{
    /// <summary>Starts the windows that have opened and checks the ended ones against the current inventory, now.</summary>
    public Task CheckAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var windows = scope.ServiceProvider.GetRequiredService<WindowTransitionService>();
        await windows.StartOpenedWindowsAsync(cancellationToken);
        if (Store.Current is not { } fleet)
        {
            return;
        }

        var changed = await windows.RecordCompletionAsync(fleet, cancellationToken);
        if (changed > 0)
        {
            LogRecorded(logger, changed, fleet.Snapshot.RefreshedAt);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded the outcome of {Count} ended upgrade windows from the inventory read at {RefreshedAt:u}")]
    private static partial void LogRecorded(ILogger logger, int count, DateTimeOffset refreshedAt);
}
