using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Components.Controls;

/// <summary>Links into the pools grid with filters, built through the same query-string code the grid reads.</summary>
public static class PoolLinks
{
    public const string Page = "/pools";

    public static string WithStatus(PoolStatus status) => To(new PoolQuery { Statuses = [status] });

    public static string WithOs(string osDisplayName) => To(new PoolQuery { OsVersions = [osDisplayName] });

    public static string MajorUpgrade(string osDisplayName) => To(new PoolQuery { OsVersions = [osDisplayName], MajorUpgradeOnly = true });

    public static string WithKubernetesSupport(KubernetesSupportStatus status) => To(new PoolQuery { KubernetesSupport = [status] });

    public static string OldestFirst => To(new PoolQuery { SortBy = PoolSortColumn.ImageAge, Descending = true });

    public static string To(PoolQuery query) => Page + PoolQueryString.Format(query);

    /// <summary>The rollout planner for the pools <paramref name="query"/> picks.</summary>
    public static string Rollout(PoolQuery query) => "/rollouts/new" + PoolQueryString.Format(query);

    /// <summary>The rollout planner for every pool on an OS, moving them the catalog's way.</summary>
    public static string MoveEveryPool(string osDisplayName, Model.Windows.UpgradeKind kind, string target) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Rollout(new PoolQuery { OsVersions = [osDisplayName] }),
            new Dictionary<string, string?> { ["kind"] = kind.ToString(), ["target"] = target });

    public static string Csv(PoolQuery query) => "/api/v1/pools.csv" + PoolQueryString.Format(query);
}

public static class ClusterLinks
{
    public static string Detail(ClusterInfo cluster) =>
        $"/clusters/{Uri.EscapeDataString(cluster.SubscriptionId)}/{Uri.EscapeDataString(cluster.ResourceGroup)}/{Uri.EscapeDataString(cluster.Name)}";
}

public static class PlanLinks
{
    /// <summary>The planning form with the scope filled in; kind and target are recommended there.</summary>
    public static string For(ClusterInfo cluster, params string[] pools) =>
        "/windows/new" + QueryString.Create(new Dictionary<string, string?>
        {
            ["subscription"] = cluster.SubscriptionId,
            ["resourceGroup"] = cluster.ResourceGroup,
            ["cluster"] = cluster.Name,
            ["pools"] = pools.Length == 0 ? null : string.Join(",", pools),
        }.Where(kv => kv.Value is not null)).ToUriComponent();
}
