namespace AksUpgradeDashboard.Model;

/// <summary>A command a person can paste into a shell, and what it is for.</summary>
public sealed record CliCommand(string Purpose, string Text);

/// <summary>
/// Azure CLI command lines for a pool, with every value quoted for a POSIX shell where it needs it. The full, ordered
/// procedure of a planned change is the window's runbook (<see cref="Windows.RunbookGenerator"/>); these are the few
/// commands to look at a pool and take its next step.
/// </summary>
public static class AzCli
{
    public static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '%' or '/' or ':')
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static IReadOnlyList<CliCommand> ForPool(PoolViewModel pool)
    {
        var cluster = pool.Cluster;
        var rg = Quote(cluster.ResourceGroup);
        var name = Quote(cluster.Name);
        var poolArgs = $"--resource-group {rg} --cluster-name {name} --name {Quote(pool.Pool.Name)}";
        var assessment = pool.Assessment;
        var commands = new List<CliCommand>
        {
            new("Select the subscription", $"az account set --subscription {Quote(cluster.SubscriptionId)}"),
            new("Show the pool's image, Kubernetes version and osSKU",
                $"az aks nodepool show {poolArgs} --query \"{{image:nodeImageVersion, k8s:currentOrchestratorVersion, osSku:osSku}}\" -o table"),
            new("The latest node image AKS offers this pool",
                $"az aks nodepool get-upgrades --resource-group {rg} --cluster-name {name} --nodepool-name {Quote(pool.Pool.Name)} --query latestNodeImageVersion -o tsv"),
        };

        // The commands follow the next step (PoolNextStep): a move only for a pool that should move now. A move to a new
        // pool (Windows) has several steps and a name to choose: the window's runbook gives them.
        if (assessment is { Status: PoolStatus.Retiring or PoolStatus.Unsupported, UpgradePath: Catalog.UpgradePath.InPlaceOsSku, UpgradeTargetOsSku: { } target, UpgradeBlockedReason: null, MajorUpgradeAvailable: true })
        {
            commands.Add(new($"Move to {assessment.NextOs?.DisplayName ?? target} in place (reimages every node; plan a window)", $"az aks nodepool update {poolArgs} --os-sku {Quote(target)}"));
        }

        if (assessment.KubernetesSupport.Status == KubernetesSupportStatus.OutOfSupport || assessment.UpgradeBlockedReason is not null)
        {
            commands.Add(new("Kubernetes versions the cluster can upgrade to", $"az aks get-upgrades --resource-group {rg} --name {name} -o table"));
        }

        if (pool.Status == PoolStatus.Behind)
        {
            commands.Add(new("Upgrade the node image (rolls every node; plan a window)", $"az aks nodepool upgrade {poolArgs} --node-image-only"));
        }

        return commands;
    }
}
