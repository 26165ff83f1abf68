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
}
