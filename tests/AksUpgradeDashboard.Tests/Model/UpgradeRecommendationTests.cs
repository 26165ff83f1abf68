using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Model;

public class UpgradeRecommendationTests
{
    [Theory]
    [InlineData("aks-orders-prod-uks", new[] { "workers" }, UpgradeKind.OsSkuChange, "AzureLinux3", "Azure Linux 2.0 is unsupported: move to Azure Linux 3.0 (in place).")]
    [InlineData("aks-dotnetfx-prod-weu", new[] { "win19" }, UpgradeKind.NewNodePool, "Windows2022", "Windows Server 2019 is unsupported: move to Windows Server 2022 (new node pool).")]
    [InlineData("aks-payments-prod-weu", new[] { "fips" }, UpgradeKind.OsSkuChange, "Ubuntu2204", "Ubuntu 20.04 is retiring: move to Ubuntu 22.04 (in place).")]
    [InlineData("aks-payments-prod-weu", new[] { "api", "batch" }, UpgradeKind.NodeImage, null, "1 pool is behind the latest node image.")]
    [InlineData("aks-web-stg-eus", new string[0], UpgradeKind.NodeImage, null, "Keep the pools on the latest node image.")]
    // Review of issue 16: the next step said "Upgrade Kubernetes" while the plan form proposed a node image upgrade.
    [InlineData("aks-ci-runners-neu", new[] { "linux" }, UpgradeKind.KubernetesVersion, "1.34", "Kubernetes 1.33.5 is out of support: upgrade to 1.34 (one minor at a time).")]
    public async Task For_Pools_RecommendsTheMostUrgentChange(string cluster, string[] poolNames, UpgradeKind kind, string? target, string reason)
    {
        var fleet = await TestFleet.SampleAsync();
        var clusterModel = fleet.Clusters.Single(c => c.Cluster.Name == cluster);
        var pools = poolNames.Length == 0 ? clusterModel.Pools : [.. clusterModel.Pools.Where(p => poolNames.Contains(p.Pool.Name))];

        var recommendation = UpgradeRecommendation.For(pools);

        Assert.Equal(kind, recommendation.Kind);
        Assert.Equal(target, recommendation.Target);
        Assert.Equal(reason, recommendation.Reason);
    }

    // Issue 16: the change is for the pools that need it; a pool already on the target is not among them.
    [Theory]
    [InlineData("aks-orders-prod-weu", UpgradeKind.OsSkuChange, "legacy")]
    [InlineData("aks-dotnetfx-prod-weu", UpgradeKind.NewNodePool, "win19")]
    [InlineData("aks-payments-prod-weu", UpgradeKind.OsSkuChange, "fips")]
    [InlineData("aks-web-stg-eus", UpgradeKind.NodeImage, "")]
    public async Task For_WholeCluster_NamesOnlyThePoolsTheChangeIsFor(string cluster, UpgradeKind kind, string pools)
    {
        var fleet = await TestFleet.SampleAsync();

        var recommendation = UpgradeRecommendation.For(fleet.Clusters.Single(c => c.Cluster.Name == cluster).Pools);

        Assert.Equal(kind, recommendation.Kind);
        Assert.Equal(pools, string.Join(",", recommendation.Pools));
    }
}
