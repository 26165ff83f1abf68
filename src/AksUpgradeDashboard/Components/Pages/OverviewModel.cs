using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Components.Pages;

/// <summary>The overview's figures, computed once per render from the fleet (pure, so it is tested without rendering).</summary>
public sealed record OverviewModel(
    int SubscriptionCount,
    int ClusterCount,
    int PoolCount,
    IReadOnlyList<(PoolStatus Status, int Count)> StatusCounts,
    IReadOnlyList<OverviewModel.OsRow> OsDistribution,
    IReadOnlyList<OverviewModel.MajorUpgradeRow> MajorUpgrades,
    IReadOnlyList<PoolViewModel> OldestImages,
    IReadOnlyList<OverviewModel.KubernetesSupportRow> KubernetesSupport)
{
    public const int OldestImagesShown = 10;

    public sealed record OsRow(string OsName, int Count, double Percent, DateOnly? EndOfSupport, PoolStatus WorstStatus);

    public sealed record MajorUpgradeRow(string From, string To, UpgradePath? Path, string? TargetOsSku, int Count);

    /// <summary>Clusters (by control plane) and pools (by their own version) in one Kubernetes support status.</summary>
    public sealed record KubernetesSupportRow(KubernetesSupportStatus Status, int Clusters, int Pools);

    public static OverviewModel From(FleetState fleet)
    {
        var pools = fleet.Pools;
        var statusCounts = new[] { PoolStatus.Current, PoolStatus.Behind, PoolStatus.Retiring, PoolStatus.Unsupported, PoolStatus.Unknown }
            .Select(s => (s, pools.Count(p => p.Status == s)))
            .ToList();

        var os = pools
            .GroupBy(p => p.OsDisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(g => new OsRow(
                g.Key,
                g.Count(),
                pools.Length == 0 ? 0 : 100.0 * g.Count() / pools.Length,
                g.First().Assessment.Os?.EndOfSupport,
                g.Select(p => p.Status).Where(s => s != PoolStatus.Unknown).DefaultIfEmpty(PoolStatus.Unknown).Max()))
            .OrderByDescending(r => r.Count)
            .ThenBy(r => r.OsName, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var major = pools
            .Where(p => p.Assessment.MajorUpgradeAvailable)
            .GroupBy(p => (From: p.OsDisplayName, To: p.Assessment.NextOs!.DisplayName, p.Assessment.UpgradePath, p.Assessment.UpgradeTargetOsSku))
            .Select(g => new MajorUpgradeRow(g.Key.From, g.Key.To, g.Key.UpgradePath, g.Key.UpgradeTargetOsSku, g.Count()))
            .OrderByDescending(r => r.Count)
            .ToList();

        var oldest = pools
            .Where(p => p.Assessment.ImageAgeDays is not null)
            .OrderByDescending(p => p.Assessment.ImageAgeDays)
            .ThenBy(p => p.Cluster.Name, StringComparer.OrdinalIgnoreCase)
            .Take(OldestImagesShown)
            .ToList();

        var kubernetes = Enum.GetValues<KubernetesSupportStatus>()
            .Select(s => new KubernetesSupportRow(s, fleet.Clusters.Count(c => c.KubernetesSupport.Status == s), pools.Count(p => p.Assessment.KubernetesSupport.Status == s)))
            .Where(r => r.Clusters > 0 || r.Pools > 0)
            .ToList();

        return new OverviewModel(fleet.Subscriptions.Length, fleet.Clusters.Length, pools.Length, statusCounts, os, major, oldest, kubernetes);
    }
}
