using AksUpgradeDashboard.Configuration;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Inventory;

/// <summary>Loads the inventory at start-up and then on <c>Inventory:RefreshInterval</c>.</summary>
public sealed class InventoryRefreshService(
    InventoryStore store,
    IOptions<InventoryOptions> options,
    TimeProvider timeProvider) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await store.RefreshAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await store.RefreshAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
