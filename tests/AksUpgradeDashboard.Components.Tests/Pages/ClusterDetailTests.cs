using AksUpgradeDashboard.Components.Pages;
using Bunit;

namespace AksUpgradeDashboard.Components.Tests.Pages;

public class ClusterDetailTests : DashboardTestContext
{
    private const string PaymentsSubscription = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";
    private const string PaymentsResourceGroup = "rg-payments-prod";
    private const string PaymentsCluster = "aks-payments-prod-weu";
    private const string Script = "<script>alert(1)</script>";

    [Fact]
    public async Task Pools_KnownCluster_ListsEachPoolWithImageAndStatus()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var expected = fleet.FindCluster(PaymentsSubscription, PaymentsResourceGroup, PaymentsCluster)!.Pools;

        // Act
        var cut = RenderCluster(PaymentsSubscription, PaymentsResourceGroup, PaymentsCluster);

        // Assert
        var rows = cut.FindAll("[data-testid='cluster-pools'] tbody tr[data-pool]");
        Assert.Equal(["system", "api", "batch", "fips"], rows.Select(r => r.GetAttribute("data-pool")));
        Assert.Equal(4, expected.Length);
        foreach (var (row, pool) in rows.Zip(expected))
        {
            Assert.Equal(pool.Pool.Name, row.GetAttribute("data-pool"));
            Assert.Equal(pool.Pool.NodeImageVersion, row.QuerySelector("td.mono")!.TextContent.Trim());
            Assert.StartsWith("AKSUbuntu-", pool.Pool.NodeImageVersion, StringComparison.Ordinal);
            Assert.Equal(pool.Status.ToString(), row.QuerySelector("[data-status]")!.GetAttribute("data-status"));
            Assert.Equal(pool.Assessment.StatusReason, row.QuerySelector(".reason")!.TextContent.Trim());
        }
    }

    [Fact]
    public async Task Header_KnownCluster_ShowsNameFactsAndWorstStatus()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var model = fleet.FindCluster(PaymentsSubscription, PaymentsResourceGroup, PaymentsCluster)!;

        // Act
        var cut = RenderCluster(PaymentsSubscription, PaymentsResourceGroup, PaymentsCluster);

        // Assert
        Assert.Equal(PaymentsCluster, cut.Find("h1").TextContent.Trim());
        var facts = cut.Find("[data-testid='cluster-facts']").TextContent;
        Assert.Contains("Contoso Production", facts, StringComparison.Ordinal);
        Assert.Contains(PaymentsResourceGroup, facts, StringComparison.Ordinal);
        Assert.Equal(model.WorstStatus.ToString(), cut.Find("h1 + * [data-status], h1 ~ * [data-status]").GetAttribute("data-status"));
        Assert.Empty(cut.FindAll("[data-testid='cluster-not-found']"));
    }

    [Fact]
    public async Task ClusterDetail_RouteValuesInOtherCase_FindsCluster()
    {
        // Arrange
        await LoadStoreAsync();

        // Act
        var cut = RenderCluster(PaymentsSubscription.ToUpperInvariant(), "RG-PAYMENTS-PROD", "AKS-PAYMENTS-PROD-WEU");

        // Assert
        Assert.Equal(4, cut.FindAll("[data-testid='cluster-pools'] tbody tr[data-pool]").Count);
    }

    [Fact]
    public async Task ClusterDetail_UnknownCluster_ShowsNotFound()
    {
        // Arrange
        await LoadStoreAsync();

        // Act
        var cut = RenderCluster(PaymentsSubscription, PaymentsResourceGroup, "aks-does-not-exist");

        // Assert
        var alert = cut.Find("[data-testid='cluster-not-found']");
        Assert.Contains("aks-does-not-exist", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains(PaymentsResourceGroup, alert.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='cluster-pools']"));
    }

    [Fact]
    public void ClusterDetail_StoreNotLoaded_ShowsLoadingNotNotFound()
    {
        // Act
        var cut = RenderCluster(PaymentsSubscription, PaymentsResourceGroup, PaymentsCluster);

        // Assert
        cut.Find("[data-testid='page-loading']");
        Assert.Empty(cut.FindAll("[data-testid='cluster-not-found']"));
    }

    [Fact]
    public async Task ClusterDetail_MarkupInTagValueAndPoolName_RenderedAsText()
    {
        // Arrange
        var cluster = FakeInventorySource.Cluster(
            "aks-evil",
            [FakeInventorySource.Pool(Script)],
            new Dictionary<string, string> { ["owner"] = Script });
        UseInventorySource(new FakeInventorySource(FakeInventorySource.SnapshotOf(Now, cluster)));
        await LoadStoreAsync();

        // Act
        var cut = RenderCluster(cluster.SubscriptionId, cluster.ResourceGroup, cluster.Name);

        // Assert
        Assert.Empty(cut.FindAll("script"));
        var row = cut.Find("[data-testid='cluster-pools'] tbody tr[data-pool]");
        Assert.Equal(Script, row.GetAttribute("data-pool"));
        Assert.Equal(Script, row.QuerySelector("strong")!.TextContent);
        Assert.Contains("owner=" + Script, cut.Find("[aria-label='Tags']").TextContent, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterDetail_MarkupInRouteName_RenderedAsText()
    {
        // Arrange
        const string name = "<img src=x onerror=alert(1)>";
        await LoadStoreAsync();

        // Act
        var cut = RenderCluster(PaymentsSubscription, PaymentsResourceGroup, name);

        // Assert
        Assert.Empty(cut.FindAll("img"));
        Assert.Equal(name, cut.Find("h1").TextContent.Trim());
        Assert.Contains(name, cut.Find("[data-testid='cluster-not-found']").TextContent, StringComparison.Ordinal);
    }

    // Issue 16: the cluster and each pool link to the Azure portal, in the subscription's tenant.
    [Fact]
    public async Task Cluster_PortalLinks_ForTheClusterAndEachPool()
    {
        await LoadStoreAsync();

        var cut = RenderCluster("6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10", "rg-orders-prod", "aks-orders-prod-uks");

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='portal-cluster']")));
        var cluster = cut.Find("[data-testid='portal-cluster']").GetAttribute("href");
        Assert.StartsWith("https://portal.azure.com/#@", cluster, StringComparison.Ordinal);
        Assert.EndsWith("/resource/subscriptions/6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10/resourceGroups/rg-orders-prod/providers/Microsoft.ContainerService/managedClusters/aks-orders-prod-uks", cluster, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(cut.FindAll("[data-testid='portal-pool']"), a => a.GetAttribute("href")!.EndsWith("/agentPools/workers", StringComparison.Ordinal));
        Assert.All(cut.FindAll("[data-testid='portal-cluster'], [data-testid='portal-pool']"), a => Assert.Equal("noopener noreferrer", a.GetAttribute("rel")));
    }

    private IRenderedComponent<ClusterDetail> RenderCluster(string subscriptionId, string resourceGroup, string name) =>
        Render<ClusterDetail>(p => p
            .Add(c => c.SubscriptionId, subscriptionId)
            .Add(c => c.ResourceGroup, resourceGroup)
            .Add(c => c.Name, name));

    [Theory]
    [InlineData("rg-orders-prod", "aks-orders-prod-uks", "LtsOnly", "Can upgrade to 1.31.13, 1.32.9.")]
    [InlineData("rg-legacy-prod", "aks-dotnetfx-prod-weu", "OutOfSupport", "Can upgrade to 1.32.9, 1.33.5, 1.33.6.")]
    public async Task KubernetesSupport_Cluster_ShowsStatusReasonAndUpgrades(string resourceGroup, string name, string status, string upgrades)
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var model = fleet.Clusters.Single(c => c.Cluster.Name == name);

        // Act
        var cut = RenderCluster(model.Cluster.SubscriptionId, resourceGroup, name);

        // Assert
        var section = cut.Find("[data-testid='cluster-kubernetes-support']");
        Assert.Equal(status, section.QuerySelector("[data-testid='kubernetes-support']")!.GetAttribute("data-status"));
        Assert.Contains(model.KubernetesSupport.Reason, section.TextContent, StringComparison.Ordinal);
        Assert.Equal(upgrades, cut.Find("[data-testid='cluster-kubernetes-upgrades']").TextContent.Trim());
    }

    [Fact]
    public async Task Notes_StoppedCluster_SaysNoAutomaticUpgradeRuns()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var stopped = fleet.Clusters.Single(c => c.Cluster.Name == "aks-dotnetfx-stg-weu");

        // Act
        var cut = RenderCluster(stopped.Cluster.SubscriptionId, stopped.Cluster.ResourceGroup, stopped.Cluster.Name);

        // Assert
        Assert.StartsWith("Stopped: no automatic upgrade runs until it starts", cut.Find("[data-testid='cluster-note']").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='pool-note']"));
    }
}
