using System.Collections.Immutable;
using System.Text.Json;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Azure.Sample;

/// <summary>Maintenance configurations of the sample fleet (<c>maintenanceConfigurations</c> in sample-fleet.json, ARM list bodies by cluster id).</summary>
public sealed class SampleMaintenanceConfigurationReader : IMaintenanceConfigurationReader
{
    public Task<MaintenanceConfigurationsResult> GetAsync(ClusterInfo cluster, CancellationToken cancellationToken)
    {
        var root = SampleInventorySource.Document.RootElement;
        if (root.TryGetProperty("maintenanceConfigurations", out var byCluster) && byCluster.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in byCluster.EnumerateObject())
            {
                if (string.Equals(entry.Name, cluster.Id, StringComparison.OrdinalIgnoreCase))
                {
                    return Task.FromResult(new MaintenanceConfigurationsResult(
                        [.. ArmInventoryMapper.PageItems(entry.Value).Select(MaintenanceConfigurationMapper.Map).OfType<MaintenanceConfigurationInfo>()]));
                }
            }
        }

        return Task.FromResult(new MaintenanceConfigurationsResult(ImmutableArray<MaintenanceConfigurationInfo>.Empty));
    }
}
