using AksUpgradeDashboard.Model.Compliance;

namespace AksUpgradeDashboard.Model;

/// <summary>Columns the pools grid, API and CSV can sort by (the query-string value is the name, case-insensitive).</summary>
public enum PoolSortColumn
{
    Status,
    Subscription,
    Cluster,
    NodePool,
    Location,
    Os,
    KubernetesVersion,
    NodeImageVersion,
    ImageAge,
    EndOfSupport,
}

/// <summary>
/// A filtered, sorted view of the fleet's pools. The same query drives the pools grid, <c>/api/v1/pools</c> and the
/// CSV download, and round-trips through the URL so a link reproduces the view. Pure and cheap to apply.
/// </summary>
public sealed record PoolQuery
{
    public string? Search { get; init; }
    public IReadOnlyList<string> Subscriptions { get; init; } = [];
    public IReadOnlyList<string> Locations { get; init; } = [];
    public IReadOnlyList<string> OsVersions { get; init; } = [];
    public IReadOnlyList<PoolStatus> Statuses { get; init; } = [];

    /// <summary>Kubernetes minors (<c>1.33</c>) or exact versions (<c>1.33.2</c>); "unknown" for pools without one.</summary>
    public IReadOnlyList<string> KubernetesVersions { get; init; } = [];

    /// <summary>Where the pool's Kubernetes version stands in AKS's support window.</summary>
    public IReadOnlyList<KubernetesSupportStatus> KubernetesSupport { get; init; } = [];

    /// <summary>Cluster tags as <c>key=value</c>; <c>key=</c> means the cluster has no such tag.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<ComplianceOutcome> Compliance { get; init; } = [];

    /// <summary>The policy <see cref="Compliance"/> is judged by; not part of the URL (it is the fleet's current policy).</summary>
    public CompliancePolicy? Policy { get; init; }

    /// <summary>Only pools whose OS has a newer major version.</summary>
    public bool MajorUpgradeOnly { get; init; }

    public PoolSortColumn SortBy { get; init; } = PoolSortColumn.Status;
    public bool Descending { get; init; } = true;

    public bool HasFilters =>
        !string.IsNullOrWhiteSpace(Search) || Subscriptions.Count > 0 || Locations.Count > 0 || OsVersions.Count > 0
        || Statuses.Count > 0 || MajorUpgradeOnly || KubernetesVersions.Count > 0 || KubernetesSupport.Count > 0 || Tags.Count > 0 || Compliance.Count > 0;

    public IEnumerable<PoolViewModel> Apply(IEnumerable<PoolViewModel> pools)
    {
        var filtered = pools.Where(Matches);
        return Sort(filtered);
    }

    public bool Matches(PoolViewModel pool)
    {
        if (Statuses.Count > 0 && !Statuses.Contains(pool.Status))
        {
            return false;
        }

        if (Subscriptions.Count > 0 && !Subscriptions.Any(s =>
                s.Equals(pool.Cluster.SubscriptionId, StringComparison.OrdinalIgnoreCase)
                || s.Equals(pool.SubscriptionName, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (Locations.Count > 0 && !Locations.Contains(pool.Cluster.Location, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (OsVersions.Count > 0 && !OsVersions.Contains(pool.OsDisplayName, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (MajorUpgradeOnly && !pool.Assessment.MajorUpgradeAvailable)
        {
            return false;
        }

        if (KubernetesVersions.Count > 0 && !KubernetesVersions.Any(v => KubernetesMatches(v, pool.KubernetesVersion)))
        {
            return false;
        }

        if (KubernetesSupport.Count > 0 && !KubernetesSupport.Contains(pool.Assessment.KubernetesSupport.Status))
        {
            return false;
        }

        if (Tags.Count > 0 && !Tags.All(t => TagMatches(t, pool.Cluster)))
        {
            return false;
        }

        if (Compliance.Count > 0 && !Compliance.Contains((Policy ?? CompliancePolicy.Default).Evaluate(pool).Outcome))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(Search))
        {
            return true;
        }

        var term = Search.Trim();
        return Contains(pool.Pool.Name, term)
            || Contains(pool.Cluster.Name, term)
            || Contains(pool.Cluster.ResourceGroup, term)
            || Contains(pool.SubscriptionName, term)
            || Contains(pool.Cluster.Location, term)
            || Contains(pool.OsDisplayName, term)
            || Contains(pool.Pool.OsSku, term)
            || Contains(pool.Pool.NodeImageVersion, term)
            || Contains(pool.Pool.KubernetesVersion, term)
            || pool.Cluster.Tags.Any(t => Contains(t.Value, term) || Contains($"{t.Key}={t.Value}", term));
    }

    /// <summary>The minor a pool's Kubernetes version is grouped under (<c>1.33</c>), or "unknown".</summary>
    public static string KubernetesMinorOf(string? version) =>
        KubernetesVersion.ParseOrNull(version) is { } v ? $"{v.Major}.{v.Minor}" : UnknownKubernetes;

    public const string UnknownKubernetes = "unknown";

    private static bool KubernetesMatches(string wanted, string? version)
    {
        var minor = KubernetesMinorOf(version);
        return wanted.Equals(minor, StringComparison.OrdinalIgnoreCase)
            || (version is not null && wanted.Equals(version, StringComparison.OrdinalIgnoreCase));
    }

    private static bool TagMatches(string tag, ClusterInfo cluster)
    {
        var separator = tag.IndexOf('=', StringComparison.Ordinal);
        return TagMatches(cluster, separator < 0 ? tag : tag[..separator], separator < 0 ? null : tag[(separator + 1)..]);
    }

    /// <summary>
    /// The tag rule of the grid's <c>tag=</c> filter, for anything else that picks clusters by tag: keys and values both
    /// ignore case. A null <paramref name="value"/> means any value; an empty one, that the cluster has no such tag.
    /// </summary>
    public static bool TagMatches(ClusterInfo cluster, string key, string? value)
    {
        var has = cluster.Tags.FirstOrDefault(t => t.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
        return value switch
        {
            null => has.Key is not null,
            "" => has.Key is null,
            _ => has.Key is not null && has.Value.Equals(value, StringComparison.OrdinalIgnoreCase),
        };
    }

    private IEnumerable<PoolViewModel> Sort(IEnumerable<PoolViewModel> pools)
    {
        // Always finish on a stable key so paging never shows a row twice or skips one.
        IOrderedEnumerable<PoolViewModel> ordered = SortBy switch
        {
            PoolSortColumn.Status => Order(pools, p => StatusRank(p.Status)),
            PoolSortColumn.Subscription => Order(pools, p => p.SubscriptionName, StringComparer.OrdinalIgnoreCase),
            PoolSortColumn.Cluster => Order(pools, p => p.Cluster.Name, StringComparer.OrdinalIgnoreCase),
            PoolSortColumn.NodePool => Order(pools, p => p.Pool.Name, StringComparer.OrdinalIgnoreCase),
            PoolSortColumn.Location => Order(pools, p => p.Cluster.Location, StringComparer.OrdinalIgnoreCase),
            PoolSortColumn.Os => Order(pools, p => p.OsDisplayName, StringComparer.OrdinalIgnoreCase),
            PoolSortColumn.KubernetesVersion => OrderKnownFirst(pools, p => KubernetesVersion.ParseOrNull(p.Pool.KubernetesVersion)),
            PoolSortColumn.NodeImageVersion => Order(pools, p => p.Pool.NodeImageVersion ?? "", StringComparer.OrdinalIgnoreCase),
            PoolSortColumn.ImageAge => OrderKnownFirst(pools, p => p.Assessment.ImageAgeDays),
            PoolSortColumn.EndOfSupport => OrderKnownFirst(pools, p => p.Assessment.Os?.EndOfSupport),
            _ => Order(pools, p => StatusRank(p.Status)),
        };
        return ordered.ThenBy(p => p.Cluster.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Pool.Name, StringComparer.Ordinal);
    }

    /// <summary>Urgency: Unsupported first when descending, Current last; Unknown sits between Behind and Current.</summary>
    public static int StatusRank(PoolStatus status) => status switch
    {
        PoolStatus.Unsupported => 4,
        PoolStatus.Retiring => 3,
        PoolStatus.Behind => 2,
        PoolStatus.Unknown => 1,
        _ => 0,
    };

    private IOrderedEnumerable<PoolViewModel> Order<TKey>(IEnumerable<PoolViewModel> pools, Func<PoolViewModel, TKey> key, IComparer<TKey>? comparer = null) =>
        Descending ? pools.OrderByDescending(key, comparer) : pools.OrderBy(key, comparer);

    // Pools whose value is unknown (no image date, no announced end of support) come last whichever way the column
    // sorts: they are neither the oldest nor the newest.
    private IOrderedEnumerable<PoolViewModel> OrderKnownFirst<TKey>(IEnumerable<PoolViewModel> pools, Func<PoolViewModel, TKey?> key)
        where TKey : struct
    {
        var known = pools.OrderBy(p => key(p) is null);
        return Descending ? known.ThenByDescending(p => key(p)) : known.ThenBy(p => key(p));
    }

    private static bool Contains(string? value, string term) =>
        value is not null && value.Contains(term, StringComparison.OrdinalIgnoreCase);
}
