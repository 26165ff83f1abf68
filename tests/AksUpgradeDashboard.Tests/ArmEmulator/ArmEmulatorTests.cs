using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AksUpgradeDashboard.ArmEmulator;
using Emulator = AksUpgradeDashboard.ArmEmulator.ArmEmulator;

namespace AksUpgradeDashboard.Tests.ArmEmulator;

public sealed class ArmEmulatorTests
{
    private const string ClustersApi = "2026-08-01";
    private const string ImagesApi = "2026-05-02-preview";
    private const string ProductionSubscription = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";
    private const string SampleErrorSubscription = "e7f8a9b0-c1d2-4e3f-8a4b-5c6d7e8f9a54";

    private static readonly Lazy<ArmFleet> s_sample = new(() => ArmFleet.FromSampleFile(SampleFilePath()));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Paging_SampleFleetWithPageSize7_FollowsAbsoluteNextLinksAndReturnsEveryClusterOnce()
    {
        var fleet = s_sample.Value;
        await using var emulator = await Emulator.StartAsync(fleet, new ArmEmulatorOptions { PageSize = 7 }, Ct);
        using var client = Client(emulator);

        var seen = new List<string>();
        var pages = 0;
        foreach (var subscriptionId in fleet.SubscriptionIds.Where(id => !fleet.SubscriptionErrors.ContainsKey(id)))
        {
            var next = new Uri(emulator.BaseUri, $"subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/managedClusters?api-version={ClustersApi}");
            while (next is not null)
            {
                using var response = await client.GetAsync(next, Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var page = await ReadJsonAsync(response);
                var items = page["value"]!.AsArray();
                Assert.InRange(items.Count, 1, 7);
                seen.AddRange(items.Select(c => c!["id"]!.GetValue<string>()));
                pages++;

                if (page["nextLink"]?.GetValue<string>() is { } link)
                {
                    next = new Uri(link, UriKind.Absolute);
                    Assert.Equal(emulator.BaseUri.GetLeftPart(UriPartial.Authority), next.GetLeftPart(UriPartial.Authority));
                    Assert.Contains($"api-version={ClustersApi}", next.Query, StringComparison.Ordinal);
                    Assert.Contains("$skipToken=", next.Query, StringComparison.Ordinal);
                    Assert.Equal(7, items.Count);
                }
                else
                {
                    next = null;
                }
            }
        }

        var expected = fleet.Clusters.Select(c => c["id"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(expected, seen.Order(StringComparer.Ordinal));
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.True(pages > fleet.ManagedClusters.Count, $"{pages} pages: some subscription should need more than one page");
    }

    [Fact]
    public async Task Tls_UntrustingOrOtherEmulatorsHandler_FailsCertificateValidation()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        await using var other = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        var uri = new Uri(emulator.BaseUri, $"subscriptions?api-version={ClustersApi}");

        using var untrusting = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(uri, Ct));

        using var trustsOther = new HttpClient(other.CreateTrustingHandler());
        await Assert.ThrowsAsync<HttpRequestException>(() => trustsOther.GetAsync(uri, Ct));

        using var trusting = Client(emulator);
        using var response = await trusting.GetAsync(uri, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https", emulator.BaseUri.Scheme);
        Assert.Equal(IPAddress.Loopback.ToString(), emulator.BaseUri.Host);
    }

    [Fact]
    public async Task ApiVersion_Missing_Returns400MissingApiVersionParameterWithArmHeaders()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);

        using var response = await client.GetAsync(new Uri(emulator.BaseUri, $"subscriptions/{ProductionSubscription}/providers/Microsoft.ContainerService/managedClusters"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MissingApiVersionParameter", ErrorCode(await ReadJsonAsync(response)));
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.True(Guid.TryParse(response.Headers.GetValues("x-ms-request-id").Single(), out _));
        Assert.True(Guid.TryParse(response.Headers.GetValues("x-ms-correlation-request-id").Single(), out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Auth_MissingBearerToken_Returns401WithWwwAuthenticate(string? authorization)
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator, withToken: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.BaseUri, $"subscriptions?api-version={ClustersApi}"));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("InvalidAuthenticationToken", ErrorCode(await ReadJsonAsync(response)));
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Theory]
    [InlineData("providers/Microsoft.ContainerService/managedClusters")]
    [InlineData("providers/Microsoft.ContainerService/locations/westeurope/nodeImageVersions")]
    [InlineData("resourceGroups/rg-payments-prod/providers/Microsoft.ContainerService/managedClusters/aks-payments-prod-weu/agentPools/system/upgradeProfiles/default")]
    public async Task ForbiddenSubscription_AnyPath_Returns403AuthorizationFailed(string pathUnderSubscription)
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        emulator.Options.ForbiddenSubscriptions.Add(ProductionSubscription.ToUpperInvariant());
        using var client = Client(emulator);

        using var forbidden = await client.GetAsync(new Uri(emulator.BaseUri, $"subscriptions/{ProductionSubscription}/{pathUnderSubscription}?api-version={ClustersApi}"), Ct);
        using var sampleError = await client.GetAsync(new Uri(emulator.BaseUri, $"subscriptions/{SampleErrorSubscription}/{pathUnderSubscription}?api-version={ClustersApi}"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var error = (await ReadJsonAsync(forbidden))["error"]!;
        Assert.Equal("AuthorizationFailed", error["code"]!.GetValue<string>());
        Assert.Contains($"over scope '/subscriptions/{ProductionSubscription}'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // The sample file's subscriptionErrors entry is served verbatim.
        Assert.Equal(HttpStatusCode.Forbidden, sampleError.StatusCode);
        Assert.True(JsonNode.DeepEquals(s_sample.Value.SubscriptionErrors[SampleErrorSubscription], await ReadJsonAsync(sampleError)));
    }

    [Fact]
    public async Task InjectFaults_Two429WithRetryAfter_ThenSucceeds()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);
        var uri = new Uri(emulator.BaseUri, $"subscriptions?api-version={ClustersApi}");

        emulator.InjectFaults(2, 429, TimeSpan.FromSeconds(1));
        for (var i = 0; i < 2; i++)
        {
            using var throttled = await client.GetAsync(uri, Ct);
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter?.Delta);
            Assert.Equal("TooManyRequests", ErrorCode(await ReadJsonAsync(throttled)));
        }

        using var ok = await client.GetAsync(uri, Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        emulator.InjectFaults(1, 503);
        using var unavailable = await client.GetAsync(uri, Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Equal("ServiceUnavailable", ErrorCode(await ReadJsonAsync(unavailable)));
    }

    [Fact]
    public async Task Throttling_BucketOf3RefillingOnePerSecond_FourthRapidRequestReturns429WithRetryAfter()
    {
        var options = new ArmEmulatorOptions { Throttling = true, BucketSize = 3, RefillPerSecond = 1 };
        await using var emulator = await Emulator.StartAsync(s_sample.Value, options, Ct);
        using var client = Client(emulator);
        var uri = new Uri(emulator.BaseUri, $"subscriptions/{ProductionSubscription}/providers/Microsoft.ContainerService/managedClusters?api-version={ClustersApi}");

        var remaining = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.GetAsync(uri, Ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            remaining.Add(int.Parse(ok.Headers.GetValues("x-ms-ratelimit-remaining-subscription-reads").Single(), System.Globalization.CultureInfo.InvariantCulture));
        }

        using var throttled = await client.GetAsync(uri, Ct);
        using var otherSubscription = await client.GetAsync(new Uri(emulator.BaseUri, $"subscriptions/0b9e7f21-3c5d-4e8a-b2f1-7d6c5a4e3b21/providers/Microsoft.ContainerService/managedClusters?api-version={ClustersApi}"), Ct);

        Assert.Equal([2, 1, 0], remaining);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After {throttled.Headers.RetryAfter}");
        Assert.Equal("TooManyRequests", ErrorCode(await ReadJsonAsync(throttled)));
        Assert.Equal(HttpStatusCode.OK, otherSubscription.StatusCode); // one bucket per subscription
    }

    [Fact]
    public async Task Requests_IncludingFailedOnes_AreRecordedWithApiVersionAuthorizationAndStatus()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);

        using (await client.GetAsync(new Uri(emulator.BaseUri, $"subscriptions?api-version={ClustersApi}"), Ct))
        using (await client.GetAsync(new Uri(emulator.BaseUri, $"subscriptions/{ProductionSubscription}/providers/Microsoft.ContainerService/managedClusters"), Ct))
        {
        }

        var requests = emulator.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(("GET", "/subscriptions", ClustersApi, "Bearer test-token", (string?)null, 200),
            (requests[0].Method, requests[0].Path, requests[0].ApiVersion, requests[0].Authorization, requests[0].SubscriptionId, requests[0].StatusCode));
        Assert.Equal($"?api-version={ClustersApi}", requests[0].Query);
        Assert.Equal((null, ProductionSubscription, 400), (requests[1].ApiVersion, requests[1].SubscriptionId, requests[1].StatusCode));
        Assert.All(requests, r => Assert.InRange(r.ReceivedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow));

        emulator.ClearRequests();
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public void Generate_LargeFleet_HasExactCountsAndIsDeterministicForASeed()
    {
        var fleet = ArmFleet.Generate(20, 2000, 10000, 30);

        Assert.Equal(2000, fleet.ClusterCount);
        Assert.Equal(10000, fleet.NodePoolCount);
        Assert.Equal(30, fleet.Locations.Count);
        Assert.Equal(20, fleet.SubscriptionIds.Count);
        Assert.Equal(20, fleet.SubscriptionIds.Distinct().Count());
        Assert.Equal(30, fleet.Clusters.Select(c => c["location"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(2000, fleet.Clusters.Select(c => c["id"]!.GetValue<string>()).Distinct(StringComparer.OrdinalIgnoreCase).Count());

        Assert.Equal(fleet.ToSampleJson(), ArmFleet.Generate(20, 2000, 10000, 30, seed: 42).ToSampleJson());
        Assert.NotEqual(fleet.ToSampleJson(), ArmFleet.Generate(20, 2000, 10000, 30, seed: 7).ToSampleJson());
    }

    [Fact]
    public void Generate_Fleet_HasRealisticMixOfImagesAndMaintenanceWindows()
    {
        var fleet = ArmFleet.Generate(10, 1000, 5000, 12);
        var pools = fleet.Clusters
            .SelectMany(c => c["properties"]!["agentPoolProfiles"]!.AsArray().Select(p => (Location: c["location"]!.GetValue<string>(), Pool: p!)))
            .ToList();
        string Image((string Location, JsonNode Pool) p) => p.Pool["nodeImageVersion"]!.GetValue<string>();

        Assert.Contains(pools, p => Image(p).StartsWith("AKSUbuntu-2204gen2containerd-", StringComparison.Ordinal));
        Assert.Contains(pools, p => Image(p).StartsWith("AKSUbuntu-2404gen2containerd-", StringComparison.Ordinal));
        Assert.Contains(pools, p => Image(p).StartsWith("AKSAzureLinux-V3gen2-", StringComparison.Ordinal));
        Assert.Contains(pools, p => Image(p) == "AKSCBLMariner-V2gen2-202512.06.0");
        Assert.Contains(pools, p => Image(p).StartsWith("AKSWindows-2022-containerd-gen2-", StringComparison.Ordinal) && p.Pool["osType"]!.GetValue<string>() == "Windows");
        Assert.Contains(pools, p => Image(p).StartsWith("AKSWindows-2019-containerd-", StringComparison.Ordinal));
        Assert.Contains(pools, p => p.Pool["enableFIPS"]!.GetValue<bool>());
        Assert.InRange(pools.Count(p => p.Pool["osType"]!.GetValue<string>() == "Windows") / (double)pools.Count, 0.02, 0.25);
        Assert.All(fleet.Clusters, c => Assert.Equal("System", c["properties"]!["agentPoolProfiles"]![0]!["mode"]!.GetValue<string>()));

        // Each region lists one (latest) entry per lineage; pools are on it or 1–6 releases behind.
        var latest = fleet.NodeImageVersions.ToDictionary(
            l => l.Key,
            l => l.Value.ToDictionary(i => Lineage(i["fullName"]!.GetValue<string>()), i => i["fullName"]!.GetValue<string>()));
        Assert.Equal(12, latest.Count);
        var onLatest = pools.Count(p => latest[p.Location].ContainsValue(Image(p)));
        Assert.InRange(onLatest / (double)pools.Count, 0.3, 0.8);
        Assert.All(pools, p => Assert.Single(latest[p.Location], l => Image(p).StartsWith(l.Key, StringComparison.Ordinal)));

        var withWindow = fleet.MaintenanceConfigurations.Count / (double)fleet.ClusterCount;
        Assert.InRange(withWindow, 0.25, 0.35);
        var schedule = fleet.MaintenanceConfigurations.Values.First().Single();
        Assert.Equal("aksManagedNodeOSUpgradeSchedule", schedule["name"]!.GetValue<string>());
        Assert.NotNull(schedule["properties"]!["maintenanceWindow"]!["schedule"]!["weekly"]!["dayOfWeek"]);
    }

    [Fact]
    public async Task NodeImageVersions_UnavailableAfterServing_Returns400InvalidApiVersionParameter()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);
        var uri = new Uri(emulator.BaseUri, $"subscriptions/{ProductionSubscription}/providers/Microsoft.ContainerService/locations/westeurope/nodeImageVersions?api-version={ImagesApi}");

        using var available = await client.GetAsync(uri, Ct);
        emulator.Options.PageNodeImageVersions = true;
        using var paged = await client.GetAsync(uri, Ct);
        emulator.Options.NodeImageVersionsAvailable = false;
        using var unavailable = await client.GetAsync(uri, Ct);

        Assert.Equal(HttpStatusCode.OK, available.StatusCode);
        var all = await ReadJsonAsync(available);
        Assert.Equal(119, all["value"]!.AsArray().Count); // one response by default
        Assert.Null(all["nextLink"]);
        var firstPage = await ReadJsonAsync(paged);
        Assert.Equal(100, firstPage["value"]!.AsArray().Count); // default page size 100 when paging is asked for
        Assert.NotNull(firstPage["nextLink"]);
        Assert.Equal(HttpStatusCode.BadRequest, unavailable.StatusCode);
        Assert.Equal("InvalidApiVersionParameter", ErrorCode(await ReadJsonAsync(unavailable)));
    }

    [Fact]
    public async Task NodeImageVersions_WindowsItems_CarryTheGalleryDefinitionAsSkuAsAzureDoes()
    {
        // Real shape (karpenter-provider-azure's ListNodeImageVersions capture): sku "windows-2022-containerd-gen2" for
        // fullName "AKSWindows-2022-containerd-gen2-…"; os + sku does not rebuild the full name.
        var fleet = ArmFleet.Generate(2, 40, 160, 2, seed: 5);
        await using var emulator = await Emulator.StartAsync(fleet, cancellationToken: Ct);
        using var client = Client(emulator);
        var windows = new List<JsonNode>();
        foreach (var location in fleet.NodeImageVersions.Keys)
        {
            using var response = await client.GetAsync(new Uri(emulator.BaseUri, $"subscriptions/{fleet.SubscriptionIds[0]}/providers/Microsoft.ContainerService/locations/{location}/nodeImageVersions?api-version={ImagesApi}"), Ct);
            windows.AddRange((await ReadJsonAsync(response))["value"]!.AsArray().OfType<JsonNode>().Where(i => i["os"]!.GetValue<string>() == "AKSWindows"));
        }

        Assert.NotEmpty(windows);
        Assert.All(windows, i =>
        {
            var sku = i["sku"]!.GetValue<string>();
            Assert.StartsWith("windows-", sku, StringComparison.Ordinal);
            Assert.StartsWith("AKSWindows-" + sku["windows-".Length..] + "-", i["fullName"]!.GetValue<string>(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task KubernetesVersions_SampleLocation_ServesTheSpecShapeUnpaged()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);

        using var response = await client.GetAsync(new Uri(emulator.BaseUri, $"subscriptions/{ProductionSubscription}/providers/Microsoft.ContainerService/locations/westeurope/kubernetesVersions?api-version={ClustersApi}"), Ct);
        using var unknownRegion = await client.GetAsync(new Uri(emulator.BaseUri, $"subscriptions/{ProductionSubscription}/providers/Microsoft.ContainerService/locations/nowhere/kubernetesVersions?api-version={ClustersApi}"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        var values = body["values"]!.AsArray();
        Assert.Null(body["value"]);
        Assert.Null(body["nextLink"]);
        Assert.Contains(values, v => v!["isPreview"]?.GetValue<bool>() == true);
        Assert.All(values, v => Assert.NotNull(v!["capabilities"]!["supportPlan"]!.AsArray()));
        Assert.All(values, v => Assert.IsType<JsonObject>(v!["patchVersions"]));
        Assert.Empty((await ReadJsonAsync(unknownRegion))["values"]!.AsArray());
    }

    [Theory]
    [InlineData("AKSUbuntu-2204gen2containerd-202610.06.0", "westeurope", "AKSUbuntu-2204gen2containerd-202611.10.0")]
    [InlineData("AKSWindows-2022-containerd-gen2-20348.4780.261014", "eastus2", "AKSWindows-2022-containerd-gen2-20348.4851.261111")]
    [InlineData("AKSWindows-2022-containerd-20348.4712.260909", "westeurope", "AKSWindows-2022-containerd-20348.4851.261111")]
    [InlineData("AKSCBLMariner-V2gen2-202511.20.0", "westeurope", "AKSCBLMariner-V2gen2-202512.06.0")]
    public async Task UpgradeProfile_SamplePool_ReturnsRegionsLatestImageOfItsLineage(string poolImage, string location, string expectedLatest)
    {
        var fleet = s_sample.Value;
        var (cluster, pool) = fleet.Clusters
            .Where(c => c["location"]!.GetValue<string>() == location)
            .SelectMany(c => ArmPools(c).Select(p => (Cluster: c, Pool: p)))
            .First(x => x.Pool["nodeImageVersion"]?.GetValue<string>() == poolImage);
        await using var emulator = await Emulator.StartAsync(fleet, cancellationToken: Ct);
        using var client = Client(emulator);
        var poolId = $"{cluster["id"]}/agentPools/{pool["name"]}";

        using var response = await client.GetAsync(new Uri(emulator.BaseUri, $"{poolId.TrimStart('/').ToUpperInvariant()}/upgradeProfiles/default?api-version={ClustersApi}"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var profile = await ReadJsonAsync(response);
        Assert.Equal("default", profile["name"]!.GetValue<string>());
        Assert.Equal("Microsoft.ContainerService/managedClusters/agentPools/upgradeProfiles", profile["type"]!.GetValue<string>());
        Assert.StartsWith(poolId, profile["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(expectedLatest, profile["properties"]!["latestNodeImageVersion"]!.GetValue<string>());
        Assert.Equal(pool["osType"]!.GetValue<string>(), profile["properties"]!["osType"]!.GetValue<string>());
        Assert.Equal(pool["orchestratorVersion"]!.GetValue<string>(), profile["properties"]!["kubernetesVersion"]!.GetValue<string>());
        Assert.Empty(profile["properties"]!["upgrades"]!.AsArray());
    }

    [Fact]
    public async Task UpgradeProfile_GeneratedFleet_MatchesTheRegionsNodeImageVersions()
    {
        var fleet = ArmFleet.Generate(3, 40, 160, 5, seed: 3);
        await using var emulator = await Emulator.StartAsync(fleet, new ArmEmulatorOptions { PageSize = 1000 }, Ct);
        using var client = Client(emulator);
        var subscription = fleet.SubscriptionIds[0];

        foreach (var cluster in fleet.Clusters.Take(10))
        {
            var location = cluster["location"]!.GetValue<string>();
            using var imagesResponse = await client.GetAsync(new Uri(emulator.BaseUri, $"subscriptions/{subscription}/providers/Microsoft.ContainerService/locations/{location}/nodeImageVersions?api-version={ImagesApi}"), Ct);
            var images = (await ReadJsonAsync(imagesResponse))["value"]!.AsArray().Select(i => i!["fullName"]!.GetValue<string>()).ToList();

            foreach (var pool in ArmPools(cluster))
            {
                using var response = await client.GetAsync(new Uri(emulator.BaseUri, $"{cluster["id"]!.GetValue<string>().TrimStart('/')}/agentPools/{pool["name"]}/upgradeProfiles/default?api-version={ClustersApi}"), Ct);
                var latest = (await ReadJsonAsync(response))["properties"]!["latestNodeImageVersion"]!.GetValue<string>();
                var current = pool["nodeImageVersion"]!.GetValue<string>();

                Assert.Contains(latest, images);
                Assert.Equal(current[..current.LastIndexOf('-')], latest[..latest.LastIndexOf('-')]);
                Assert.True(NodeImageVersions.CompareVersions(current[(current.LastIndexOf('-') + 1)..], latest[(latest.LastIndexOf('-') + 1)..]) <= 0);
            }
        }
    }

    [Theory]
    [InlineData("subscriptions/{sub}/providers/Microsoft.Compute/virtualMachines", "NotFound")]
    [InlineData("providers/Microsoft.ResourceGraph/resources", "NotFound")]
    [InlineData("subscriptions/00000000-0000-0000-0000-00000000dead/providers/Microsoft.ContainerService/managedClusters", "SubscriptionNotFound")]
    [InlineData("subscriptions/{sub}/resourceGroups/rg-payments-prod/providers/Microsoft.ContainerService/managedClusters/missing/agentPools/system/upgradeProfiles/default", "ResourceNotFound")]
    [InlineData("subscriptions/{sub}/resourceGroups/rg-payments-prod/providers/Microsoft.ContainerService/managedClusters/aks-payments-prod-weu/agentPools/missing/upgradeProfiles/default", "ResourceNotFound")]
    public async Task Routes_UnknownPathOrResource_Return404WithArmErrorCode(string path, string expectedCode)
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, cancellationToken: Ct);
        using var client = Client(emulator);

        using var response = await client.GetAsync(new Uri(emulator.BaseUri, $"{path.Replace("{sub}", ProductionSubscription, StringComparison.Ordinal)}?api-version={ClustersApi}"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(expectedCode, ErrorCode(await ReadJsonAsync(response)));
    }

    [Fact]
    public async Task FromOfficialExamples_ServesExampleClusterImagesAndMaintenanceConfigurations()
    {
        var fleet = ArmFleet.FromOfficialExamples(Path.Combine(AppContext.BaseDirectory, "TestData", "arm-examples"));
        await using var emulator = await Emulator.StartAsync(fleet, cancellationToken: Ct);
        using var client = Client(emulator);
        var first = fleet.SubscriptionIds[0];

        using var subscriptions = await client.GetAsync(new Uri(emulator.BaseUri, "subscriptions?api-version=2022-12-01"), Ct);
        using var clusters = await client.GetAsync(new Uri(emulator.BaseUri, $"subscriptions/{first}/providers/Microsoft.ContainerService/managedClusters?api-version={ClustersApi}"), Ct);
        using var images = await client.GetAsync(new Uri(emulator.BaseUri, $"subscriptions/{first}/providers/Microsoft.ContainerService/locations/location1/nodeImageVersions?api-version={ImagesApi}"), Ct);
        using var maintenance = await client.GetAsync(new Uri(emulator.BaseUri, $"subscriptions/{first}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/maintenanceConfigurations?api-version={ClustersApi}"), Ct);

        var subscriptionPage = await ReadJsonAsync(subscriptions);
        Assert.Equal(2, subscriptionPage["value"]!.AsArray().Count);
        Assert.Null(subscriptionPage["nextLink"]); // the example's "http://nextlink" is not served
        var cluster = Assert.Single((await ReadJsonAsync(clusters))["value"]!.AsArray())!;
        Assert.Equal($"/subscriptions/{first}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1", cluster["id"]!.GetValue<string>());
        Assert.Equal(2, (await ReadJsonAsync(images))["value"]!.AsArray().Count);
        Assert.Equal(["aksManagedNodeOSUpgradeSchedule", "aksManagedAutoUpgradeSchedule"],
            (await ReadJsonAsync(maintenance))["value"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
        Assert.Equal((1, 1), (fleet.ClusterCount, fleet.NodePoolCount));
        Assert.Equal(["location1"], fleet.Locations);
    }

    [Fact]
    public async Task HangFor_ClientTimeoutShorterThanHang_ClientGivesUpAndRequestIsRecorded()
    {
        await using var emulator = await Emulator.StartAsync(s_sample.Value, new ArmEmulatorOptions { HangFor = TimeSpan.FromSeconds(30) }, Ct);
        using var client = Client(emulator);
        client.Timeout = TimeSpan.FromMilliseconds(300);

        await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync(new Uri(emulator.BaseUri, $"subscriptions?api-version={ClustersApi}"), Ct));

        var recorded = Assert.Single(emulator.Requests);
        Assert.Contains(recorded.StatusCode, new[] { 0, Emulator.ClientClosedRequest });
    }

    private static HttpClient Client(Emulator emulator, bool withToken = true)
    {
        var client = new HttpClient(emulator.CreateTrustingHandler()) { BaseAddress = emulator.BaseUri };
        if (withToken)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
        }

        return client;
    }

    private static IEnumerable<JsonNode> ArmPools(JsonNode cluster) => cluster["properties"]!["agentPoolProfiles"]!.AsArray().OfType<JsonNode>();

    private static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        Assert.IsType<JsonObject>(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)));

    private static string ErrorCode(JsonObject body) => body["error"]!["code"]!.GetValue<string>();

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

    // A lineage is the full name without its version (for Windows, os + sku is not: the sku is the gallery definition).
    private static string Lineage(string fullName) => fullName[..(fullName.LastIndexOf('-') + 1)];
}
