using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Inventory;

public class SampleFleetTests
{
    [Fact]
    public async Task Sample_Size_MeetsTheProductPromise()
    {
        var fleet = await TestFleet.SampleAsync();

        Assert.True(fleet.Subscriptions.Length >= 4, $"{fleet.Subscriptions.Length} subscriptions");
        Assert.True(fleet.Clusters.Length >= 25, $"{fleet.Clusters.Length} clusters");
        Assert.True(fleet.Pools.Length >= 80, $"{fleet.Pools.Length} pools");
        Assert.True(fleet.Clusters.Select(c => c.Cluster.Location).Distinct().Count() >= 5);
        Assert.Empty(fleet.Snapshot.Errors.Where(e => e.Code != "AuthorizationFailed"));
    }

    [Theory]
    [InlineData(PoolStatus.Current)]
    [InlineData(PoolStatus.Behind)]
    [InlineData(PoolStatus.Retiring)]
    [InlineData(PoolStatus.Unsupported)]
    [InlineData(PoolStatus.Unknown)]
    public async Task Sample_OnReferenceDay_ShowsEveryStatus(PoolStatus status)
    {
        var fleet = await TestFleet.SampleAsync();

        Assert.Contains(fleet.Pools, p => p.Status == status);
    }

    [Theory]
    [InlineData(NodeImageFamily.Ubuntu)]
    [InlineData(NodeImageFamily.UbuntuEdgeZone)]
    [InlineData(NodeImageFamily.AzureLinux)]
    [InlineData(NodeImageFamily.CblMariner)]
    [InlineData(NodeImageFamily.Windows)]
    [InlineData(NodeImageFamily.Flatcar)]
    public async Task Sample_ImageFamilies_AreAllPresent(NodeImageFamily family)
    {
        var fleet = await TestFleet.SampleAsync();

        Assert.Contains(fleet.Pools, p => p.Assessment.Image.Family == family);
    }

    [Theory]
    [InlineData("Ubuntu2004")]
    [InlineData("Ubuntu2204")]
    [InlineData("Ubuntu2404")]
    [InlineData("Ubuntu1804")]
    [InlineData("AzureLinux2")]
    [InlineData("AzureLinux3")]
    [InlineData("CBLMariner1")]
    [InlineData("AzureLinuxOSGuard3")]
    [InlineData("Windows2019")]
    [InlineData("Windows2022")]
    [InlineData("Windows2025")]
    [InlineData("WindowsAnnual23H2")]
    [InlineData("AzureContainerLinux")]
    [InlineData("Ubuntu2604")]
    public async Task Sample_OsVersions_AreAllPresent(string osId)
    {
        var fleet = await TestFleet.SampleAsync();

        Assert.Contains(fleet.Pools, p => p.Assessment.Os?.Id == osId);
    }

    [Theory]
    [InlineData(KubernetesSupportStatus.Supported)]
    [InlineData(KubernetesSupportStatus.LtsOnly)]
    [InlineData(KubernetesSupportStatus.OutOfSupport)]
    [InlineData(KubernetesSupportStatus.Unknown)]
    public async Task Sample_KubernetesSupportStatuses_AreAllShown(KubernetesSupportStatus status)
    {
        var fleet = await TestFleet.SampleAsync();

        Assert.Contains(fleet.Clusters, c => c.KubernetesSupport.Status == status);
    }

    [Fact]
    public async Task Sample_SubscriptionWithoutAccess_IsReportedAndTheRestShown()
    {
        var fleet = await TestFleet.SampleAsync();

        var failed = Assert.Single(fleet.Subscriptions, s => s.Subscription.Error is not null);
        Assert.Equal("AuthorizationFailed", failed.Subscription.Error!.Code);
        Assert.Equal(0, failed.ClusterCount);
        Assert.All(fleet.Subscriptions.Where(s => s.Subscription.Error is null), s => Assert.True(s.ClusterCount > 0));
    }

    [Fact]
    public async Task Sample_EveryPool_HasAReason()
    {
        var fleet = await TestFleet.SampleAsync();

        Assert.All(fleet.Pools, p => Assert.False(string.IsNullOrWhiteSpace(p.Assessment.StatusReason)));
        Assert.Equal(fleet.Pools.Length, fleet.Pools.Select(p => p.Id).Distinct().Count());
    }
}
