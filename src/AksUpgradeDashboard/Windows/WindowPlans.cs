using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Windows;

/// <summary>Between a stored window and the rules' terms: the request it was saved from, and its plan on the current inventory.</summary>
public static class WindowPlans
{
    public static UpgradeWindowRequest ToRequest(UpgradeWindowEntity w) => new(
        w.Title, w.SubscriptionId, w.ResourceGroup, w.ClusterName, w.AllPools ? [] : w.NodePools, w.Kind.ToString(), w.Target,
        w.Start, w.End, w.TimeZone, w.Notes, w.BlackoutJustification, w.ApplyRecommendedSettings);

    /// <summary>The window as a plan on the current inventory, or why not (its cluster or one of its pools is gone).</summary>
    public static (UpgradePlan? Plan, string? Missing) ToPlan(UpgradeWindowEntity w, FleetState fleet)
    {
        if (fleet.FindCluster(w.SubscriptionId, w.ResourceGroup, w.ClusterName) is not { } cluster)
        {
            return (null, $"Cluster '{w.ClusterName}' (resource group '{w.ResourceGroup}', subscription {w.SubscriptionId}) is not in the current inventory.");
        }

        List<NodePoolInfo> pools = [];
        if (w.AllPools)
        {
            pools.AddRange(cluster.Pools.Select(p => p.Pool));
        }
        else
        {
            foreach (var name in w.NodePools)
            {
                if (cluster.Pools.FirstOrDefault(p => string.Equals(p.Pool.Name, name, StringComparison.OrdinalIgnoreCase)) is not { } pool)
                {
                    return (null, $"Node pool '{name}' of cluster '{w.ClusterName}' is not in the current inventory.");
                }

                pools.Add(pool.Pool);
            }
        }

        return (new UpgradePlan(w.Title, cluster.Cluster, pools, w.AllPools, w.Kind, w.Target, w.Start, w.End, w.TimeZone, w.Notes), null);
    }

    /// <summary>Copies a checked plan (and the request's justification) onto the stored window.</summary>
    public static void Apply(UpgradeWindowEntity window, UpgradePlan plan, UpgradeWindowRequest request)
    {
        window.Title = plan.Title;
        window.SubscriptionId = plan.Cluster.SubscriptionId;
        window.ResourceGroup = plan.Cluster.ResourceGroup;
        window.ClusterName = plan.Cluster.Name;
        window.ClusterId = plan.Cluster.Id;
        window.AllPools = plan.AllPools;
        window.NodePools = plan.AllPools ? [] : [.. plan.Pools.Select(p => p.Name)];
        window.Kind = plan.Kind;
        window.Target = plan.Target;
        window.StartUtc = plan.StartUtc.UtcDateTime;
        window.EndUtc = plan.EndUtc.UtcDateTime;
        window.TimeZone = plan.TimeZone;
        window.Notes = plan.Notes;
        window.BlackoutJustification = string.IsNullOrWhiteSpace(request.BlackoutJustification) ? null : request.BlackoutJustification.Trim();
        window.ApplyRecommendedSettings = request.ApplyRecommendedSettings;
    }
}
