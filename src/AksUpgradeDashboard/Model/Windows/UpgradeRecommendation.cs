using System.Collections.Immutable;
using AksUpgradeDashboard.Catalog;

namespace AksUpgradeDashboard.Model.Windows;

/// <summary>
/// What "Plan upgrade" proposes for a set of pools of one cluster. <see cref="Pools"/> are those of the set the change
/// is for (the others already have it or cannot take it), so a plan of exactly those passes the rules.
/// </summary>
public sealed record UpgradeRecommendation(UpgradeKind Kind, string? Target, string Reason)
{
    public ImmutableArray<string> Pools { get; init; } = [];

    /// <summary>
    /// The most urgent thing first, in the order of <see cref="PoolNextStep"/>: a pool on a retiring or unsupported OS
    /// with a successor moves OS (in place for Linux, a new pool for Windows); then a Kubernetes version out of support
    /// goes up one minor (the lowest AKS offers it); otherwise pools behind the latest image get a node image upgrade.
    /// </summary>
    public static UpgradeRecommendation For(IReadOnlyList<PoolViewModel> pools)
    {
        var moving = pools
            .Where(p => p.Status is PoolStatus.Unsupported or PoolStatus.Retiring && p.Assessment.MajorUpgradeAvailable && p.Assessment.UpgradeBlockedReason is null)
            .OrderByDescending(p => p.Status)
            .FirstOrDefault();
        if (moving is { Assessment: { UpgradeTargetOsSku: { } target, UpgradePath: { } path } assessment })
        {
            var kind = KindFor(path);
            var moves = pools.Where(p => p.Assessment is { MajorUpgradeAvailable: true, UpgradeBlockedReason: null } a
                && a.UpgradePath == path && string.Equals(a.UpgradeTargetOsSku, target, StringComparison.OrdinalIgnoreCase));
            return new UpgradeRecommendation(kind, target,
                $"{assessment.Os?.DisplayName} is {moving.Status.ToString().ToLowerInvariant()}: move to {assessment.NextOs?.DisplayName} ({(kind == UpgradeKind.NewNodePool ? "new node pool" : "in place")}).")
            {
                Pools = Names(moves),
            };
        }

        // A patch of the same minor does not bring a version back into support: the next minor up does.
        var outdated = pools.Where(p => p.Assessment.KubernetesSupport is { Status: KubernetesSupportStatus.OutOfSupport, Upgrades.IsDefaultOrEmpty: false }).ToList();
        var current = outdated.Select(p => KubernetesVersion.ParseOrNull(p.KubernetesVersion)).OfType<KubernetesVersion>().DefaultIfEmpty().Max();
        var nextMinors = outdated.SelectMany(p => p.Assessment.KubernetesSupport.Upgrades).Select(KubernetesVersion.ParseOrNull).OfType<KubernetesVersion>()
            .Where(v => (v.Major, v.Minor).CompareTo((current.Major, current.Minor)) > 0)
            .ToList();
        if (nextMinors.Count > 0 && nextMinors.Min() is var lowest)
        {
            var minor = $"{lowest.Major}.{lowest.Minor}";
            return new UpgradeRecommendation(UpgradeKind.KubernetesVersion, minor,
                $"Kubernetes {outdated[0].KubernetesVersion} is out of support: upgrade to {minor} (one minor at a time).")
            {
                Pools = Names(outdated),
            };
        }

        var behind = pools.Where(p => p.Status == PoolStatus.Behind).ToList();
        return new UpgradeRecommendation(UpgradeKind.NodeImage, null, behind.Count > 0
            ? $"{behind.Count} pool{(behind.Count == 1 ? " is" : "s are")} behind the latest node image."
            : "Keep the pools on the latest node image.")
        {
            Pools = Names(behind),
        };
    }

    /// <summary>The kind of window that makes an OS move the catalog's way: a new pool, or an osSKU change in place.</summary>
    public static UpgradeKind KindFor(UpgradePath path) => path == UpgradePath.NewNodePool ? UpgradeKind.NewNodePool : UpgradeKind.OsSkuChange;

    private static ImmutableArray<string> Names(IEnumerable<PoolViewModel> pools) => [.. pools.Select(p => p.Pool.Name).Order(StringComparer.Ordinal)];
}
