using AksUpgradeDashboard.Catalog;

namespace AksUpgradeDashboard.Model.Windows;

/// <summary>What "Plan upgrade" proposes for a set of pools of one cluster.</summary>
public sealed record UpgradeRecommendation(UpgradeKind Kind, string? Target, string Reason)
{
    /// <summary>
    /// The most urgent thing first: a pool on a retiring or unsupported OS with a successor moves OS (in place for
    /// Linux, a new pool for Windows); otherwise pools behind the latest image get a node image upgrade.
    /// </summary>
    public static UpgradeRecommendation For(IReadOnlyList<PoolViewModel> pools)
    {
        var moving = pools
            .Where(p => p.Status is PoolStatus.Unsupported or PoolStatus.Retiring && p.Assessment.MajorUpgradeAvailable && p.Assessment.UpgradeBlockedReason is null)
            .OrderByDescending(p => p.Status)
            .FirstOrDefault();
        if (moving is { Assessment: { UpgradeTargetOsSku: { } target, UpgradePath: { } path } assessment })
        {
            var kind = path == UpgradePath.NewNodePool ? UpgradeKind.NewNodePool : UpgradeKind.OsSkuChange;
            return new UpgradeRecommendation(kind, target,
                $"{assessment.Os?.DisplayName} is {moving.Status.ToString().ToLowerInvariant()}: move to {assessment.NextOs?.DisplayName} ({(kind == UpgradeKind.NewNodePool ? "new node pool" : "in place")}).");
        }

        var behind = pools.Count(p => p.Status == PoolStatus.Behind);
        return new UpgradeRecommendation(UpgradeKind.NodeImage, null, behind > 0
            ? $"{behind} pool{(behind == 1 ? " is" : "s are")} behind the latest node image."
            : "Keep the pools on the latest node image.");
    }
}
