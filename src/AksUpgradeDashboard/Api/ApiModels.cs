using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Api;

// The JSON API's shapes (camelCase on the wire). Kept apart from the view models so the contract only changes on purpose.

public sealed record ApiError(string Code, string Message);

public sealed record SubscriptionResponse(string SubscriptionId, string DisplayName, string? State, int ClusterCount, int NodePoolCount, ApiError? Error)
{
    public static SubscriptionResponse From(SubscriptionViewModel s) => new(
        s.Subscription.SubscriptionId, s.Subscription.DisplayName, s.Subscription.State, s.ClusterCount, s.PoolCount,
        s.Subscription.Error is { } e ? new ApiError(e.Code, e.Message) : null);
}

public sealed record ClusterResponse(
    string Id,
    string SubscriptionId,
    string SubscriptionName,
    string ResourceGroup,
    string Name,
    string Location,
    string? KubernetesVersion,
    KubernetesSupportStatus KubernetesVersionStatus,
    string KubernetesVersionStatusReason,
    IReadOnlyList<string> KubernetesUpgrades,
    string? UpgradeChannel,
    string? NodeOsUpgradeChannel,
    string? PowerState,
    string? SupportPlan,
    IReadOnlyDictionary<string, string> Tags,
    int NodePoolCount,
    PoolStatus WorstStatus,
    IReadOnlyDictionary<string, int> StatusCounts,
    IReadOnlyList<string> Notes)
{
    public static ClusterResponse From(ClusterViewModel c) => new(
        c.Cluster.Id, c.Cluster.SubscriptionId, c.SubscriptionName, c.Cluster.ResourceGroup, c.Cluster.Name, c.Cluster.Location,
        c.Cluster.CurrentKubernetesVersion ?? c.Cluster.KubernetesVersion,
        c.KubernetesSupport.Status, c.KubernetesSupport.Reason, c.KubernetesSupport.Upgrades,
        c.Cluster.UpgradeChannel, c.Cluster.NodeOsUpgradeChannel,
        c.Cluster.PowerState, c.Cluster.SupportPlan, c.Cluster.Tags, c.Pools.Length, c.WorstStatus,
        Enum.GetValues<PoolStatus>().ToDictionary(s => s.ToString(), c.CountOf), c.Notes);
}

/// <summary>One node pool: a row of <c>/api/v1/pools</c> and of <c>pools.csv</c> (same columns, same order).</summary>
public sealed record PoolResponse(
    string SubscriptionId,
    string SubscriptionName,
    string ResourceGroup,
    string Cluster,
    string Location,
    string NodePool,
    string? Mode,
    string? OsType,
    string? OsSku,
    string? OsName,
    string? OsVersion,
    string? KubernetesVersion,
    KubernetesSupportStatus KubernetesVersionStatus,
    IReadOnlyList<string> KubernetesUpgrades,
    string? NodeImageVersion,
    string? LatestNodeImageVersion,
    int? ImageAgeDays,
    int? DaysBehindLatest,
    int? VersionsBehind,
    PoolStatus Status,
    string StatusReason,
    string NextStep,
    bool MajorUpgradeAvailable,
    string? NextOsVersion,
    string? UpgradePath,
    string? UpgradeTargetOsSku,
    DateOnly? EndOfSupport,
    DateOnly? ImagesRemoved,
    int? NodeCount,
    string? VmSize,
    IReadOnlyList<string> Notes,
    string Id)
{
    public static PoolResponse From(PoolViewModel p)
    {
        var a = p.Assessment;
        return new PoolResponse(
            p.Cluster.SubscriptionId, p.SubscriptionName, p.Cluster.ResourceGroup, p.Cluster.Name, p.Cluster.Location, p.Pool.Name,
            p.Pool.Mode, p.Pool.OsType, p.Pool.OsSku, a.Os?.OsName, a.Os?.Version, p.Pool.KubernetesVersion,
            a.KubernetesSupport.Status, a.KubernetesSupport.Upgrades,
            p.Pool.NodeImageVersion, a.LatestNodeImageVersion, a.ImageAgeDays, a.DaysBehindLatest, a.VersionsBehind,
            a.Status, a.StatusReason, p.NextStep, a.MajorUpgradeAvailable, a.NextOs?.DisplayName, a.UpgradePath?.ToString(), a.UpgradeTargetOsSku,
            a.Os?.EndOfSupport, a.Os?.ImagesRemoved, p.Pool.Count, p.Pool.VmSize, a.Notes, p.Id);
    }
}

public sealed record InventoryResponse(
    string Source,
    DateTimeOffset? RefreshedAt,
    bool Refreshing,
    string? RefreshError,
    IReadOnlyList<SubscriptionResponse> Subscriptions,
    IReadOnlyList<ClusterResponse> Clusters,
    IReadOnlyList<PoolResponse> Pools,
    IReadOnlyList<InventoryErrorResponse> Errors);

public sealed record InventoryErrorResponse(string Code, string Message, string? SubscriptionId);

public sealed record RefreshResponse(bool Refreshing, DateTimeOffset? LastRefreshedAt);
