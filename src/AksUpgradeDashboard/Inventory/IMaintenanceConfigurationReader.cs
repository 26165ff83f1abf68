using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Inventory;

/// <summary>
/// Reads a cluster's planned maintenance configurations on demand. Kept out of the refresh so that requests per
/// refresh do not grow with the number of clusters; the cluster page asks for the one it shows.
/// </summary>
public interface IMaintenanceConfigurationReader
{
    Task<MaintenanceConfigurationsResult> GetAsync(ClusterInfo cluster, CancellationToken cancellationToken);
}
