using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using Microsoft.AspNetCore.Components;

namespace AksUpgradeDashboard.Components;

/// <summary>
/// Base for components that show the fleet: subscribes to the <see cref="InventoryStore"/> for the component's
/// lifetime and re-renders on the renderer's thread when a refresh starts or ends.
/// </summary>
public abstract class FleetComponentBase : ComponentBase, IDisposable
{
    private IDisposable? _subscription;

    [Inject]
    public required InventoryStore Store { get; init; }

    /// <summary>The fleet as of the last good refresh; null while the first load runs.</summary>
    protected FleetState? Fleet => Store.Current;

    protected override void OnInitialized()
    {
        _subscription = Store.Subscribe(() => InvokeAsync(async () =>
        {
            await OnFleetChangedAsync();
            StateHasChanged();
        }));
    }

    /// <summary>Called on the renderer's thread after the store changes, before re-rendering.</summary>
    protected virtual Task OnFleetChangedAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _subscription?.Dispose();
            _subscription = null;
        }
    }
}
