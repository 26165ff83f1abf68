using System.Collections.Frozen;
using System.Collections.Immutable;

namespace AksUpgradeDashboard.Model;

/// <summary>One pool with its cluster and assessment: a row of the pools grid and of <c>/api/v1/pools</c>.</summary>
public sealed record PoolViewModel(ClusterInfo Cluster, NodePoolInfo Pool, PoolAssessment Assessment, string SubscriptionName)
{
    /// <summary>The agent pool's ARM resource id; unique across the fleet.</summary>
    public string Id => $"{Cluster.Id}/agentPools/{Pool.Name}";

    public PoolStatus Status => Assessment.Status;

    public string OsDisplayName => Assessment.Os?.DisplayName ?? Pool.OsSku ?? Pool.OsType ?? "Unknown";

    // Flat members for grid columns (server-side sorting keys on these names; see PoolGridSort).
    public string ClusterName => Cluster.Name;

    public string NodePoolName => Pool.Name;

    public string Location => Cluster.Location;

    public string? KubernetesVersion => Pool.KubernetesVersion;

    public string? NodeImageVersion => Pool.NodeImageVersion;

    public int? ImageAgeDays => Assessment.ImageAgeDays;

    public DateOnly? EndOfSupport => Assessment.Os?.EndOfSupport;

    /// <summary>Worked out once: grids sort and filter on it many times per render.</summary>
    public string NextStep { get; } = PoolNextStep.Of(Assessment);
}

public sealed record ClusterViewModel(ClusterInfo Cluster, string SubscriptionName, ImmutableArray<PoolViewModel> Pools)
{
    /// <summary>Where the control plane's Kubernetes version stands in AKS's support window.</summary>
    public KubernetesSupport KubernetesSupport { get; init; } = KubernetesSupport.Unknown("Kubernetes support was not assessed.");

    public bool IsStopped => FleetNotes.IsStopped(Cluster.PowerState);

    /// <summary>Things to know about the cluster that no status shows.</summary>
    public ImmutableArray<string> Notes => IsStopped ? [FleetNotes.ClusterStopped] : [];

    /// <summary>The most urgent status among the pools (Unknown counts only when nothing worse is known).</summary>
    public PoolStatus WorstStatus { get; } =
        Pools.IsDefaultOrEmpty
            ? PoolStatus.Unknown
            : Pools.Select(p => p.Status).Where(s => s != PoolStatus.Unknown).DefaultIfEmpty(PoolStatus.Unknown).Max();

    public int CountOf(PoolStatus status) => Pools.Count(p => p.Status == status);

    /// <summary>Pools with a next step (<see cref="PoolNextStep"/>): behind, retiring, unsupported, Kubernetes out of support or unknown.</summary>
    public int PoolsNeedingWork { get; } = Pools.IsDefault ? 0 : Pools.Count(p => p.NextStep != PoolNextStep.None);

    /// <summary>The status as an urgency: Unknown sorts between Current and Behind, as on the pools grid.</summary>
    public static int StatusRank(PoolStatus status) => PoolQuery.StatusRank(status);
}

public sealed record SubscriptionViewModel(SubscriptionInfo Subscription, int ClusterCount, int PoolCount);

/// <summary>
/// The assessed fleet: an inventory snapshot judged on one day. Immutable; the store swaps in a new one on each
/// refresh, so readers never see a half-built state.
/// </summary>
public sealed class FleetState
{
    private readonly FrozenDictionary<string, ClusterViewModel> _clustersByKey;

    private FleetState(InventorySnapshot snapshot, DateOnly assessedOn, ImmutableArray<SubscriptionViewModel> subscriptions,
        ImmutableArray<ClusterViewModel> clusters, ImmutableArray<PoolViewModel> pools)
    {
        Snapshot = snapshot;
        AssessedOn = assessedOn;
        Subscriptions = subscriptions;
        Clusters = clusters;
        Pools = pools;
        _clustersByKey = clusters.ToFrozenDictionary(c => ClusterKey(c.Cluster.SubscriptionId, c.Cluster.ResourceGroup, c.Cluster.Name), StringComparer.OrdinalIgnoreCase);
    }

    public InventorySnapshot Snapshot { get; }

    public DateOnly AssessedOn { get; }

    public ImmutableArray<SubscriptionViewModel> Subscriptions { get; }

    public ImmutableArray<ClusterViewModel> Clusters { get; }

    public ImmutableArray<PoolViewModel> Pools { get; }

    public static FleetState Build(InventorySnapshot snapshot, PoolAssessor assessor, DateOnly today)
    {
        var latest = new LatestImageIndex(snapshot.LatestImages, snapshot.HasReleaseHistory);
        var kubernetesVersions = new KubernetesSupportIndex(snapshot.KubernetesVersions);
        return Build(snapshot, (cluster, pool) => assessor.Assess(cluster, pool, latest, today, kubernetesVersions), today, kubernetesVersions);
    }

    /// <summary>Builds the fleet with each pool's assessment from <paramref name="assess"/>.</summary>
    public static FleetState Build(InventorySnapshot snapshot, Func<ClusterInfo, NodePoolInfo, PoolAssessment> assess, DateOnly today) =>
        Build(snapshot, assess, today, new KubernetesSupportIndex(snapshot.KubernetesVersions));

    private static FleetState Build(
        InventorySnapshot snapshot, Func<ClusterInfo, NodePoolInfo, PoolAssessment> assess, DateOnly today, KubernetesSupportIndex kubernetesVersions)
    {
        var names = snapshot.Subscriptions
            .GroupBy(s => s.SubscriptionId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().DisplayName, StringComparer.OrdinalIgnoreCase);

        var clusters = snapshot.Clusters
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Id, StringComparer.OrdinalIgnoreCase)
            .Select(c =>
            {
                var subscriptionName = names.GetValueOrDefault(c.SubscriptionId) ?? c.SubscriptionId;
                var pools = c.NodePools
                    .Select(p => new PoolViewModel(c, p, assess(c, p), subscriptionName))
                    .ToImmutableArray();
                return new ClusterViewModel(c, subscriptionName, pools)
                {
                    KubernetesSupport = kubernetesVersions.Assess(c.Location, c.CurrentKubernetesVersion ?? c.KubernetesVersion, c.SupportPlan),
                };
            })
            .ToImmutableArray();

        var subscriptions = snapshot.Subscriptions
            .Select(s =>
            {
                var own = clusters.Where(c => string.Equals(c.Cluster.SubscriptionId, s.SubscriptionId, StringComparison.OrdinalIgnoreCase)).ToList();
                return new SubscriptionViewModel(s, own.Count, own.Sum(c => c.Pools.Length));
            })
            .OrderBy(s => s.Subscription.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ToImmutableArray();

        return new FleetState(snapshot, today, subscriptions, clusters, [.. clusters.SelectMany(c => c.Pools)]);
    }

    public ClusterViewModel? FindCluster(string subscriptionId, string resourceGroup, string name) =>
        _clustersByKey.GetValueOrDefault(ClusterKey(subscriptionId, resourceGroup, name));

    private static string ClusterKey(string subscriptionId, string resourceGroup, string name) => $"{subscriptionId}/{resourceGroup}/{name}";
}
