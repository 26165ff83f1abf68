namespace AksUpgradeDashboard.Model.Windows;

/// <summary>What a planned upgrade window does to its pools.</summary>
public enum UpgradeKind
{
    /// <summary>Move to the latest node image of the same OS version (<c>az aks nodepool upgrade --node-image-only</c>).</summary>
    NodeImage,

    /// <summary>Change the osSKU in place (Linux only), e.g. AzureLinux → AzureLinux3, Ubuntu → Ubuntu2404.</summary>
    OsSkuChange,

    /// <summary>Upgrade Kubernetes (which also brings the latest node image, and for default SKUs maybe a new OS).</summary>
    KubernetesVersion,

    /// <summary>Blue/green: add a pool on the target osSKU, move workloads, remove the old pool (e.g. Windows 2019 → 2022).</summary>
    NewNodePool,
}

/// <summary>
/// A window that has passed validation: which pools of which cluster get what, and when. Times are stored in UTC with
/// the IANA time zone the planner chose, so they can be shown in the planner's zone and the viewer's.
/// </summary>
public sealed record UpgradePlan(
    string Title,
    ClusterInfo Cluster,
    IReadOnlyList<NodePoolInfo> Pools,
    bool AllPools,
    UpgradeKind Kind,
    string? Target,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string TimeZone,
    string? Notes)
{
    public TimeSpan Length => EndUtc - StartUtc;
}
