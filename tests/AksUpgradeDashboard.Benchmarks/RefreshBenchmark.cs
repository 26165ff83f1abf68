using System.Diagnostics;
using System.Globalization;
using AksUpgradeDashboard.ArmEmulator;
using AksUpgradeDashboard.Azure;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Model;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Benchmarks;

/// <summary>
/// Inventory refresh at fleet scale against the local ARM emulator (50 ms per request, ARM-like throttling), and the
/// per-pool approach (one agent-pool upgrade profile per pool, as `az aks nodepool get-upgrades` in a loop does) for
/// comparison. Prints figures and whether the targets are met.
/// </summary>
internal static class RefreshBenchmark
{
    private const int Subscriptions = 20;
    private const int Clusters = 2_000;
    private const int Pools = 10_000;
    private const int Regions = 30;
    private static readonly TimeSpan s_latency = TimeSpan.FromMilliseconds(50);

    public static async Task<int> RunAsync(bool quick)
    {
        var scale = quick ? 10 : 1;
        var fleet = ArmFleet.Generate(Subscriptions, Clusters / scale, Pools / scale, Regions);
        Console.WriteLine($"Fleet: {Subscriptions} subscriptions, {fleet.ClusterCount:N0} clusters, {fleet.NodePoolCount:N0} node pools, {fleet.Locations.Count} regions");
        Console.WriteLine($"ARM emulator: HTTPS on 127.0.0.1, {s_latency.TotalMilliseconds} ms per request, token bucket 250 reads + 25/s per subscription");
        Console.WriteLine($"Client: MaxConcurrency {new InventoryOptions().MaxConcurrency}, Azure.Core retries {new AzureOptions().MaxRetries}");
        Console.WriteLine();

        await using var emulator = await ArmEmulator.ArmEmulator.StartAsync(fleet, new ArmEmulatorOptions { Latency = s_latency, Throttling = true });
        var azure = new AzureOptions
        {
            Credential = "AzureCli",
            ResourceManagerEndpoint = emulator.BaseUri.ToString(),
            ResourceManagerAudience = "https://management.azure.com/",
        };
        var inventory = new InventoryOptions { Source = InventoryOptions.AzureSource };

        // Warm-up (JIT, TLS) on a small request so it is not counted.
        var warmClient = NewClient(emulator, azure);
        await warmClient.GetAsync(warmClient.Resolve("subscriptions?api-version=2022-12-01"), CancellationToken.None);
        emulator.ClearRequests();
        emulator.ResetThrottling();

        // Our refresh
        var client = NewClient(emulator, azure);
        var source = new AzureInventorySource(client, Options.Create(azure), Options.Create(inventory), TimeProvider.System, NullLogger<AzureInventorySource>.Instance);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var peak = new PeakHeapSampler();
        var watch = Stopwatch.StartNew();
        var snapshot = await source.LoadAsync(null, CancellationToken.None);
        var refreshTime = watch.Elapsed;
        var requests = emulator.Requests.Count;
        var throttled = emulator.Requests.Count(r => r.StatusCode == 429);

        watch.Restart();
        var assessed = FleetState.Build(snapshot, new PoolAssessor(OsCatalog.LoadDefault(), new AssessmentPolicy()), DateOnly.FromDateTime(DateTime.UtcNow));
        var assessTime = watch.Elapsed;
        var peakHeap = peak.Stop();
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        GC.KeepAlive(assessed);

        // The per-pool approach
        emulator.ClearRequests();
        emulator.ResetThrottling();
        var perPoolClient = NewClient(emulator, azure);
        var poolRefs = snapshot.Clusters.SelectMany(c => c.NodePools.Select(p => (Cluster: c, Pool: p))).ToList();
        using var gate = new SemaphoreSlim(inventory.MaxConcurrency);
        watch.Restart();
        await Task.WhenAll(poolRefs.Select(async r =>
        {
            await gate.WaitAsync();
            try
            {
                var c = r.Cluster;
                await perPoolClient.GetAsync(perPoolClient.Resolve(
                    $"subscriptions/{c.SubscriptionId}/resourceGroups/{c.ResourceGroup}/providers/Microsoft.ContainerService/managedClusters/{c.Name}/agentPools/{r.Pool.Name}/upgradeProfiles/default?api-version={azure.ApiVersions.ManagedClusters}"),
                    CancellationToken.None);
            }
            finally
            {
                gate.Release();
            }
        }));
        var perPoolTime = watch.Elapsed;
        var perPoolRequests = emulator.Requests.Count;
        var perPoolThrottled = emulator.Requests.Count(r => r.StatusCode == 429);

        var ratio = perPoolTime / refreshTime;
        Console.WriteLine("| Measure | Value | Target |");
        Console.WriteLine("| --- | ---: | --- |");
        Row("Refresh wall time", $"{refreshTime.TotalSeconds:0.00} s", "≤ 2 s", refreshTime <= TimeSpan.FromSeconds(2));
        Row("ARM requests per refresh", $"{requests:N0} ({throttled} throttled)", "≤ 60", requests <= 60);
        Row("Assessment of every pool", $"{assessTime.TotalMilliseconds:0} ms", "", null);
        Row("Peak managed heap during refresh (process, emulator included)", $"{peakHeap / 1024.0 / 1024.0:0.0} MB", "", null);
        Row("Retained (snapshot + assessed fleet)", $"{retained / 1024.0 / 1024.0:0.0} MB", "< 50 MB", retained < 50 * 1024 * 1024);
        Row("Per-pool approach wall time", $"{perPoolTime.TotalSeconds:0.00} s", "", null);
        Row("Per-pool approach ARM requests", $"{perPoolRequests:N0} ({perPoolThrottled} throttled)", "", null);
        Row("Speed-up over per-pool", $"{ratio:0}x", "≥ 20x", ratio >= 20);
        Console.WriteLine();
        Console.WriteLine($"Fleet read: {snapshot.Clusters.Length:N0} clusters, {snapshot.Clusters.Sum(c => c.NodePools.Length):N0} pools, {snapshot.LatestImages.Length:N0} latest images, {snapshot.Errors.Length} errors.");

        var met = quick || (refreshTime <= TimeSpan.FromSeconds(2) && requests <= 60 && ratio >= 20 && retained < 50 * 1024 * 1024);
        Console.WriteLine(quick ? "Quick run (1/10 scale): targets apply to the full run." : met ? "All targets met." : "TARGETS NOT MET.");
        return met ? 0 : 1;
    }

    internal static ArmRestClient NewClient(ArmEmulator.ArmEmulator emulator, AzureOptions options) =>
        new(options, new BenchmarkCredential(), new HttpClientTransport(emulator.CreateTrustingHandler()));

    internal static void Row(string name, string value, string target, bool? met) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {value} | {target}{(met is null ? "" : met.Value ? " ✓" : " ✗")} |"));

    /// <summary>Samples the GC heap size every 10 ms; the highest value seen is the peak.</summary>
    private sealed class PeakHeapSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public PeakHeapSampler()
        {
            _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
        }

        public long Stop()
        {
            _timer.Change(Timeout.Infinite, Timeout.Infinite);
            Sample();
            return Interlocked.Read(ref _peak);
        }

        public void Dispose() => _timer.Dispose();

        private void Sample()
        {
            var now = GC.GetTotalMemory(forceFullCollection: false);
            long seen;
            while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
            {
            }
        }
    }
}
