using System.Text.Json;
using AksUpgradeDashboard.Azure;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Azure;

public class ArmInventoryMapperTests
{
    [Fact]
    public void MapCluster_OfficialListExample_ReadsClusterAndPools()
    {
        var page = ArmExamples.ResponseBody("ManagedClustersList.json");
        var errors = new List<InventoryError>();

        var clusters = ArmInventoryMapper.PageItems(page)
            .Select(item => ArmInventoryMapper.MapCluster(item, "00000000-0000-0000-0000-000000000000", errors))
            .ToList();

        Assert.Empty(errors);
        var cluster = Assert.Single(clusters);
        Assert.NotNull(cluster);
        Assert.Equal("clustername1", cluster.Name);
        Assert.Equal("rg1", cluster.ResourceGroup);
        Assert.Equal("location1", cluster.Location);
        Assert.Equal("1.9.6", cluster.CurrentKubernetesVersion);
        Assert.Equal("production", cluster.Tags["tier"]);
        var pool = Assert.Single(cluster.NodePools);
        Assert.Equal("nodepool1", pool.Name);
        Assert.Equal(3, pool.Count);
        Assert.Equal("Linux", pool.OsType);
        Assert.Null(pool.NodeImageVersion);
        Assert.Null(ArmInventoryMapper.NextLink(page));
    }

    [Fact]
    public void MapSubscription_OfficialExample_ReadsIdsAndNextLink()
    {
        var page = ArmExamples.ResponseBody("GetSubscriptions.json");

        var subscriptions = ArmInventoryMapper.PageItems(page).Select(ArmInventoryMapper.MapSubscription).ToList();

        Assert.Equal(["291bba3f-e0a5-47bc-a099-3bdcb2a50a05", "72ac930a-f34e-42d8-b06d-dc2a9e12ed71"], subscriptions.Select(s => s!.SubscriptionId));
        Assert.Equal("Example Subscription", subscriptions[0]!.DisplayName);
        Assert.Equal("Enabled", subscriptions[0]!.State);
        Assert.Equal("http://nextlink", ArmInventoryMapper.NextLink(page));
    }

    [Fact]
    public void MapNodeImageVersion_OfficialExample_ReadsOsSkuVersion()
    {
        var page = ArmExamples.ResponseBody("NodeImageVersions_List.json");

        var images = ArmInventoryMapper.PageItems(page).Select(i => ArmInventoryMapper.MapNodeImageVersion(i, "location1")).ToList();

        Assert.Equal(2, images.Count);
        Assert.Equal("AKSCBLMariner-V1-202308.28.0", images[0]!.FullName);
        Assert.Equal("AKSUbuntu-2204gen2minimalcontainerd-202401.12.0", images[1]!.FullName);
    }

    // Defect: the mapper rebuilt each name from os + sku, which for Windows is the gallery definition
    // ("windows-2022-containerd-gen2"), so no Windows image parsed and every Windows pool was Unknown on real Azure.
    [Theory]
    [InlineData("nodeImageVersions-karpenter-2025-05.json")]
    [InlineData("nodeImageVersions-karpenter-2025-12.json")]
    public void MapNodeImageVersion_RealCapture_KeepsEachFullNameAndEveryNameParses(string capture)
    {
        var page = ArmExamples.Capture(capture);

        var items = ArmInventoryMapper.PageItems(page).ToList();
        var images = items.Select(i => ArmInventoryMapper.MapNodeImageVersion(i, "eastus")).ToList();

        Assert.NotEmpty(items);
        Assert.Equal(items.Select(i => i.GetProperty("fullName").GetString()), images.Select(i => i!.FullName));
        Assert.All(images, i => Assert.True(NodeImageVersionParser.Parse(i!.FullName).IsRecognised, i.FullName));
        Assert.Contains(items, i => i.GetProperty("sku").GetString() == "windows-2022-containerd-gen2");
    }

    [Theory]
    [InlineData("AKSWindows-2022-containerd-gen2-20348.3692.250518", "AKSWindows-2022-containerd-gen2-20348.4529.251212")]
    [InlineData("AKSWindows-2022-containerd-20348.3692.250518", "AKSWindows-2022-containerd-20348.4529.251212")]
    [InlineData("AKSWindows-2025-gen2-26100.4061.250518", "AKSWindows-2025-gen2-26100.7462.251212")]
    [InlineData("AKSWindows-2025-26100.4061.250518", "AKSWindows-2025-26100.7462.251212")]
    [InlineData("AKSWindows-23H2-gen2-25398.1611.250518", "AKSWindows-23H2-gen2-25398.2025.251212")]
    [InlineData("AKSWindows-2019-containerd-17763.7314.250518", "AKSWindows-2019-containerd-17763.8146.251212")]
    public void LatestImageIndex_FromRealCapture_FindsTheLatestImageOfAWindowsPool(string poolImage, string expectedLatest)
    {
        var page = ArmExamples.Capture("nodeImageVersions-karpenter-2025-12.json");
        var index = new LatestImageIndex(
            ArmInventoryMapper.PageItems(page).Select(i => ArmInventoryMapper.MapNodeImageVersion(i, "eastus")).OfType<LatestNodeImage>(),
            hasReleaseHistory: false);

        var latest = index.FindLatest("eastus", NodeImageVersionParser.Parse(poolImage).Lineage);

        Assert.Equal(expectedLatest, latest?.Raw);
    }

    [Theory]
    [InlineData("""{"os":"AKSWindows","sku":"windows-2022-containerd-gen2","version":"20348.4529.251212"}""", "AKSWindows-2022-containerd-gen2-20348.4529.251212")]
    [InlineData("""{"os":"AKSUbuntu","sku":"2204gen2containerd","version":"202512.18.0"}""", "AKSUbuntu-2204gen2containerd-202512.18.0")]
    [InlineData("""{"fullName":"AKSWindows-2025-26100.7462.251212","os":"AKSWindows","sku":"windows-2025","version":"26100.7462.251212"}""", "AKSWindows-2025-26100.7462.251212")]
    public void MapNodeImageVersion_WithoutFullName_BuildsTheNameAsPoolsReportIt(string json, string expected)
    {
        var image = ArmInventoryMapper.MapNodeImageVersion(JsonDocument.Parse(json).RootElement, "eastus");

        Assert.Equal(expected, image?.FullName);
    }

    [Fact]
    public void PageItems_OlderNodeImageVersionsKeyValues_ReadsTheItems()
    {
        // api-version 2024-04-02-preview answered {"values": [...]} (karpenter-provider-azure's capture script used .values[]).
        var page = JsonDocument.Parse("""{"values":[{"fullName":"AKSUbuntu-2204gen2containerd-202505.27.0"}]}""").RootElement;

        Assert.Single(ArmInventoryMapper.PageItems(page));
    }

    [Fact]
    public void MapKubernetesVersion_SpecExample_ReadsPlansPreviewDefaultAndPatches()
    {
        var page = ArmExamples.Capture("KubernetesVersions_List-2026-08-01.json");

        var releases = ArmInventoryMapper.PageItems(page).Select(i => ArmInventoryMapper.MapKubernetesVersion(i, "location1")).ToList();

        Assert.Equal(["1.23", "1.24", "1.25", "1.26"], releases.Select(r => r!.Version));
        Assert.True(releases[1]!.IsDefault);
        Assert.False(releases[0]!.IsDefault);
        Assert.True(releases[3]!.IsPreview);
        Assert.Equal(["KubernetesOfficial"], releases[0]!.SupportPlans);
        Assert.Equal(["1.24.6", "1.24.9"], releases[1]!.Patches.Select(p => p.Version));
        Assert.Equal(["1.24.9", "1.25.4", "1.25.5"], releases[1]!.Patches[0].Upgrades);
        Assert.Empty(releases[3]!.Patches[0].Upgrades);
    }

    [Fact]
    public void MapKubernetesVersion_LiveCapture_ReadsEveryMinor()
    {
        var page = ArmExamples.Capture("kubernetesVersions-azure-cli-capture-2023-06-westus2.json");

        var releases = ArmInventoryMapper.PageItems(page).Select(i => ArmInventoryMapper.MapKubernetesVersion(i, "westus2")).ToList();

        Assert.NotEmpty(releases);
        Assert.All(releases, r => Assert.NotNull(KubernetesVersion.ParseOrNull(r!.Version)));
        Assert.All(releases, r => Assert.NotEmpty(r!.Patches));
    }

    [Fact]
    public void MapCluster_AgentPoolProfileFromPoolGetExample_ReadsColonStyleImage()
    {
        // AgentPools_Get returns the same properties as an agentPoolProfiles entry; wrap it in a cluster.
        var poolBody = ArmExamples.ResponseBody("AgentPoolsGet.json");
        var profile = JsonSerializer.SerializeToNode(poolBody.GetProperty("properties"))!.AsObject();
        profile["name"] = poolBody.GetProperty("name").GetString();
        var json = """{"id":"/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1","location":"westeurope","properties":{"agentPoolProfiles":["""
            + profile.ToJsonString() + "]}}";
        var errors = new List<InventoryError>();

        var cluster = ArmInventoryMapper.MapCluster(JsonDocument.Parse(json).RootElement, "s1", errors);

        var pool = Assert.Single(cluster!.NodePools);
        Assert.Equal("AKSUbuntu:1604:2020.03.11", pool.NodeImageVersion);
        Assert.True(NodeImageVersionParser.Parse(pool.NodeImageVersion).IsRecognised);
    }

    [Theory]
    [InlineData("""{"id":"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1","location":"eastus","unknownTopLevel":{"x":1},"properties":{"newFeature":true,"agentPoolProfiles":[{"name":"p1","osSKU":"FutureOS","futureField":[1,2]}]}}""", 1, 0)]
    [InlineData("""{"id":"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1","location":"eastus","properties":{"agentPoolProfiles":[{"name":"p1","count":"not-a-number"},{"name":"p2","count":2}]}}""", 1, 1)]
    [InlineData("""{"id":"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1","location":"eastus","properties":{"agentPoolProfiles":[{"count":2},{"name":"ok"}]}}""", 1, 1)]
    [InlineData("""{"id":"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1","properties":null}""", 0, 0)]
    public void MapCluster_OddPayload_KeepsWhatItCanAndReportsTheRest(string json, int expectedPools, int expectedErrors)
    {
        var errors = new List<InventoryError>();

        var cluster = ArmInventoryMapper.MapCluster(JsonDocument.Parse(json).RootElement, "s1", errors);

        Assert.NotNull(cluster);
        Assert.Equal(expectedPools, cluster.NodePools.Length);
        Assert.Equal(expectedErrors, errors.Count);
        Assert.All(errors, e => Assert.Contains("c1", e.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"name":"no-id"}""")]
    [InlineData("""{"id":"not-a-resource-id"}""")]
    [InlineData("""{"id":42}""")]
    [InlineData("""[]""")]
    public void MapCluster_UnusableItem_ReturnsNullWithError(string json)
    {
        var errors = new List<InventoryError>();

        var cluster = ArmInventoryMapper.MapCluster(JsonDocument.Parse(json).RootElement, "s1", errors);

        Assert.Null(cluster);
        var error = Assert.Single(errors);
        Assert.Equal("InvalidClusterPayload", error.Code);
        Assert.Equal("s1", error.SubscriptionId);
    }

    [Theory]
    [InlineData("""{"error":{"code":"AuthorizationFailed","message":"No access."}}""", 403, "AuthorizationFailed", "No access.")]
    [InlineData("<html>Bad gateway</html>", 502, "Http502", "Azure Resource Manager answered HTTP 502.")]
    [InlineData("", 500, "Http500", "Azure Resource Manager answered HTTP 500.")]
    [InlineData("""{"message":"other shape"}""", 404, "Http404", "Azure Resource Manager answered HTTP 404.")]
    public void MapError_Body_GivesCodeAndMessage(string body, int status, string code, string message)
    {
        var error = ArmInventoryMapper.MapError(body, status, "s1");

        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("/subscriptions/s1/resourceGroups/rg-1/providers/Microsoft.ContainerService/managedClusters/c1", "s1", "rg-1", "c1")]
    [InlineData("/SUBSCRIPTIONS/s1/RESOURCEGROUPS/rg/PROVIDERS/Microsoft.ContainerService/managedClusters/c1/", "s1", "rg", "c1")]
    public void ResourceIdParse_ClusterId_GivesParts(string id, string subscription, string resourceGroup, string name)
    {
        Assert.Equal(new ResourceId(subscription, resourceGroup, name), ResourceId.Parse(id));
    }
}
