using System.Collections.Frozen;
using System.Collections.Immutable;

namespace AksUpgradeDashboard.Model.Rollouts;

/// <summary>Which clusters a rollout wave takes, and what that is in words for the page ("clusters tagged env=dev").</summary>
public abstract record WaveRule
{
    public abstract bool Matches(ClusterInfo cluster);

    public abstract string Description { get; }
}

/// <summary>
/// Clusters by tag, by the pools grid's own tag rule (<see cref="PoolQuery.TagMatches(ClusterInfo, string, string?)"/>):
/// keys ignore case as Azure's do, and so do values. The grid's filter picks the rollout's pools, so a wave and that
/// filter never disagree about the same cluster (a wave <c>env=dev</c> takes the <c>env=Dev</c> clusters the filter
/// showed). An empty <see cref="Value"/> takes the clusters without the tag.
/// </summary>
public sealed record TagWaveRule(string Key, string Value) : WaveRule
{
    public override bool Matches(ClusterInfo cluster) => PoolQuery.TagMatches(cluster, Key, Value);

    public override string Description => Value.Length == 0 ? $"clusters with no {Key} tag" : $"clusters tagged {Key}={Value}";
}

/// <summary>Clusters of one subscription (its id, in any case).</summary>
public sealed record SubscriptionWaveRule(string SubscriptionId) : WaveRule
{
    public override bool Matches(ClusterInfo cluster) => string.Equals(cluster.SubscriptionId, SubscriptionId, StringComparison.OrdinalIgnoreCase);

    public override string Description => $"clusters in subscription {SubscriptionId}";
}

/// <summary>Clusters in one region (ARM's location name, e.g. <c>westeurope</c>, in any case, as the grid's filter).</summary>
public sealed record RegionWaveRule(string Location) : WaveRule
{
    public override bool Matches(ClusterInfo cluster) => string.Equals(cluster.Location, Location, StringComparison.OrdinalIgnoreCase);

    public override string Description => $"clusters in {Location}";
}

/// <summary>Clusters named by their ARM resource ids, compared ignoring case (ARM may spell an id in another case).</summary>
public sealed record ClusterListWaveRule : WaveRule
{
    private const int NamesShown = 3;

    // A pasted list can be long; looked up once per cluster.
    private readonly FrozenSet<string> _ids;

    public ClusterListWaveRule(IEnumerable<string> clusterIds)
    {
        ClusterIds = [.. clusterIds];
        _ids = ClusterIds.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    public ImmutableArray<string> ClusterIds { get; }

    public override bool Matches(ClusterInfo cluster) => _ids.Contains(cluster.Id);

    public override string Description
    {
        get
        {
            var names = ClusterIds.Select(id => id[(id.LastIndexOf('/') + 1)..]).ToList();
            return names.Count switch
            {
                0 => "no clusters",
                1 => $"cluster {names[0]}",
                <= NamesShown => $"clusters {string.Join(", ", names[..^1])} and {names[^1]}",
                _ => $"clusters {string.Join(", ", names.Take(NamesShown))} and {names.Count - NamesShown} more",
            };
        }
    }

    // Two rules are the same when they name the same ids in the same order (the set is only an index of them).
    public bool Equals(ClusterListWaveRule? other) => other is not null && ClusterIds.SequenceEqual(other.ClusterIds, StringComparer.OrdinalIgnoreCase);

    public override int GetHashCode() => ClusterIds.Length;
}
