using System.Diagnostics;
using AksUpgradeDashboard.ArmEmulator;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Tests.Shared;
using Emulator = AksUpgradeDashboard.ArmEmulator.ArmEmulator;

namespace AksUpgradeDashboard.Tests.Azure;

/// <summary>The real client and pipeline over real HTTPS to the local ARM emulator; only the credential is fake.</summary>
public class AzureInventorySourceTests
{
    private const string StagingSubscription = "0b9e7f21-3c5d-4e8a-b2f1-7d6c5a4e3b21";
    private const string ForbiddenSubscription = "e7f8a9b0-c1d2-4e3f-8a4b-5c6d7e8f9a54";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Load_SampleFleetServedOverArm_JudgesEveryPoolLikeTheSample()
    {
        // Arrange
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        var options = AzureTestSetup.Options(emulator);
        var source = AzureTestSetup.Source(AzureTestSetup.Client(emulator, options), options);

        // Act
        var azure = AzureTestSetup.Assess(await source.LoadAsync(null, Ct));
        var sample = await TestFleet.SampleAsync();

        // Assert: same pools, same statuses, same latest images, same OS.
        Assert.Equal("Azure", azure.Snapshot.Source);
        Assert.Equal(sample.Pools.Select(p => p.Id).Order(), azure.Pools.Select(p => p.Id).Order());
        var byId = azure.Pools.ToDictionary(p => p.Id);
        Assert.All(sample.Pools, expected =>
        {
            var actual = byId[expected.Id];
            Assert.Equal(expected.Status, actual.Status);
            Assert.Equal(expected.Assessment.LatestNodeImageVersion, actual.Assessment.LatestNodeImageVersion);
            Assert.Equal(expected.Assessment.Os?.Id, actual.Assessment.Os?.Id);
            Assert.Equal(expected.Assessment.KubernetesSupport.Status, actual.Assessment.KubernetesSupport.Status);
            Assert.Equal(expected.Assessment.KubernetesSupport.Upgrades, actual.Assessment.KubernetesSupport.Upgrades);
        });
        Assert.Equal(sample.Clusters.Select(c => c.KubernetesSupport.Status), azure.Clusters.Select(c => c.KubernetesSupport.Status));
        var forbidden = Assert.Single(azure.Subscriptions, s => s.Subscription.Error is not null);
        Assert.Equal(ForbiddenSubscription, forbidden.Subscription.SubscriptionId);
        Assert.Equal("AuthorizationFailed", forbidden.Subscription.Error!.Code);
    }

    // Defect: the emulator served Windows SKUs in a shape Azure never sends, and the mapper rebuilt names from os + sku;
    // on the real shape (sku = gallery definition) every Windows pool was Unknown.
    [Fact]
    public async Task Load_WindowsPoolsOverTheRealShape_HaveTheirLatestImage()
    {
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        var options = AzureTestSetup.Options(emulator);
        var source = AzureTestSetup.Source(AzureTestSetup.Client(emulator, options), options);

        var fleet = AzureTestSetup.Assess(await source.LoadAsync(null, Ct));

        Assert.Contains(fleet.Snapshot.LatestImages, i => i.FullName.StartsWith("AKSWindows-2022-containerd-gen2-", StringComparison.Ordinal));
        var windows = fleet.Pools.Where(p => p.Pool.OsType == "Windows" && p.Pool.NodeImageVersion is not null && p.Cluster.Location != "israelcentral").ToList();
        Assert.NotEmpty(windows);
        Assert.All(windows, p =>
        {
            Assert.NotNull(p.Assessment.LatestNodeImageVersion);
            Assert.StartsWith(p.Assessment.Image.Lineage + "-", p.Assessment.LatestNodeImageVersion, StringComparison.Ordinal);
            Assert.NotEqual(PoolStatus.Unknown, p.Status);
        });
    }

    [Fact]
    public async Task Load_RequestCount_GrowsWithSubscriptionsAndRegionsNotPools()
    {
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        var options = AzureTestSetup.Options(emulator);
        var client = AzureTestSetup.Client(emulator, options);

        var snapshot = await AzureTestSetup.Source(client, options).LoadAsync(null, Ct);

        // One nodeImageVersions and one kubernetesVersions list per region.
        var regions = snapshot.Clusters.Select(c => c.Location).Distinct().Count();
        var expected = 1 + snapshot.Subscriptions.Length + (2 * regions);
        Assert.Equal(regions, emulator.Requests.Count(r => r.Path.EndsWith("/kubernetesVersions", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(expected, emulator.Requests.Count);
        Assert.Equal(expected, client.RequestCount);
        Assert.True(expected < snapshot.Clusters.Sum(c => c.NodePools.Length) / 3);
        Assert.DoesNotContain(emulator.Requests, r => r.Path.Contains("upgradeProfiles", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Load_SmallPages_FollowsEveryNextLinkOnce()
    {
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), new ArmEmulatorOptions { PageSize = 2 }, Ct);
        var options = AzureTestSetup.Options(emulator);

        var snapshot = await AzureTestSetup.Source(AzureTestSetup.Client(emulator, options), options).LoadAsync(null, Ct);

        Assert.Equal(26, snapshot.Clusters.Length);
        Assert.Equal(snapshot.Clusters.Length, snapshot.Clusters.Select(c => c.Id).Distinct().Count());
        Assert.Equal(5, snapshot.Subscriptions.Length);
        var clusterPages = emulator.Requests.Count(r => r.Path.EndsWith("/managedClusters", StringComparison.OrdinalIgnoreCase));
        var expectedPages = snapshot.Clusters.GroupBy(c => c.SubscriptionId).Sum(g => (g.Count() + 1) / 2) + 1; // + the forbidden subscription's one refused call
        Assert.Equal(expectedPages, clusterPages);
        Assert.Contains(emulator.Requests, r => r.Query.Contains("skipToken", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Load_EveryRequest_CarriesBearerTokenAndConfiguredApiVersion()
    {
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        var options = AzureTestSetup.Options(emulator, o =>
        {
            o.ApiVersions.ManagedClusters = "2026-08-01";
            o.ApiVersions.NodeImageVersions = "2026-07-02-preview";
        });
        var credential = new FakeTokenCredential();

        await AzureTestSetup.Source(AzureTestSetup.Client(emulator, options, credential), options).LoadAsync(null, Ct);

        Assert.All(emulator.Requests, r => Assert.Equal("Bearer test-token", r.Authorization));
        Assert.All(credential.Scopes, s => Assert.Equal("https://management.azure.com/.default", s));
        Assert.Equal("2022-12-01", Assert.Single(emulator.Requests, r => r.Path.Equals("/subscriptions", StringComparison.OrdinalIgnoreCase)).ApiVersion);
        Assert.All(emulator.Requests.Where(r => r.Path.EndsWith("/managedClusters", StringComparison.OrdinalIgnoreCase)), r => Assert.Equal("2026-08-01", r.ApiVersion));
        Assert.All(emulator.Requests.Where(r => r.Path.EndsWith("/nodeImageVersions", StringComparison.OrdinalIgnoreCase)), r => Assert.Equal("2026-07-02-preview", r.ApiVersion));
    }

    [Fact]
    public async Task Load_Throttled_HonoursRetryAfterAndSucceeds()
    {
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        var options = AzureTestSetup.Options(emulator);
        emulator.InjectFaults(2, 429, TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();

        var snapshot = await AzureTestSetup.Source(AzureTestSetup.Client(emulator, options), options).LoadAsync(null, Ct);

        Assert.Equal(2, emulator.Requests.Count(r => r.StatusCode == 429));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"took {watch.Elapsed}: Retry-After was not honoured");
        Assert.Equal(26, snapshot.Clusters.Length);
    }

    [Fact]
    public async Task Load_TransientServerErrors_AreRetried()
    {
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        var options = AzureTestSetup.Options(emulator);
        emulator.InjectFaults(2, 503);

        var snapshot = await AzureTestSetup.Source(AzureTestSetup.Client(emulator, options), options).LoadAsync(null, Ct);

        Assert.Equal(2, emulator.Requests.Count(r => r.StatusCode == 503));
        Assert.Equal(26, snapshot.Clusters.Length);
        Assert.Single(snapshot.Subscriptions, s => s.Error is not null);
    }

    [Fact]
    public async Task Load_OneSubscriptionAlwaysFails_ReportedWithArmErrorWhileOthersShow()
    {
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        emulator.Options.FailingSubscriptions.Add(StagingSubscription);
        var options = AzureTestSetup.Options(emulator, o => o.MaxRetries = 1);

        var snapshot = await AzureTestSetup.Source(AzureTestSetup.Client(emulator, options), options).LoadAsync(null, Ct);

        var staging = Assert.Single(snapshot.Subscriptions, s => s.SubscriptionId == StagingSubscription);
        Assert.Equal("InternalServerError", staging.Error?.Code);
        Assert.DoesNotContain(snapshot.Clusters, c => c.SubscriptionId == StagingSubscription);
        Assert.Equal(20, snapshot.Clusters.Length);
        Assert.Contains(snapshot.Errors, e => e.SubscriptionId == StagingSubscription && e.Code == "InternalServerError");
    }

    [Fact]
    public async Task Load_NodeImageVersionsUnavailable_FallsBackOncePerRegionAndImageSku()
    {
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        emulator.Options.NodeImageVersionsAvailable = false;
        var options = AzureTestSetup.Options(emulator);

        var fleet = AzureTestSetup.Assess(await AzureTestSetup.Source(AzureTestSetup.Client(emulator, options), options).LoadAsync(null, Ct));

        var lineagesPerRegion = fleet.Pools
            .Where(p => p.Assessment.Image.IsRecognised)
            .Select(p => (p.Location, p.Assessment.Image.Lineage))
            .Distinct()
            .Count();
        Assert.Equal(lineagesPerRegion, emulator.Requests.Count(r => r.Path.EndsWith("/upgradeProfiles/default", StringComparison.OrdinalIgnoreCase)));
        Assert.True(lineagesPerRegion < fleet.Pools.Length);
        var sample = (await TestFleet.SampleAsync()).Pools.ToDictionary(p => p.Id);
        // Where the region lists a latest image, the upgrade profile gives the same one.
        Assert.All(fleet.Pools.Where(p => sample[p.Id].Assessment.LatestNodeImageVersion is not null),
            p => Assert.Equal(sample[p.Id].Assessment.LatestNodeImageVersion, p.Assessment.LatestNodeImageVersion));
    }

    [Fact]
    public async Task Load_AllowList_ReadsOnlyThoseAndFlagsOnesNotVisible()
    {
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        const string Missing = "11111111-2222-3333-4444-555555555555";
        var options = AzureTestSetup.Options(emulator, o => o.Subscriptions = [StagingSubscription, Missing]);

        var snapshot = await AzureTestSetup.Source(AzureTestSetup.Client(emulator, options), options).LoadAsync(null, Ct);

        Assert.Equal([StagingSubscription, Missing], snapshot.Subscriptions.Select(s => s.SubscriptionId));
        Assert.All(snapshot.Clusters, c => Assert.Equal(StagingSubscription, c.SubscriptionId));
        Assert.Equal("SubscriptionNotFound", snapshot.Subscriptions[1].Error?.Code);
    }

    [Fact]
    public async Task Load_ArmDoesNotAnswerInTime_FailsWithReasonAfterPerRequestTimeout()
    {
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        emulator.Options.HangFor = TimeSpan.FromSeconds(5);
        var options = AzureTestSetup.Options(emulator, o => { o.RequestTimeout = TimeSpan.FromSeconds(1); o.MaxRetries = 0; });
        var watch = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<InventoryLoadException>(() => AzureTestSetup.Source(AzureTestSetup.Client(emulator, options), options).LoadAsync(null, Ct));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
        Assert.Contains("Azure subscriptions could not be listed", exception.Message, StringComparison.Ordinal);
        Assert.Contains("did not answer", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ArmUnreachable_FailsWithReason()
    {
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        var options = AzureTestSetup.Options(emulator, o => { o.MaxRetries = 0; o.ResourceManagerEndpoint = "https://127.0.0.1:9/"; });

        var exception = await Assert.ThrowsAsync<InventoryLoadException>(() => AzureTestSetup.Source(AzureTestSetup.Client(emulator, options), options).LoadAsync(null, Ct));

        Assert.Contains("RequestFailed", exception.Message, StringComparison.Ordinal);
        Assert.Contains("could not be reached at 127.0.0.1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_OfficialArmExamples_MapsTheSparseCluster()
    {
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromOfficialExamples(Path.Combine(AppContext.BaseDirectory, "TestData", "arm-examples")), cancellationToken: Ct);
        var options = AzureTestSetup.Options(emulator);

        var fleet = AzureTestSetup.Assess(await AzureTestSetup.Source(AzureTestSetup.Client(emulator, options), options).LoadAsync(null, Ct));

        var pool = Assert.Single(fleet.Pools);
        Assert.Equal("clustername1", pool.ClusterName);
        // No osSKU and Kubernetes 1.9.6: the API default, Ubuntu, which was 18.04 on Kubernetes 1.24 and earlier.
        Assert.Equal(PoolStatus.Unsupported, pool.Status);
        Assert.StartsWith("Ubuntu 18.04 reached end of support on 2025-06-17.", pool.Assessment.StatusReason, StringComparison.Ordinal);
        Assert.Null(pool.Pool.NodeImageVersion);
    }

    [Fact]
    public async Task Store_ArmGoesAway_KeepsLastGoodFleetAndSaysStaleWithReason()
    {
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        var options = AzureTestSetup.Options(emulator, o => o.MaxRetries = 0);
        var store = new InventoryStore(AzureTestSetup.Source(AzureTestSetup.Client(emulator, options), options), TestFleet.Assessor(), TestFleet.Time(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<InventoryStore>.Instance);
        await store.RefreshAsync(Ct);
        var good = store.Current;

        emulator.InjectFaults(1, 500);
        await store.RefreshAsync(Ct);

        Assert.Same(good, store.Current);
        Assert.StartsWith("Azure subscriptions could not be listed (InternalServerError)", store.LastRefreshError, StringComparison.Ordinal);
        Assert.NotNull(store.LastRefreshFailedAt);
    }
}
