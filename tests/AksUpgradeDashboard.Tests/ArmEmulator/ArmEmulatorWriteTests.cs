using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AksUpgradeDashboard.ArmEmulator;
using Emulator = AksUpgradeDashboard.ArmEmulator.ArmEmulator;

namespace AksUpgradeDashboard.Tests.ArmEmulator;

/// <summary>The emulator's write side: upgrades, pool and cluster PUT/DELETE, abort, and the long-running operations.</summary>
public sealed class ArmEmulatorWriteTests
{
    private const string Api = "2026-08-01";

    // A sample-fleet cluster in eastus2 whose pool "batch" (Ubuntu2204) is two releases behind the region's latest.
    private const string Subscription = "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f43";
    private const string ResourceGroup = "rg-retail-prod";
    private const string Cluster = "aks-retail-web-eus2";
    private const string ClusterPath = $"subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.ContainerService/managedClusters/{Cluster}";
    private const string BatchImage = "AKSUbuntu-2204gen2containerd-202610.20.0";
    private const string LatestUbuntu2204 = "AKSUbuntu-2204gen2containerd-202611.10.0";
    private const string LatestUbuntu2404 = "AKSUbuntu-2404gen2containerd-202611.10.0";

    private static readonly Lazy<ArmFleet> s_sample = new(() => ArmFleet.FromSampleFile(SampleFilePath()));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpgradeNodeImageVersion_Post_Returns202WithAsyncHeadersThenSucceedsAndEveryReadShowsTheLatestImage()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);

        using var response = await client.PostAsync(Url(emulator, $"{ClusterPath}/agentPools/batch/upgradeNodeImageVersion"), null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await ReadJsonAsync(response);
        Assert.Equal("UpgradingNodeImageVersion", accepted["properties"]!["provisioningState"]!.GetValue<string>());
        Assert.Equal(BatchImage, accepted["properties"]!["nodeImageVersion"]!.GetValue<string>());
        var operationId = Assert.Single(emulator.Operations).Id;
        var root = emulator.BaseUri.ToString();
        Assert.Equal($"{root}providers/Microsoft.ContainerService/locations/eastus2/operations/{operationId}?api-version={Api}", Header(response, "Azure-AsyncOperation"));
        Assert.Equal($"{root}providers/Microsoft.ContainerService/locations/eastus2/operationresults/{operationId}?api-version={Api}", response.Headers.Location?.ToString());
        Assert.False(response.Headers.Contains("Retry-After"));
        Assert.Equal("199", Header(response, "x-ms-ratelimit-remaining-subscription-writes"));
        Assert.Equal("UpgradingNodeImageVersion", await PoolStateAsync(client, emulator, "batch"));

        var first = await GetJsonAsync(client, new Uri(Header(response, "Azure-AsyncOperation")));
        Assert.Equal("InProgress", first["status"]!.GetValue<string>());
        Assert.Equal(operationId, first["name"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(first["startTime"]!.GetValue<string>(), out _));
        Assert.Null(first["endTime"]);
        Assert.Equal(BatchImage, (await GetJsonAsync(client, Url(emulator, $"{ClusterPath}/agentPools/batch")))["properties"]!["nodeImageVersion"]!.GetValue<string>());

        var second = await GetJsonAsync(client, new Uri(Header(response, "Azure-AsyncOperation")));
        Assert.Equal("Succeeded", second["status"]!.GetValue<string>());
        Assert.NotNull(second["endTime"]);

        var pool = await GetJsonAsync(client, Url(emulator, $"{ClusterPath}/agentPools/batch"));
        Assert.Equal(LatestUbuntu2204, pool["properties"]!["nodeImageVersion"]!.GetValue<string>());
        Assert.Equal("Succeeded", pool["properties"]!["provisioningState"]!.GetValue<string>());
        var listed = (await GetJsonAsync(client, Url(emulator, $"{ClusterPath}/agentPools")))["value"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "batch")!;
        Assert.Equal(LatestUbuntu2204, listed["properties"]!["nodeImageVersion"]!.GetValue<string>());
        var profile = (await GetJsonAsync(client, Url(emulator, ClusterPath)))["properties"]!["agentPoolProfiles"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "batch")!;
        Assert.Equal(LatestUbuntu2204, profile["nodeImageVersion"]!.GetValue<string>());
        var inList = (await GetJsonAsync(client, Url(emulator, $"subscriptions/{Subscription}/providers/Microsoft.ContainerService/managedClusters")))["value"]!.AsArray()
            .Single(c => c!["name"]!.GetValue<string>() == Cluster)!["properties"]!["agentPoolProfiles"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "batch")!;
        Assert.Equal(LatestUbuntu2204, inList["nodeImageVersion"]!.GetValue<string>());
        var upgradeProfile = await GetJsonAsync(client, Url(emulator, $"{ClusterPath}/agentPools/batch/upgradeProfiles/default"));
        Assert.Equal(LatestUbuntu2204, upgradeProfile["properties"]!["latestNodeImageVersion"]!.GetValue<string>());

        Assert.Equal(1, emulator.Requests.Count(r => r.Method == "POST"));
        var operation = Assert.Single(emulator.Operations);
        Assert.Equal(EmulatedOperationStatus.Succeeded, operation.Status);
        Assert.Equal(EmulatedOperationKind.UpgradeNodeImageVersion, operation.Kind);
        Assert.EndsWith("/agentPools/batch", operation.ResourceId, StringComparison.Ordinal);
        Assert.Equal("POST", operation.Method);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task OperationPollsBeforeDone_N_AnswersInProgressNTimesThenSucceeded(int polls)
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, new ArmEmulatorOptions { OperationPollsBeforeDone = polls }, Ct);
        using var client = Client(emulator);
        var status = await StartUpgradeAsync(client, emulator, "batch");

        var seen = new List<string>();
        for (var i = 0; i <= polls; i++)
        {
            seen.Add((await GetJsonAsync(client, status))["status"]!.GetValue<string>());
        }

        Assert.Equal([.. Enumerable.Repeat("InProgress", polls), "Succeeded"], seen);
    }

    [Fact]
    public async Task HoldOperations_WhileSet_OperationStaysInProgressThenEndsOnTheNextPoll()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, new ArmEmulatorOptions { HoldOperations = true, OperationRetryAfter = TimeSpan.FromSeconds(2) }, Ct);
        using var client = Client(emulator);
        using var response = await client.PostAsync(Url(emulator, $"{ClusterPath}/agentPools/batch/upgradeNodeImageVersion"), null, Ct);
        Assert.Equal("2", Header(response, "Retry-After"));
        var status = new Uri(Header(response, "Azure-AsyncOperation"));

        for (var i = 0; i < 4; i++)
        {
            using var poll = await client.GetAsync(status, Ct);
            Assert.Equal("InProgress", (await ReadJsonAsync(poll))["status"]!.GetValue<string>());
            Assert.Equal("2", Header(poll, "Retry-After"));
        }

        Assert.Equal(BatchImage, await PoolImageAsync(client, emulator, "batch"));
        emulator.Options.HoldOperations = false;

        using var done = await client.GetAsync(status, Ct);
        Assert.Equal("Succeeded", (await ReadJsonAsync(done))["status"]!.GetValue<string>());
        Assert.False(done.Headers.Contains("Retry-After"));
        Assert.Equal(LatestUbuntu2204, await PoolImageAsync(client, emulator, "batch"));
    }

    [Fact]
    public async Task OperationResults_WhileRunning202WithLocation_ThenTheFinalPool()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);
        using var response = await client.PostAsync(Url(emulator, $"{ClusterPath}/agentPools/batch/upgradeNodeImageVersion"), null, Ct);
        var location = response.Headers.Location!;

        using var running = await client.GetAsync(location, Ct);
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal(location, running.Headers.Location);

        using var done = await client.GetAsync(location, Ct);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(LatestUbuntu2204, (await ReadJsonAsync(done))["properties"]!["nodeImageVersion"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("providers/Microsoft.ContainerService/locations/eastus2/operations/00000000-0000-0000-0000-000000000000")]
    [InlineData("providers/Microsoft.ContainerService/locations/eastus2/operationresults/00000000-0000-0000-0000-000000000000")]
    [InlineData("providers/Microsoft.ContainerService/locations/westeurope/operations/{started}")]
    public async Task Operation_UnknownIdOrOtherLocation_Returns404(string path)
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);
        await StartUpgradeAsync(client, emulator, "batch");

        using var response = await client.GetAsync(Url(emulator, path.Replace("{started}", emulator.Operations[0].Id, StringComparison.Ordinal)), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("POST", "agentPools/web/upgradeNodeImageVersion", "upgrade node image version")]
    [InlineData("PUT", "agentPools/web", "upgrade node image version")]
    [InlineData("DELETE", "agentPools/batch", "upgrade node image version")]
    [InlineData("PUT", "", "upgrade node image version")]
    public async Task Write_WhileAnOperationRunsOnTheCluster_Returns409OperationNotAllowed(string method, string path, string running)
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);
        await StartUpgradeAsync(client, emulator, "batch");
        var operationId = emulator.Operations[0].Id;
        var body = method == "PUT"
            ? path.Length == 0 ? emulator.ClusterJson(Subscription, ResourceGroup, Cluster) : emulator.PoolJson(Subscription, ResourceGroup, Cluster, "web")
            : null;

        using var response = await SendAsync(client, new HttpMethod(method), Url(emulator, path.Length == 0 ? ClusterPath : $"{ClusterPath}/{path}"), body);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var error = (await ReadJsonAsync(response))["error"]!;
        Assert.Equal("OperationNotAllowed", error["code"]!.GetValue<string>());
        Assert.StartsWith($"Operation is not allowed because there's an in progress {running} operation (operation ID: {operationId}) on the agent pool batch started on UTC ",
            error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(emulator.Operations);
    }

    [Fact]
    public async Task PutPool_StaleIfMatch_Returns412AndKeepsThePool()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, new ArmEmulatorOptions { OperationPollsBeforeDone = 0 }, Ct);
        using var client = Client(emulator);
        var body = emulator.PoolJson(Subscription, ResourceGroup, Cluster, "web")!;
        using var first = await SendAsync(client, HttpMethod.Put, Url(emulator, $"{ClusterPath}/agentPools/web"), body);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = (await ReadJsonAsync(first))["properties"]!["eTag"]!.GetValue<string>();
        await GetJsonAsync(client, new Uri(Header(first, "Azure-AsyncOperation")));
        using var second = await SendAsync(client, HttpMethod.Put, Url(emulator, $"{ClusterPath}/agentPools/web"), body, ifMatch: $"\"{etag}\"");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await GetJsonAsync(client, new Uri(Header(second, "Azure-AsyncOperation")));
        var current = JsonNode.Parse(emulator.PoolJson(Subscription, ResourceGroup, Cluster, "web")!)!["properties"]!["eTag"]!.GetValue<string>();
        Assert.NotEqual(etag, current);

        using var stale = await SendAsync(client, HttpMethod.Put, Url(emulator, $"{ClusterPath}/agentPools/web"), body, ifMatch: $"\"{etag}\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("PreconditionFailed", (await ReadJsonAsync(stale))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(current, JsonNode.Parse(emulator.PoolJson(Subscription, ResourceGroup, Cluster, "web")!)!["properties"]!["eTag"]!.GetValue<string>());
        Assert.Equal(2, emulator.Operations.Count);
    }

    [Fact]
    public async Task PutPool_BodyWithUnknownProperties_KeepsThemVerbatimAndSetsServerFields()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);
        var body = JsonNode.Parse(emulator.PoolJson(Subscription, ResourceGroup, Cluster, "web")!)!.AsObject();
        body["properties"]!["futureSetting"] = new JsonObject { ["mode"] = "Strict", ["levels"] = new JsonArray(1, 2) };
        body["properties"]!["count"] = 7;
        body["properties"]!["provisioningState"] = "Whatever";
        body["topLevelExtra"] = "kept";

        using var response = await SendAsync(client, HttpMethod.Put, Url(emulator, $"{ClusterPath}/agentPools/web"), body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/locations/eastus2/operations/", Header(response, "Azure-AsyncOperation"), StringComparison.Ordinal);
        var stored = JsonNode.Parse(emulator.PoolJson(Subscription, ResourceGroup, Cluster, "web")!)!;
        Assert.Equal("""{"mode":"Strict","levels":[1,2]}""", stored["properties"]!["futureSetting"]!.ToJsonString());
        Assert.Equal("kept", stored["topLevelExtra"]!.GetValue<string>());
        Assert.Equal(7, stored["properties"]!["count"]!.GetValue<int>());
        Assert.Equal("Updating", stored["properties"]!["provisioningState"]!.GetValue<string>());
        Assert.True(Guid.TryParse(stored["properties"]!["eTag"]!.GetValue<string>(), out _));
        Assert.Equal($"/{ClusterPath}/agentPools/web", stored["id"]!.GetValue<string>());
        Assert.Equal("Microsoft.ContainerService/managedClusters/agentPools", stored["type"]!.GetValue<string>());

        await GetJsonAsync(client, new Uri(Header(response, "Azure-AsyncOperation")));
        await GetJsonAsync(client, new Uri(Header(response, "Azure-AsyncOperation")));
        var done = JsonNode.Parse(emulator.PoolJson(Subscription, ResourceGroup, Cluster, "web")!)!;
        Assert.Equal("Succeeded", done["properties"]!["provisioningState"]!.GetValue<string>());
        Assert.Equal("Strict", done["properties"]!["futureSetting"]!["mode"]!.GetValue<string>());
        var profile = JsonNode.Parse(emulator.ClusterJson(Subscription, ResourceGroup, Cluster)!)!["properties"]!["agentPoolProfiles"]!.AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == "web")!;
        Assert.Equal(7, profile["count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("batch", "Ubuntu2404", null, LatestUbuntu2404, "1.36.1")]
    [InlineData("batch", "AzureLinux3", null, "AKSAzureLinux-V3gen2-202611.10.0", "1.36.1")]
    [InlineData("batch", "Ubuntu2204", "1.37.0", LatestUbuntu2204, "1.37.0")]
    [InlineData("web", "Ubuntu2204", null, LatestUbuntu2204, "1.36.1")]
    public async Task PutPool_OsSkuOrVersionChange_TakesEffectWhenTheOperationSucceeds(string pool, string osSku, string? version, string expectedImage, string expectedCurrentVersion)
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);
        var before = JsonNode.Parse(emulator.PoolJson(Subscription, ResourceGroup, Cluster, pool)!)!;
        var body = before.DeepClone();
        body["properties"]!["osSKU"] = osSku;
        if (version is not null)
        {
            body["properties"]!["orchestratorVersion"] = version;
        }

        using var response = await SendAsync(client, HttpMethod.Put, Url(emulator, $"{ClusterPath}/agentPools/{pool}"), body.ToJsonString());
        var status = new Uri(Header(response, "Azure-AsyncOperation"));
        var running = JsonNode.Parse(emulator.PoolJson(Subscription, ResourceGroup, Cluster, pool)!)!["properties"]!;
        Assert.Equal(before["properties"]!["nodeImageVersion"]!.GetValue<string>(), running["nodeImageVersion"]!.GetValue<string>());
        Assert.Equal("1.36.1", running["currentOrchestratorVersion"]!.GetValue<string>());

        Assert.Equal("InProgress", (await GetJsonAsync(client, status))["status"]!.GetValue<string>());
        Assert.Equal("Succeeded", (await GetJsonAsync(client, status))["status"]!.GetValue<string>());

        var after = (await GetJsonAsync(client, Url(emulator, $"{ClusterPath}/agentPools/{pool}")))["properties"]!;
        Assert.Equal(expectedImage, after["nodeImageVersion"]!.GetValue<string>());
        Assert.Equal(expectedCurrentVersion, after["currentOrchestratorVersion"]!.GetValue<string>());
        Assert.Equal(osSku, after["osSKU"]!.GetValue<string>());
        Assert.Equal(EmulatedOperationKind.UpdateAgentPool, emulator.Operations.Single().Kind);
    }

    [Fact]
    public async Task PutPool_NewPool_Returns201CreatingThenHasTheNewestImageOfItsOsSku()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);
        // The request of azure-rest-api-specs AgentPoolsCreate_Update.json, with an osSKU.
        const string body = """
            {"properties":{"count":3,"mode":"User","nodeLabels":{"key1":"val1"},"nodeTaints":["Key1=Value1:NoSchedule"],"orchestratorVersion":"",
            "osType":"Linux","osSKU":"AzureLinux3","scaleSetEvictionPolicy":"Delete","scaleSetPriority":"Spot","tags":{"name1":"val1"},"vmSize":"Standard_DS1_v2"}}
            """;

        using var response = await SendAsync(client, HttpMethod.Put, Url(emulator, $"{ClusterPath}/agentPools/spot1"), body, ifNoneMatch: "*");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await ReadJsonAsync(response))["properties"]!;
        Assert.Equal("Creating", created["provisioningState"]!.GetValue<string>());
        Assert.Equal("1.36.1", created["orchestratorVersion"]!.GetValue<string>());
        Assert.Null(created["nodeImageVersion"]);
        Assert.Equal(5, (await GetJsonAsync(client, Url(emulator, $"{ClusterPath}/agentPools")))["value"]!.AsArray().Count);

        var status = new Uri(Header(response, "Azure-AsyncOperation"));
        await GetJsonAsync(client, status);
        Assert.Equal("Succeeded", (await GetJsonAsync(client, status))["status"]!.GetValue<string>());
        var pool = (await GetJsonAsync(client, Url(emulator, $"{ClusterPath}/agentPools/spot1")))["properties"]!;
        Assert.Equal("AKSAzureLinux-V3gen2-202611.10.0", pool["nodeImageVersion"]!.GetValue<string>());
        Assert.Equal("Succeeded", pool["provisioningState"]!.GetValue<string>());
        Assert.Equal("val1", pool["nodeLabels"]!["key1"]!.GetValue<string>());
        Assert.Equal(EmulatedOperationKind.CreateAgentPool, emulator.Operations.Single().Kind);

        using var again = await SendAsync(client, HttpMethod.Put, Url(emulator, $"{ClusterPath}/agentPools/spot1"), body, ifNoneMatch: "*");
        Assert.Equal(HttpStatusCode.PreconditionFailed, again.StatusCode);
    }

    [Theory]
    [InlineData("Ubuntu", "Linux", LatestUbuntu2404)] // the default SKU is Ubuntu 24.04 from Kubernetes 1.35 (the cluster runs 1.36.1)
    [InlineData(null, "Linux", LatestUbuntu2404)]
    [InlineData("Ubuntu2204", "Linux", LatestUbuntu2204)]
    [InlineData("CBLMariner", "Linux", "AKSCBLMariner-V2gen2-202512.06.0")]
    [InlineData("Flatcar", "Linux", "AKSFlatcar-flatcargen2-202606.01.0")]
    [InlineData("Windows2022", "Windows", "AKSWindows-2022-containerd-gen2-20348.4851.261111")]
    [InlineData(null, "Windows", "AKSWindows-2022-containerd-gen2-20348.4851.261111")]
    [InlineData("Windows2025", "Windows", "AKSWindows-2025-gen2-26100.8492.261111")]
    [InlineData("NoSuchOs", "Linux", null)]
    public async Task PutPool_CreateWithOsSku_GetsTheNewestImageOfThatOsInTheRegion(string? osSku, string osType, string? expectedImage)
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, new ArmEmulatorOptions { OperationPollsBeforeDone = 0 }, Ct);
        using var client = Client(emulator);
        var properties = new JsonObject { ["count"] = 1, ["vmSize"] = "Standard_D4s_v5", ["osType"] = osType, ["mode"] = "User" };
        if (osSku is not null)
        {
            properties["osSKU"] = osSku;
        }

        using var response = await SendAsync(client, HttpMethod.Put, Url(emulator, $"{ClusterPath}/agentPools/new1"), new JsonObject { ["properties"] = properties }.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Succeeded", (await GetJsonAsync(client, new Uri(Header(response, "Azure-AsyncOperation"))))["status"]!.GetValue<string>());

        var pool = (await GetJsonAsync(client, Url(emulator, $"{ClusterPath}/agentPools/new1")))["properties"]!;
        Assert.Equal(expectedImage, pool["nodeImageVersion"]?.GetValue<string>());
        Assert.Equal("1.36.1", pool["currentOrchestratorVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeletePool_Returns202DeletingThenThePoolIsGone()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);

        using var response = await client.DeleteAsync(Url(emulator, $"{ClusterPath}/agentPools/batch"), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("199", Header(response, "x-ms-ratelimit-remaining-subscription-deletes"));
        Assert.Equal("Deleting", await PoolStateAsync(client, emulator, "batch"));
        var location = response.Headers.Location!;
        using (var running = await client.GetAsync(location, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        }

        using (var done = await client.GetAsync(location, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        }

        using var gone = await client.GetAsync(Url(emulator, $"{ClusterPath}/agentPools/batch"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Null(emulator.PoolJson(Subscription, ResourceGroup, Cluster, "batch"));
        var names = (await GetJsonAsync(client, Url(emulator, ClusterPath)))["properties"]!["agentPoolProfiles"]!.AsArray().Select(p => p!["name"]!.GetValue<string>());
        Assert.Equal(["system", "web", "next"], names);

        using var deleteAgain = await client.DeleteAsync(Url(emulator, $"{ClusterPath}/agentPools/batch"), Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleteAgain.StatusCode);
    }

    [Theory]
    [InlineData("agentPools/batch/abort")]
    [InlineData("abort")]
    public async Task Abort_RunningUpgrade_Returns204AndTheOperationAndPoolAreCanceled(string abortPath)
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, new ArmEmulatorOptions { OperationPollsBeforeDone = 5 }, Ct);
        using var client = Client(emulator);
        var status = await StartUpgradeAsync(client, emulator, "batch");

        using var abort = await client.PostAsync(Url(emulator, $"{ClusterPath}/{abortPath}"), null, Ct);

        Assert.Equal(HttpStatusCode.NoContent, abort.StatusCode);
        Assert.Equal("Canceled", (await GetJsonAsync(client, status))["status"]!.GetValue<string>());
        Assert.Equal("Canceled", await PoolStateAsync(client, emulator, "batch"));
        Assert.Equal(BatchImage, await PoolImageAsync(client, emulator, "batch"));
        Assert.Equal(EmulatedOperationStatus.Canceled, emulator.Operations.Single().Status);

        using var next = await client.PostAsync(Url(emulator, $"{ClusterPath}/agentPools/batch/upgradeNodeImageVersion"), null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
    }

    [Theory]
    [InlineData("agentPools/web/abort")]
    [InlineData("abort")]
    public async Task Abort_NothingRunning_Returns409OperationNotAllowed(string abortPath)
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);

        using var abort = await client.PostAsync(Url(emulator, $"{ClusterPath}/{abortPath}"), null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, abort.StatusCode);
        var error = (await ReadJsonAsync(abort))["error"]!;
        Assert.Equal("OperationNotAllowed", error["code"]!.GetValue<string>());
        Assert.Equal("Cancel operation is not allowed when the ProvisioningState is Succeeded", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Abort_PoolWhileAnotherPoolUpgrades_Returns409AndTheUpgradeGoesOn()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);
        var status = await StartUpgradeAsync(client, emulator, "batch");

        using var abort = await client.PostAsync(Url(emulator, $"{ClusterPath}/agentPools/web/abort"), null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, abort.StatusCode);
        await GetJsonAsync(client, status);
        Assert.Equal("Succeeded", (await GetJsonAsync(client, status))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task FailNextOperation_EndsFailedWithTheErrorAndLeavesThePoolFailedAndUnchanged()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);
        emulator.FailNextOperation("VMExtensionProvisioningError", "Unable to establish outbound connection from agents.");
        var status = await StartUpgradeAsync(client, emulator, "batch");

        Assert.Equal("InProgress", (await GetJsonAsync(client, status))["status"]!.GetValue<string>());
        var failed = await GetJsonAsync(client, status);

        Assert.Equal("Failed", failed["status"]!.GetValue<string>());
        Assert.Equal("VMExtensionProvisioningError", failed["error"]!["code"]!.GetValue<string>());
        Assert.Equal("Unable to establish outbound connection from agents.", failed["error"]!["message"]!.GetValue<string>());
        Assert.Equal("Failed", await PoolStateAsync(client, emulator, "batch"));
        Assert.Equal(BatchImage, await PoolImageAsync(client, emulator, "batch"));
        Assert.Equal("VMExtensionProvisioningError", emulator.Operations.Single().ErrorCode);

        // Only the next operation fails.
        var retry = await StartUpgradeAsync(client, emulator, "batch");
        await GetJsonAsync(client, retry);
        Assert.Equal("Succeeded", (await GetJsonAsync(client, retry))["status"]!.GetValue<string>());
        Assert.Equal(LatestUbuntu2204, await PoolImageAsync(client, emulator, "batch"));
    }

    [Theory]
    [InlineData("POST", "/agentPools/batch/upgradeNodeImageVersion", "Microsoft.ContainerService/managedClusters/agentPools/upgradeNodeImageVersion/action")]
    [InlineData("PUT", "/agentPools/batch", "Microsoft.ContainerService/managedClusters/agentPools/write")]
    [InlineData("DELETE", "/agentPools/batch", "Microsoft.ContainerService/managedClusters/agentPools/delete")]
    [InlineData("PUT", "", "Microsoft.ContainerService/managedClusters/write")]
    [InlineData("POST", "/abort", "Microsoft.ContainerService/managedClusters/abort/action")]
    [InlineData("POST", "/agentPools/batch/abort", "Microsoft.ContainerService/managedClusters/agentPools/abort/action")]
    public async Task ReadOnlySubscription_Write_Returns403NamingTheWriteActionWhileReadsSucceed(string method, string path, string action)
    {
        var options = new ArmEmulatorOptions();
        options.ReadOnlySubscriptions.Add(Subscription.ToUpperInvariant());
        await using var emulator = await Emulator.StartAsync(s_sample.Value, options, Ct);
        using var client = Client(emulator);

        using var response = await SendAsync(client, new HttpMethod(method), Url(emulator, ClusterPath + path), method == "PUT" ? "{\"properties\":{}}" : null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = (await ReadJsonAsync(response))["error"]!;
        Assert.Equal("AuthorizationFailed", error["code"]!.GetValue<string>());
        Assert.Contains($"perform action '{action}' over scope", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(emulator.Operations);
        Assert.Equal("Succeeded", await PoolStateAsync(client, emulator, "batch"));
    }

    [Fact]
    public async Task PutCluster_NewKubernetesVersion_UpgradingThenCurrentVersionChangesAndPoolsKeepTheirs()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);
        var body = JsonNode.Parse(emulator.ClusterJson(Subscription, ResourceGroup, Cluster)!)!;
        body["properties"]!["kubernetesVersion"] = "1.37.0";
        body["properties"]!["someFutureProfile"] = new JsonObject { ["enabled"] = true };

        using var response = await SendAsync(client, HttpMethod.Put, Url(emulator, ClusterPath), body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var accepted = (await ReadJsonAsync(response))["properties"]!;
        Assert.Equal("Upgrading", accepted["provisioningState"]!.GetValue<string>());
        Assert.Equal("1.36.1", accepted["currentKubernetesVersion"]!.GetValue<string>());
        var etag = JsonNode.Parse(emulator.ClusterJson(Subscription, ResourceGroup, Cluster)!)!["eTag"]!.GetValue<string>();

        using var stale = await SendAsync(client, HttpMethod.Put, Url(emulator, ClusterPath), body.ToJsonString(), ifMatch: "\"other\"");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode); // the upgrade still runs: 409 comes first

        var status = new Uri(Header(response, "Azure-AsyncOperation"));
        await GetJsonAsync(client, status);
        Assert.Equal("Succeeded", (await GetJsonAsync(client, status))["status"]!.GetValue<string>());

        var cluster = await GetJsonAsync(client, Url(emulator, ClusterPath));
        Assert.Equal("1.37.0", cluster["properties"]!["currentKubernetesVersion"]!.GetValue<string>());
        Assert.Equal("Succeeded", cluster["properties"]!["provisioningState"]!.GetValue<string>());
        Assert.True(cluster["properties"]!["someFutureProfile"]!["enabled"]!.GetValue<bool>());
        Assert.Equal(etag, cluster["eTag"]!.GetValue<string>());
        Assert.All(cluster["properties"]!["agentPoolProfiles"]!.AsArray(), p => Assert.Equal("1.36.1", p!["currentOrchestratorVersion"]!.GetValue<string>()));

        using var staleAfter = await SendAsync(client, HttpMethod.Put, Url(emulator, ClusterPath), body.ToJsonString(), ifMatch: "\"other\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleAfter.StatusCode);
        using var fresh = await SendAsync(client, HttpMethod.Put, Url(emulator, ClusterPath), body.ToJsonString(), ifMatch: $"\"{etag}\"");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal("Updating", (await ReadJsonAsync(fresh))["properties"]!["provisioningState"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false, "Failed", "Failed")]
    [InlineData(true, "Canceled", "Canceled")]
    public async Task PutCluster_FailedOrAborted_KeepsCurrentKubernetesVersion(bool abort, string expectedStatus, string expectedState)
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);
        if (!abort)
        {
            emulator.FailNextOperation("UpgradeFailed", "Drain of node aks-system-0 did not complete: pods with PodDisruptionBudget.");
        }

        var body = JsonNode.Parse(emulator.ClusterJson(Subscription, ResourceGroup, Cluster)!)!;
        body["properties"]!["kubernetesVersion"] = "1.37.0";
        using var response = await SendAsync(client, HttpMethod.Put, Url(emulator, ClusterPath), body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = new Uri(Header(response, "Azure-AsyncOperation"));
        if (abort)
        {
            using var aborted = await client.PostAsync(Url(emulator, $"{ClusterPath}/abort"), null, Ct);
            Assert.Equal(HttpStatusCode.NoContent, aborted.StatusCode);
        }

        await GetJsonAsync(client, status);
        var final = await GetJsonAsync(client, status);

        Assert.Equal(expectedStatus, final["status"]!.GetValue<string>());
        Assert.Equal(abort ? null : "UpgradeFailed", final["error"]?["code"]?.GetValue<string>());
        var cluster = (await GetJsonAsync(client, Url(emulator, ClusterPath)))["properties"]!;
        Assert.Equal(expectedState, cluster["provisioningState"]!.GetValue<string>());
        Assert.Equal("1.36.1", cluster["currentKubernetesVersion"]!.GetValue<string>());
        Assert.Equal("1.37.0", cluster["kubernetesVersion"]!.GetValue<string>());
        using var result = await client.GetAsync(response.Headers.Location!, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
    }

    [Fact]
    public async Task PutPool_MalformedBody_Returns400InvalidRequestContent()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);

        using var response = await SendAsync(client, HttpMethod.Put, Url(emulator, $"{ClusterPath}/agentPools/web"), "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidRequestContent", (await ReadJsonAsync(response))["error"]!["code"]!.GetValue<string>());
        Assert.Empty(emulator.Operations);
    }

    [Fact]
    public async Task ConcurrentWrites_SameClusterOnlyOneStarts_OtherClustersAllStart()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);
        var pools = new[] { "system", "web", "batch", "next" };

        var sameCluster = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            using var response = await client.PostAsync(Url(emulator, $"{ClusterPath}/agentPools/{pools[i % pools.Length]}/upgradeNodeImageVersion"), null, Ct);
            return response.StatusCode;
        }));

        Assert.Equal(1, sameCluster.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(11, sameCluster.Count(s => s == HttpStatusCode.Conflict));
        Assert.Single(emulator.Operations);

        var others = s_sample.Value.ManagedClusters[Subscription].Select(c => c["id"]!.GetValue<string>())
            .Where(id => !id.EndsWith("/" + Cluster, StringComparison.Ordinal))
            .Select(id => (Id: id, Pool: JsonNode.Parse(emulator.ClusterJson(Subscription, id.Split('/')[4], id.Split('/')[^1])!)!["properties"]!["agentPoolProfiles"]![0]!["name"]!.GetValue<string>()))
            .ToArray();
        Assert.NotEmpty(others);
        var otherClusters = await Task.WhenAll(others.Select(async c =>
        {
            using var response = await client.PostAsync(new Uri(emulator.BaseUri, $"{c.Id.TrimStart('/')}/agentPools/{c.Pool}/upgradeNodeImageVersion?api-version={Api}"), null, Ct);
            return response.StatusCode;
        }));

        Assert.All(otherClusters, s => Assert.Equal(HttpStatusCode.Accepted, s));
        Assert.Equal(1 + others.Length, emulator.Operations.Count);
    }

    [Fact]
    public async Task Operation_UnderTheSubscriptionAsAksAlsoLinksIt_AnswersTheSameStatus()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);
        await StartUpgradeAsync(client, emulator, "batch");
        var id = emulator.Operations[0].Id;

        var status = await GetJsonAsync(client, Url(emulator, $"subscriptions/{Subscription}/providers/Microsoft.ContainerService/locations/eastus2/operations/{id}"));

        Assert.Equal("InProgress", status["status"]!.GetValue<string>());
        Assert.Equal(1, emulator.Operations[0].Polls);
    }

    private static async Task<Uri> StartUpgradeAsync(HttpClient client, Emulator emulator, string pool)
    {
        using var response = await client.PostAsync(Url(emulator, $"{ClusterPath}/agentPools/{pool}/upgradeNodeImageVersion"), null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return new Uri(Header(response, "Azure-AsyncOperation"));
    }

    private static async Task<string> PoolStateAsync(HttpClient client, Emulator emulator, string pool) =>
        (await GetJsonAsync(client, Url(emulator, $"{ClusterPath}/agentPools/{pool}")))["properties"]!["provisioningState"]!.GetValue<string>();

    private static async Task<string> PoolImageAsync(HttpClient client, Emulator emulator, string pool) =>
        (await GetJsonAsync(client, Url(emulator, $"{ClusterPath}/agentPools/{pool}")))["properties"]!["nodeImageVersion"]!.GetValue<string>();

    private static Uri Url(Emulator emulator, string path) => new(emulator.BaseUri, $"{path}?api-version={Api}");

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, Uri uri, string? body, string? ifMatch = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await client.SendAsync(request, Ct);
    }

    private static async Task<JsonObject> GetJsonAsync(HttpClient client, Uri uri)
    {
        using var response = await client.GetAsync(uri, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    private static HttpClient Client(Emulator emulator)
    {
        var client = new HttpClient(emulator.CreateTrustingHandler()) { BaseAddress = emulator.BaseUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
        return client;
    }

    private static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        Assert.IsType<JsonObject>(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)));

    private static string SampleFilePath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "AksUpgradeDashboard", "Azure", "Sample", "sample-fleet.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"src/AksUpgradeDashboard/Azure/Sample/sample-fleet.json not found above {AppContext.BaseDirectory}.");
    }
}
