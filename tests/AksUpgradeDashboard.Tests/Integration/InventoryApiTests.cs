using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Integration;

public class InventoryApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static readonly string[] s_requiredPoolFields =
    [
        "subscriptionId", "resourceGroup", "cluster", "location", "nodePool", "osType", "osSku", "osName", "osVersion",
        "kubernetesVersion", "nodeImageVersion", "latestNodeImageVersion", "imageAgeDays", "status", "statusReason",
        "majorUpgradeAvailable", "nextOsVersion", "endOfSupport", "imagesRemoved", "kubernetesVersionStatus", "kubernetesUpgrades", "notes",
    ];

    [Fact]
    public async Task GetPools_SampleFleet_ReturnsEveryPoolWithTheDocumentedFields()
    {
        var client = factory.CreateClient();

        var pools = await client.GetFromJsonAsync<JsonElement>("/api/v1/pools", TestContext.Current.CancellationToken);

        Assert.Equal(JsonValueKind.Array, pools.ValueKind);
        Assert.Equal(81, pools.GetArrayLength());
        foreach (var pool in pools.EnumerateArray())
        {
            foreach (var field in s_requiredPoolFields)
            {
                Assert.True(pool.TryGetProperty(field, out _), $"pool lacks '{field}'");
            }
        }

        var azureLinux2 = pools.EnumerateArray().First(p => p.GetProperty("cluster").GetString() == "aks-orders-prod-uks" && p.GetProperty("nodePool").GetString() == "workers");
        Assert.Equal("Unsupported", azureLinux2.GetProperty("status").GetString());
        Assert.Equal("2025-11-30", azureLinux2.GetProperty("endOfSupport").GetString());
        Assert.Equal("2026-03-31", azureLinux2.GetProperty("imagesRemoved").GetString());
        Assert.Equal("Azure Linux", azureLinux2.GetProperty("osName").GetString());
        Assert.Equal("2.0", azureLinux2.GetProperty("osVersion").GetString());
        Assert.True(azureLinux2.GetProperty("majorUpgradeAvailable").GetBoolean());
        Assert.Equal("Azure Linux 3.0", azureLinux2.GetProperty("nextOsVersion").GetString());

        var noEnd = pools.EnumerateArray().First(p => p.GetProperty("osSku").GetString() == "Ubuntu2404");
        Assert.Equal(JsonValueKind.Null, noEnd.GetProperty("endOfSupport").ValueKind);
    }

    [Fact]
    public async Task GetPools_StatusFilter_ReturnsOnlyThatStatus()
    {
        var client = factory.CreateClient();

        var pools = await client.GetFromJsonAsync<JsonElement>("/api/v1/pools?status=Retiring", TestContext.Current.CancellationToken);

        Assert.True(pools.GetArrayLength() > 0);
        Assert.All(pools.EnumerateArray(), p => Assert.Equal("Retiring", p.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData("/api/v1/pools?status=Sideways", "status 'Sideways'")]
    [InlineData("/api/v1/pools.csv?sort=Colour", "sort 'Colour'")]
    public async Task GetPools_BadQuery_Returns400ProblemNamingTheParameter(string url, string expected)
    {
        var client = factory.CreateClient();

        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSubscriptions_SampleFleet_ReportsTheUnreadableOneWithArmError()
    {
        var client = factory.CreateClient();

        var subscriptions = await client.GetFromJsonAsync<JsonElement>("/api/v1/subscriptions", TestContext.Current.CancellationToken);

        Assert.Equal(5, subscriptions.GetArrayLength());
        var failed = subscriptions.EnumerateArray().Single(s => s.GetProperty("error").ValueKind != JsonValueKind.Null);
        Assert.Equal("Fabrikam Sandbox", failed.GetProperty("displayName").GetString());
        Assert.Equal("AuthorizationFailed", failed.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("does not have authorization", failed.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, failed.GetProperty("clusterCount").GetInt32());
        var production = subscriptions.EnumerateArray().Single(s => s.GetProperty("displayName").GetString() == "Contoso Production");
        Assert.Equal(9, production.GetProperty("clusterCount").GetInt32());
    }

    [Fact]
    public async Task GetClusters_SampleFleet_ReturnsClustersWithStatusCounts()
    {
        var client = factory.CreateClient();

        var clusters = await client.GetFromJsonAsync<JsonElement>("/api/v1/clusters", TestContext.Current.CancellationToken);

        Assert.Equal(26, clusters.GetArrayLength());
        var legacy = clusters.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "aks-retail-legacy-uks");
        Assert.Equal("Unsupported", legacy.GetProperty("worstStatus").GetString());
        Assert.Equal(4, legacy.GetProperty("statusCounts").GetProperty("Unsupported").GetInt32());
        Assert.Equal("prod", legacy.GetProperty("tags").GetProperty("env").GetString());
    }

    [Fact]
    public async Task GetInventory_SampleFleet_ReturnsWholeShape()
    {
        var client = factory.CreateClient();

        var inventory = await client.GetFromJsonAsync<JsonElement>("/api/v1/inventory", TestContext.Current.CancellationToken);

        Assert.Equal("Sample", inventory.GetProperty("source").GetString());
        Assert.Equal(TestFleet.Now, inventory.GetProperty("refreshedAt").GetDateTimeOffset());
        Assert.False(inventory.GetProperty("refreshing").GetBoolean());
        Assert.Equal(5, inventory.GetProperty("subscriptions").GetArrayLength());
        Assert.Equal(26, inventory.GetProperty("clusters").GetArrayLength());
        Assert.Equal(81, inventory.GetProperty("pools").GetArrayLength());
        var error = Assert.Single(inventory.GetProperty("errors").EnumerateArray());
        Assert.Equal("AuthorizationFailed", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task GetPoolsCsv_Filter_DownloadsSameRowsAsJson()
    {
        var client = factory.CreateClient();

        var response = await client.GetAsync("/api/v1/pools.csv?status=Behind", TestContext.Current.CancellationToken);
        var json = await client.GetFromJsonAsync<JsonElement>("/api/v1/pools?status=Behind", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("aks-node-pools-20261125-1200.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("subscriptionId,subscriptionName,resourceGroup,cluster,location,nodePool,", lines[0], StringComparison.Ordinal);
        Assert.Equal(json.GetArrayLength() + 1, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(",Behind,", l, StringComparison.Ordinal));
        // Review of issue 16: the grid's "Next step" was missing from the CSV and the JSON.
        Assert.Contains(",statusReason,nextStep,", lines[0], StringComparison.Ordinal);
        // A pool behind whose Kubernetes is out of support upgrades Kubernetes first (its nodes get a new image with it).
        var steps = json.EnumerateArray().Select(p => p.GetProperty("nextStep").GetString()).ToList();
        Assert.All(steps, step => Assert.Contains(step, new[] { "Upgrade the node image", "Upgrade Kubernetes" }));
        Assert.Contains("Upgrade the node image", steps);
        Assert.Equal(steps.Count(step => step == "Upgrade the node image"), lines.Count(l => l.Contains(",Upgrade the node image,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GetClusters_SampleFleet_NamesKubernetesSupportUpgradesAndNotes()
    {
        var client = factory.CreateClient();

        var clusters = await client.GetFromJsonAsync<JsonElement>("/api/v1/clusters", TestContext.Current.CancellationToken);

        JsonElement Cluster(string name) => clusters.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var lts = Cluster("aks-orders-prod-uks");
        Assert.Equal("LtsOnly", lts.GetProperty("kubernetesVersionStatus").GetString());
        Assert.Equal(["1.31.13", "1.32.9"], lts.GetProperty("kubernetesUpgrades").EnumerateArray().Select(v => v.GetString()));
        var lapsed = Cluster("aks-orders-stg-uks");
        Assert.Equal("OutOfSupport", lapsed.GetProperty("kubernetesVersionStatus").GetString());
        Assert.Contains("Long Term Support", lapsed.GetProperty("kubernetesVersionStatusReason").GetString(), StringComparison.Ordinal);
        Assert.Equal("Supported", Cluster("aks-web-prod-eus").GetProperty("kubernetesVersionStatus").GetString());
        Assert.Equal("Unknown", Cluster("aks-platform-ilc").GetProperty("kubernetesVersionStatus").GetString());
        var stopped = Cluster("aks-dotnetfx-stg-weu");
        Assert.StartsWith("Stopped: no automatic upgrade runs until it starts", stopped.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, Cluster("aks-web-prod-eus").GetProperty("notes").GetArrayLength());
    }

    [Fact]
    public async Task GetPools_KubernetesSupportFilter_OnlyThosePoolsInJsonAndCsv()
    {
        var client = factory.CreateClient();

        var pools = await client.GetFromJsonAsync<JsonElement>("/api/v1/pools?kubernetesSupport=OutOfSupport", TestContext.Current.CancellationToken);
        var csv = await client.GetStringAsync("/api/v1/pools.csv?kubernetesSupport=OutOfSupport", TestContext.Current.CancellationToken);

        Assert.True(pools.GetArrayLength() > 0);
        Assert.All(pools.EnumerateArray(), p => Assert.Equal("OutOfSupport", p.GetProperty("kubernetesVersionStatus").GetString()));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        var status = Array.IndexOf(header, "kubernetesVersionStatus");
        var upgrades = Array.IndexOf(header, "kubernetesUpgrades");
        Assert.True(status > 0 && upgrades == status + 1, lines[0]);
        Assert.Equal(pools.GetArrayLength() + 1, lines.Length);
        var dotnetfx = lines.Single(l => l.Contains(",aks-dotnetfx-prod-weu,", StringComparison.Ordinal) && l.Contains(",system,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("OutOfSupport", dotnetfx[status]);
        Assert.Equal("1.32.9; 1.33.5; 1.33.6", dotnetfx[upgrades]);
    }

    [Fact]
    public async Task GetPools_UnknownKubernetesSupport_ProblemNamesTheValues()
    {
        var client = factory.CreateClient();

        var response = await client.GetAsync("/api/v1/pools?kubernetesSupport=Maybe", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("kubernetesSupport 'Maybe' is not one of Supported, Preview, LtsOnly, OutOfSupport, Unknown.", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}

/// <summary>Refreshes read Azure: nobody may set off more than a few a minute.</summary>
public sealed class RefreshRateLimitTests
{
    // Hole: any Viewer could start ARM refreshes without limit.
    [Fact]
    public async Task Refresh_ManyInAMinuteByOnePerson_429WithRetryAfterWhileOthersMayStill()
    {
        await using var factory = new DashboardFactory();
        var victor = factory.CreateClientAs("victor");
        var ct = TestContext.Current.CancellationToken;

        var answers = new List<System.Net.HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add((await victor.PostAsync("/api/v1/inventory/refresh", null, ct)).StatusCode);
        }

        var refused = await victor.PostAsync("/api/v1/inventory/refresh", null, ct);
        var someoneElse = await factory.CreateClientAs("anna").PostAsync("/api/v1/inventory/refresh", null, ct);

        Assert.Equal(5, answers.Count(a => a == System.Net.HttpStatusCode.Accepted));
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, someoneElse.StatusCode);
    }
}
