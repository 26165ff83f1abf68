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
        Assert.Equal("AKSUbuntu-2204gen2minimalcontainerd", images[1]!.Lineage);
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
