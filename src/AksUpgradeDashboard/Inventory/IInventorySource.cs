using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Inventory;

/// <summary>Where the fleet comes from: the embedded sample, or Azure Resource Manager.</summary>
public interface IInventorySource
{
    /// <summary>Shown in the UI and in <c>/api/v1/inventory</c> <c>source</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Reads the whole fleet. Failures of one subscription are reported inside the snapshot
    /// (<see cref="SubscriptionInfo.Error"/>); an exception means nothing could be read at all.
    /// </summary>
    Task<InventorySnapshot> LoadAsync(IProgress<InventoryLoadProgress>? progress, CancellationToken cancellationToken);
}
