using System.Diagnostics;
using System.Text.Json;
using AksUpgradeDashboard.ArmEmulator;
using AksUpgradeDashboard.Azure;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Rollouts;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Rollouts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Benchmarks;

/// <summary>
/// The rollout proposal (issue 18) at fleet scale: every Ubuntu 22.04 pool of the generated 10,000-pool fleet (as the
/// pools grid's OS filter picks them) moves to Ubuntu2404 in three waves by the fleet's <c>env</c> tag (dev, staging,
/// prod; its <c>test</c> clusters are left unassigned, which the proposal must list too), around a year-end blackout
/// and 200 windows already planned. Prints the median time and allocation of one proposal.
/// </summary>
internal static class RolloutBenchmark
{
    private static readonly TimeSpan s_target = TimeSpan.FromSeconds(2);

    // Fixed, so the proposal (and what it costs) is the same on every run.
    private static readonly DateTimeOffset s_now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(bool quick)
    {
        var scale = quick ? 10 : 1;
        var fleet = ArmFleet.Generate(20, 2_000 / scale, 10_000 / scale, 30);
        Console.WriteLine($"Rollout proposal on {fleet.NodePoolCount:N0} node pools in {fleet.ClusterCount:N0} clusters: every Ubuntu 22.04 pool to Ubuntu2404, waves env=dev, env=staging, env=prod");
        var state = await LoadAsync(fleet);

        var pools = new PoolQuery { OsVersions = ["Ubuntu 22.04"] }.Apply(state.Pools).ToList();
        var maintenance = fleet.MaintenanceConfigurations.ToDictionary(
            m => m.Key,
            m => (IReadOnlyList<MaintenanceConfigurationInfo>)[.. m.Value.Select(c => MaintenanceConfigurationMapper.Map(JsonSerializer.SerializeToElement(c))).OfType<MaintenanceConfigurationInfo>()],
            StringComparer.OrdinalIgnoreCase);
        // Every tenth cluster already has a window; every other one of those names its cluster in upper case, as ARM may.
        var existing = state.Clusters.Where((_, i) => i % 10 == 0)
            .Select((c, i) => new ScheduledWindow(Guid.NewGuid(), i % 2 == 0 ? c.Cluster.Id : c.Cluster.Id.ToUpperInvariant(), "planned", s_now.AddDays(1 + (i % 20)), s_now.AddDays(1 + (i % 20)).AddHours(6), Active: true))
            .ToList();
        var blackouts = new[] { new BlackoutPeriod("year-end freeze", new(2026, 12, 18, 0, 0, 0, TimeSpan.Zero), new(2027, 1, 4, 0, 0, 0, TimeSpan.Zero)) };
        var rollout = new Rollout(
            new RolloutChange(UpgradeKind.OsSkuChange, "Ubuntu2404"),
            [
                new("dev", new TagWaveRule("env", "dev"), TimeSpan.FromDays(14), 25 / scale, TimeSpan.FromDays(3)),
                new("staging", new TagWaveRule("env", "staging"), TimeSpan.FromDays(14), 25 / scale, TimeSpan.FromDays(3)),
                new("prod", new TagWaveRule("env", "prod"), TimeSpan.FromDays(42), 20 / scale, TimeSpan.Zero),
            ],
            WindowHours: 4,
            TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"));
        var context = new RolloutContext(pools, maintenance, blackouts, existing, OsCatalog.LoadDefault(), s_now);

        // Warm-up (JIT), then timed runs; the proposer is single-threaded, so this thread's allocations are its own.
        var proposal = RolloutProposer.Propose(rollout, context);
        for (var i = 0; i < 2; i++)
        {
            GC.KeepAlive(RolloutProposer.Propose(rollout, context));
        }

        var times = new List<double>();
        var allocations = new List<long>();
        for (var i = 0; i < (quick ? 5 : 15); i++)
        {
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(RolloutProposer.Propose(rollout, context));
            watch.Stop();
            allocations.Add(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var median = Median(times);
        var met = median <= s_target.TotalMilliseconds;
        Console.WriteLine();
        Console.WriteLine("| Measure | Value | Target |");
        Console.WriteLine("| --- | ---: | --- |");
        RefreshBenchmark.Row("One proposal, median", $"{median:0} ms (min {times.Min():0}, max {times.Max():0})", $"≤ {s_target.TotalSeconds:0} s", met);
        RefreshBenchmark.Row("Allocated per proposal, median", $"{Median([.. allocations.Select(a => (double)a)]) / 1024 / 1024:0.0} MB", "", null);
        RefreshBenchmark.Row("Pools in the rollout (Ubuntu 22.04)", $"{pools.Count:N0} in {pools.Select(p => p.Cluster.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count():N0} clusters", "", null);
        foreach (var wave in proposal.Waves)
        {
            RefreshBenchmark.Row($"Wave {wave.Wave.Name} ({wave.Wave.Rule.Description}, {wave.Wave.MaxConcurrentClusters} at a time)",
                $"{wave.Windows.Length:N0} windows {wave.FirstStart:yyyy-MM-dd} to {wave.LastEnd:yyyy-MM-dd}, {wave.Unscheduled.Length:N0} not fitted", "", null);
        }

        RefreshBenchmark.Row("Unassigned / on target / blocked pools", $"{proposal.Unassigned.Length:N0} / {proposal.OnTarget.Length:N0} / {proposal.Blocked.Length:N0}", "", null);
        var saveMet = await MeasureSaveAsync(fleet, quick);
        Console.WriteLine();
        Console.WriteLine(proposal.Projection("Ubuntu 22.04", OsCatalog.LoadDefault().FindOsVersion("Ubuntu2204")?.EndOfSupport));
        Console.WriteLine(quick ? "Quick run (1/10 scale): targets apply to the full run." : met ? "All targets met." : "TARGETS NOT MET.");
        return quick || (met && saveMet) ? 0 : 1;
    }

    /// <summary>
    /// Saving the same rollout through the app (SQLite, every window rule on every window, all as Draft in one transaction),
    /// at the clock's real now on an empty database. Each timed save is cancelled afterwards, so the next one does not
    /// overlap it; the first is a warm-up. Prints the median save and the proposal the app makes on the way (it proposes again).
    /// </summary>
    private static async Task<bool> MeasureSaveAsync(ArmFleet fleet, bool quick)
    {
        await using var emulator = await ArmEmulator.ArmEmulator.StartAsync(fleet, new ArmEmulatorOptions { Latency = TimeSpan.Zero, Throttling = false });
        await using var app = new UiBenchmark.BenchmarkApp(emulator);
        var store = app.Services.GetRequiredService<InventoryStore>();
        await store.WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromMinutes(2));
        var request = new RolloutRequest("Ubuntu 22.04 to 24.04", "OsSkuChange", "Ubuntu2404", "os=Ubuntu 22.04",
            [
                new("dev", "Tag", "env=dev", 14, 25 / (quick ? 10 : 1), 3),
                new("staging", "Tag", "env=staging", 14, 25 / (quick ? 10 : 1), 3),
                new("prod", "Tag", "env=prod", 42, 20 / (quick ? 10 : 1), 0),
            ],
            "Europe/Amsterdam", 4, null);
        var actor = new Actor("olivia@contoso.example", "Olivia Operator");

        var proposeTimes = new List<double>();
        var saveTimes = new List<double>();
        var windows = 0;
        string? failure = null;
        for (var i = 0; i < (quick ? 3 : 6) && failure is null; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var watch = Stopwatch.StartNew();
            _ = await scope.ServiceProvider.GetRequiredService<RolloutPlanner>().ProposeAsync(request, CancellationToken.None);
            var proposed = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var saved = await scope.ServiceProvider.GetRequiredService<RolloutService>().SaveAsync(request, null, actor, CancellationToken.None);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            if (saved.Rollout is not { } rollout)
            {
                failure = string.Join(" ", saved.Errors.Take(3).Select(e => $"{e.Field}: {e.Message}"));
                break;
            }

            windows = await scope.ServiceProvider.GetRequiredService<DashboardDbContext>().Windows.CountAsync(w => w.RolloutId == rollout.Id);
            if (i > 0)
            {
                proposeTimes.Add(proposed);
                saveTimes.Add(elapsed);
            }

            await using var cancelScope = app.Services.CreateAsyncScope();
            await cancelScope.ServiceProvider.GetRequiredService<RolloutService>().CancelAsync(rollout.Id, actor, "benchmark", CancellationToken.None);
        }

        if (failure is not null)
        {
            RefreshBenchmark.Row("Save the proposal (SQLite)", $"failed: {failure}", $"≤ {s_target.TotalSeconds:0} s", false);
            return false;
        }

        var median = Median(saveTimes);
        var met = median <= s_target.TotalMilliseconds;
        RefreshBenchmark.Row("Proposal in the app (maintenance read from ARM), median", $"{Median(proposeTimes):0} ms", "", null);
        RefreshBenchmark.Row($"Save the proposal: {windows:N0} Draft windows in one transaction (SQLite), median", $"{median:0} ms (min {saveTimes.Min():0}, max {saveTimes.Max():0})", $"≤ {s_target.TotalSeconds:0} s", met);
        return met;
    }

    // The fleet as the app reads it: from the emulator (no added latency) through the real inventory source, assessed.
    private static async Task<FleetState> LoadAsync(ArmFleet fleet)
    {
        await using var emulator = await ArmEmulator.ArmEmulator.StartAsync(fleet, new ArmEmulatorOptions { Latency = TimeSpan.Zero, Throttling = false });
        var azure = new AzureOptions
        {
            Credential = "AzureCli",
            ResourceManagerEndpoint = emulator.BaseUri.ToString(),
            ResourceManagerAudience = "https://management.azure.com/",
        };
        var source = new AzureInventorySource(RefreshBenchmark.NewClient(emulator, azure), Options.Create(azure),
            Options.Create(new InventoryOptions { Source = InventoryOptions.AzureSource }), TimeProvider.System, NullLogger<AzureInventorySource>.Instance);
        var snapshot = await source.LoadAsync(null, CancellationToken.None);
        return FleetState.Build(snapshot, new PoolAssessor(OsCatalog.LoadDefault(), new AssessmentPolicy()), DateOnly.FromDateTime(s_now.UtcDateTime));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
