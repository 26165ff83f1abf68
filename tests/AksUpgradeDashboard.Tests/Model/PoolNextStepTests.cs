using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Model;

/// <summary>Issue 16: the grid's "Next step" column, one per kind of situation in the sample fleet.</summary>
public class PoolNextStepTests
{
    [Theory]
    [InlineData("aks-orders-prod-uks", "workers", "Move to Azure Linux 3.0 in place")]
    [InlineData("aks-dotnetfx-prod-weu", "win19", "Replace with a Windows Server 2022 pool")]
    [InlineData("aks-payments-prod-weu", "fips", "Move to Ubuntu 22.04 in place")]
    [InlineData("aks-payments-prod-weu", "batch", "Upgrade the node image")]
    [InlineData("aks-payments-prod-weu", "api", PoolNextStep.None)]
    public async Task Of_SamplePool_NamesTheMostUrgentStep(string cluster, string pool, string expected)
    {
        var fleet = await TestFleet.SampleAsync();
        var row = fleet.Pools.Single(p => p.ClusterName == cluster && p.NodePoolName == pool);

        Assert.Equal(expected, PoolNextStep.Of(row.Assessment));
    }

    [Fact]
    public async Task Of_EverySamplePool_NothingToDoOnlyWhenCurrent()
    {
        var fleet = await TestFleet.SampleAsync();

        Assert.All(fleet.Pools, p => Assert.Equal(p.Status == PoolStatus.Current && p.Assessment.KubernetesSupport.Status != KubernetesSupportStatus.OutOfSupport, p.NextStep == PoolNextStep.None));
    }
}
