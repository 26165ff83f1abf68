using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Components.Controls;

/// <summary>The Azure portal links of the configured cloud, in the subscription's tenant, for the pages that show them.</summary>
public static class PortalAddress
{
    // A hand-configured ARM endpoint has a portal this app does not know: no links then.
    public static string? Cloud(AzureOptions options) => options.ResourceManagerEndpoint is { Length: > 0 } ? "Custom" : options.Cloud;

    public static string? TenantOf(FleetState fleet, ClusterInfo cluster) =>
        fleet.Snapshot.Subscriptions.FirstOrDefault(s => string.Equals(s.SubscriptionId, cluster.SubscriptionId, StringComparison.OrdinalIgnoreCase))?.TenantId;

    public static string? Cluster(FleetState fleet, ClusterInfo cluster, AzureOptions options) =>
        PortalLinks.Resource(cluster.Id, TenantOf(fleet, cluster), Cloud(options));

    public static string? NodePool(FleetState fleet, ClusterInfo cluster, string pool, AzureOptions options) =>
        PortalLinks.NodePool(cluster.Id, pool, TenantOf(fleet, cluster), Cloud(options));
}
