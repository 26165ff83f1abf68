using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Model.Rollouts;

/// <summary>
/// The one change a rollout makes, as a window takes it: <see cref="UpgradeKind.NodeImage"/> (no target),
/// <see cref="UpgradeKind.OsSkuChange"/> or <see cref="UpgradeKind.NewNodePool"/> to an osSKU, or
/// <see cref="UpgradeKind.KubernetesVersion"/> to a minor such as <c>1.35</c>.
/// </summary>
public sealed record RolloutChange(UpgradeKind Kind, string? Target);

/// <summary>
/// One wave: the clusters its <see cref="Rule"/> takes get their windows within <see cref="Duration"/> of the wave's
/// start, at most <see cref="MaxConcurrentClusters"/> of them upgrading at any instant; the next wave waits
/// <see cref="Soak"/> after this one's last window ends.
/// </summary>
public sealed record RolloutWave(string Name, WaveRule Rule, TimeSpan Duration, int MaxConcurrentClusters, TimeSpan Soak);

/// <summary>
/// What a planner asks for: the change, the waves in order, how long each window is, the zone the default 22:00 slot
/// is in, and optionally the earliest start (else now plus <see cref="WindowStartSuggestion.MinimumLeadTime"/>).
/// </summary>
public sealed record Rollout(RolloutChange Change, IReadOnlyList<RolloutWave> Waves, int WindowHours, TimeZoneInfo TimeZone, DateTimeOffset? NotBefore = null);

/// <summary>
/// The facts a proposal is made from. <see cref="Pools"/> are those the pools grid's query chose; the clusters are
/// theirs. <see cref="Maintenance"/> holds each cluster's maintenance configurations by cluster id (looked up ignoring
/// case); a cluster missing from it has no schedule, or one that could not be read.
/// </summary>
public sealed record RolloutContext(
    IReadOnlyList<PoolViewModel> Pools,
    IReadOnlyDictionary<string, IReadOnlyList<MaintenanceConfigurationInfo>> Maintenance,
    IReadOnlyList<BlackoutPeriod> Blackouts,
    IReadOnlyList<ScheduledWindow> ExistingWindows,
    OsCatalog Catalog,
    DateTimeOffset Now);
