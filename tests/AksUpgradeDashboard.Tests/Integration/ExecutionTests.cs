using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AksUpgradeDashboard.ArmEmulator;
using AksUpgradeDashboard.Execution;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Tests.Shared;
using AksUpgradeDashboard.Windows;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Emulator = AksUpgradeDashboard.ArmEmulator.ArmEmulator;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>
/// Carrying out approved windows on Azure (Upgrades:Execution), end to end: the app in Azure mode, real HTTPS to the
/// local ARM emulator's write side, a real database, and the fake clock. The executor's rounds are run by the test.
/// </summary>
public abstract class ExecutionTests(TestDatabaseProvider provider)
{
    private const string Platform = "a3d2c1b0-9e8f-4a7b-8c6d-5e4f3a2b1c32";
    private const string Production = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";
    private const string CiGroup = "rg-platform-ci";
    private const string CiCluster = "aks-ci-runners-neu";
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Automatic_ApprovedNodeImageWindow_UpgradesExactlyItsPoolsAtItsStart_ThenVerified()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        var before = bed.Emulator.PoolJson(Platform, CiGroup, CiCluster, "arm");
        var id = await bed.ApprovedWindowAsync(NodeImage(["system", "linux"]));

        // Before its start nothing is sent; at its start the dashboard starts by itself.
        await bed.RoundAsync();
        Assert.Empty(bed.Writes());
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));
        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal("Completed", run.GetProperty("windowStatus").GetString());
        Assert.Equal("system", run.GetProperty("startedBy").GetString());
        Assert.Equal(
            [$"POST /subscriptions/{Platform}/resourceGroups/{CiGroup}/providers/Microsoft.ContainerService/managedClusters/{CiCluster}/agentPools/system/upgradeNodeImageVersion",
             $"POST /subscriptions/{Platform}/resourceGroups/{CiGroup}/providers/Microsoft.ContainerService/managedClusters/{CiCluster}/agentPools/linux/upgradeNodeImageVersion"],
            bed.Writes());
        Assert.All(run.GetProperty("steps").EnumerateArray(), s => Assert.Equal("Succeeded", s.GetProperty("status").GetString()));
        Assert.All(run.GetProperty("steps").EnumerateArray(), s => Assert.False(string.IsNullOrEmpty(s.GetProperty("requestId").GetString())));
        Assert.Equal("AKSUbuntu-2204gen2containerd-202611.10.0", Property(bed.Emulator.PoolJson(Platform, CiGroup, CiCluster, "linux"), "nodeImageVersion"));
        Assert.Equal(before, bed.Emulator.PoolJson(Platform, CiGroup, CiCluster, "arm"));

        // The next inventory shows the pools on the latest image: Verified, and the trail has every step.
        await bed.Factory.Services.GetRequiredService<InventoryStore>().RefreshAsync(Ct);
        await bed.Factory.Services.GetRequiredService<WindowCompletionService>().CheckAsync(Ct);
        var window = await bed.Olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct);
        var audit = await bed.Olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}/audit", Ct);
        Assert.Equal("Verified", window.GetProperty("status").GetString());
        Assert.Equal(
            ["Created", "Submitted", "Approved", "Started", "ExecutionStarted", "StepStarted", "StepSucceeded", "StepStarted", "StepSucceeded", "ExecutionCompleted", "Verified"],
            audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Contains("request id", audit.EnumerateArray().First(e => e.GetProperty("action").GetString() == "StepStarted").GetProperty("comment").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Off_StartRefused_NamingTheSetting_AndNothingSent()
    {
        await using var bed = await TestBed.StartAsync(provider, "Off");
        var id = await bed.ApprovedWindowAsync(NodeImage(["linux"]));
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));

        var response = await bed.Olivia.PostAsync($"/api/v1/windows/{id}/execution/start", null, Ct);
        await bed.RoundAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Upgrades:Execution is Off", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(bed.Writes());
    }

    [Fact]
    public async Task Manual_OperatorStarts_BeforeTheWindowOpens_Refused_InsideIt_Runs()
    {
        await using var bed = await TestBed.StartAsync(provider, "Manual");
        var id = await bed.ApprovedWindowAsync(NodeImage(["linux"]));

        var early = await bed.Olivia.PostAsync($"/api/v1/windows/{id}/execution/start", null, Ct);
        await bed.RoundAsync();
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));
        await bed.RoundAsync(); // Manual: the window opens, but nothing starts by itself
        var writesBeforeStart = bed.Writes();
        var viewer = await bed.Factory.CreateClientAs("victor").PostAsync($"/api/v1/windows/{id}/execution/start", null, Ct);
        var started = await bed.Olivia.PostAsync($"/api/v1/windows/{id}/execution/start", null, Ct);
        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("not open", await early.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(writesBeforeStart);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal("olivia@contoso.example", run.GetProperty("startedBy").GetString());
        Assert.Equal("Completed", run.GetProperty("windowStatus").GetString());
        Assert.Single(bed.Writes());
    }

    [Fact]
    public async Task OsSkuChange_PutSendsBackThePoolAsRead_OnlyOsSkuChanged_UnknownPropertiesKept()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic", fleet =>
        {
            // Properties this dashboard does not know (a newer API's, a setting made in the portal) must survive the PUT.
            var pool = Pool(fleet, Production, "aks-orders-prod-uks", "workers");
            pool["futureSetting"] = new JsonObject { ["mode"] = "keep-me", ["level"] = 3 };
            pool["scaleDownMode"] = "Deallocate";
        });
        var before = JsonNode.Parse(bed.Emulator.PoolJson(Production, "rg-orders-prod", "aks-orders-prod-uks", "workers")!)!;
        var id = await bed.ApprovedWindowAsync(new
        {
            title = "Orders workers to Azure Linux 3", subscriptionId = Production, resourceGroup = "rg-orders-prod", cluster = "aks-orders-prod-uks",
            nodePools = new[] { "workers" }, kind = "OsSkuChange", target = "AzureLinux3", start = "2026-11-25T13:00:00Z", end = "2026-11-25T19:00:00Z", timeZone = "Europe/London",
        });
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));

        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");
        var after = JsonNode.Parse(bed.Emulator.PoolJson(Production, "rg-orders-prod", "aks-orders-prod-uks", "workers")!)!;

        Assert.Equal("Completed", run.GetProperty("windowStatus").GetString());
        Assert.Equal([$"PUT /subscriptions/{Production}/resourceGroups/rg-orders-prod/providers/Microsoft.ContainerService/managedClusters/aks-orders-prod-uks/agentPools/workers"], bed.Writes());
        Assert.Equal("AzureLinux3", after["properties"]!["osSKU"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(before["properties"]!["futureSetting"], after["properties"]!["futureSetting"]));
        Assert.Equal("Deallocate", after["properties"]!["scaleDownMode"]!.GetValue<string>());
        Assert.Equal(before["properties"]!["vmSize"]!.GetValue<string>(), after["properties"]!["vmSize"]!.GetValue<string>());
        Assert.Equal(before["properties"]!["count"]!.GetValue<int>(), after["properties"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task RecommendedSettings_WhenThePlannerChoseThem_AreAppliedBeforeTheFirstChange_KeepingTheRest()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic", fleet =>
            Pool(fleet, Platform, CiCluster, "linux")["upgradeSettings"] = new JsonObject { ["maxSurge"] = "10%", ["maxBlockedNodes"] = "1" });
        var body = new
        {
            title = "CI runners node image", subscriptionId = Platform, resourceGroup = CiGroup, cluster = CiCluster, nodePools = new[] { "linux" },
            kind = "NodeImage", start = "2026-11-25T13:00:00Z", end = "2026-11-25T19:00:00Z", timeZone = "UTC", applyRecommendedSettings = true,
        };
        var id = await bed.ApprovedWindowAsync(body);
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));

        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");
        var settings = JsonNode.Parse(bed.Emulator.PoolJson(Platform, CiGroup, CiCluster, "linux")!)!["properties"]!["upgradeSettings"]!;

        Assert.Equal("Completed", run.GetProperty("windowStatus").GetString());
        var pool = $"/subscriptions/{Platform}/resourceGroups/{CiGroup}/providers/Microsoft.ContainerService/managedClusters/{CiCluster}/agentPools/linux";
        Assert.Equal([$"PUT {pool}", $"POST {pool}/upgradeNodeImageVersion"], bed.Writes());
        // The cluster has no env=prod tag: the non-production advice, as the runbook shows it.
        Assert.Equal("50%", settings["maxSurge"]!.GetValue<string>());
        Assert.Equal(30, settings["drainTimeoutInMinutes"]!.GetValue<int>());
        Assert.Equal("Cordon", settings["undrainableNodeBehavior"]!.GetValue<string>());
        Assert.Equal("1", settings["maxBlockedNodes"]!.GetValue<string>()); // a setting we do not manage is kept
        Assert.Equal("Apply the recommended upgrade settings to pool linux", run.GetProperty("steps")[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task NewNodePool_TwoPools_InventoryReadAfterTheFirstDelete_SecondStillDeleted()
    {
        // Hole found in review: the rules ran again in full before each step, and once the inventory no longer had the
        // first old pool ("Node pool 'linux' is not in cluster") the second old pool's delete was stopped.
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        var id = await bed.ApprovedWindowAsync(new
        {
            title = "CI runners to Ubuntu 24.04", subscriptionId = Platform, resourceGroup = CiGroup, cluster = CiCluster,
            nodePools = new[] { "linux", "system" }, kind = "NewNodePool", target = "Ubuntu2404", start = "2026-11-25T13:00:00Z", end = "2026-11-25T19:00:00Z", timeZone = "UTC",
        });
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));
        await bed.RunUntilAsync(id, r => r.GetProperty("canConfirmMoved").GetBoolean());
        (await bed.Olivia.PostAsync($"/api/v1/windows/{id}/execution/confirm-moved", null, Ct)).EnsureSuccessStatusCode();
        await bed.RunUntilAsync(id, r => r.GetProperty("steps")[4].GetProperty("status").GetString() == "Succeeded");
        await bed.Factory.Services.GetRequiredService<InventoryStore>().RefreshAsync(Ct);
        var pools = await bed.Olivia.GetFromJsonAsync<JsonElement>("/api/v1/pools?q=aks-ci-runners-neu", Ct);
        Assert.DoesNotContain(pools.EnumerateArray(), p => p.GetProperty("nodePool").GetString() == "linux");

        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal("Completed", run.GetProperty("windowStatus").GetString());
        Assert.Null(bed.Emulator.PoolJson(Platform, CiGroup, CiCluster, "system"));
        Assert.NotNull(bed.Emulator.PoolJson(Platform, CiGroup, CiCluster, "system2"));
    }

    [Fact]
    public async Task RunEndingAfterTheWindow_IsJudgedOnAnInventoryReadAfterTheRun_NotBefore()
    {
        // Hole found in review: a run that finished after the window's end was judged on an inventory read between the
        // end and the run's end, while the pool was still upgrading: NotReached, then later Verified.
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        bed.Emulator.Options.HoldOperations = true;
        var id = await bed.ApprovedWindowAsync(NodeImage(["linux"]));
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));
        await bed.RunUntilAsync(id, r => r.GetProperty("steps")[0].GetProperty("status").GetString() == "Running");
        bed.Factory.Time.Advance(TimeSpan.FromHours(6)); // past the end, still upgrading
        await bed.Factory.Services.GetRequiredService<InventoryStore>().RefreshAsync(Ct);
        var completion = bed.Factory.Services.GetRequiredService<WindowCompletionService>();

        bed.Emulator.Options.HoldOperations = false;
        await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");
        await completion.CheckAsync(Ct);
        var beforeNextInventory = (await bed.Olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct)).GetProperty("status").GetString();
        await bed.Factory.Services.GetRequiredService<InventoryStore>().RefreshAsync(Ct);
        await completion.CheckAsync(Ct);
        var audit = await bed.Olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}/audit", Ct);

        Assert.Equal("Completed", beforeNextInventory);
        Assert.Equal("Verified", (await bed.Olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct)).GetProperty("status").GetString());
        Assert.DoesNotContain(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "NotReached");
    }

    [Fact]
    public async Task AbortWhileAStepsRequestIsOnItsWay_WhatItStartedIsAbortedOnAzure()
    {
        // Hole found in review: an abort between the step's claim and ARM's answer marked the run Aborted, and then the
        // request's operation ran on in Azure with nobody following or aborting it.
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        var id = await bed.ApprovedWindowAsync(NodeImage(["linux"]));
        // Before the clock moves (which wakes the executor's own loop too): the step's POST is on its way for ten seconds.
        bed.Emulator.Options.WriteLatency = TimeSpan.FromSeconds(10);
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));
        var round = bed.RoundAsync();
        await WaitForAsync(async () =>
        {
            await using var db = bed.Factory.Database.OpenContext();
            return await db.ExecutionSteps.AnyAsync(s => s.WindowId == id && s.Status == AksUpgradeDashboard.Model.Execution.StepStatus.Running, Ct);
        });

        var aborted = await bed.Olivia.PostAsJsonAsync($"/api/v1/windows/{id}/execution/abort", new { comment = "Wrong cluster" }, Ct);
        bed.Emulator.Options.WriteLatency = TimeSpan.Zero;
        await round;
        var audit = await bed.Olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}/audit", Ct);

        Assert.Equal(HttpStatusCode.OK, aborted.StatusCode);
        Assert.Equal(
            [$"POST /subscriptions/{Platform}/resourceGroups/{CiGroup}/providers/Microsoft.ContainerService/managedClusters/{CiCluster}/agentPools/linux/upgradeNodeImageVersion",
             $"POST /subscriptions/{Platform}/resourceGroups/{CiGroup}/providers/Microsoft.ContainerService/managedClusters/{CiCluster}/agentPools/linux/abort"],
            bed.Writes());
        Assert.Equal(EmulatedOperationStatus.Canceled, Assert.Single(bed.Emulator.Operations).Status);
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("comment").GetString()?.Contains("reached Azure after the run was aborted", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "StepStarted");
    }

    [Fact]
    public async Task KubernetesVersion_ControlPlaneFirst_ThenEachPoolOneAtATime()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        var id = await bed.ApprovedWindowAsync(new
        {
            title = "CI runners to 1.34", subscriptionId = Platform, resourceGroup = CiGroup, cluster = CiCluster,
            nodePools = new[] { "system", "linux" }, kind = "KubernetesVersion", target = "1.34", start = "2026-11-25T13:00:00Z", end = "2026-11-25T19:00:00Z", timeZone = "UTC",
        });
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));

        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal("Completed", run.GetProperty("windowStatus").GetString());
        var cluster = $"PUT /subscriptions/{Platform}/resourceGroups/{CiGroup}/providers/Microsoft.ContainerService/managedClusters/{CiCluster}";
        Assert.Equal([cluster, cluster + "/agentPools/system", cluster + "/agentPools/linux"], bed.Writes());
        Assert.Equal("1.34", Property(bed.Emulator.ClusterJson(Platform, CiGroup, CiCluster), "kubernetesVersion"));
        Assert.Equal("1.34", Property(bed.Emulator.PoolJson(Platform, CiGroup, CiCluster, "linux"), "orchestratorVersion"));
        // One at a time: each write was sent after the previous operation had succeeded.
        var operations = bed.Emulator.Operations;
        Assert.Equal(3, operations.Count);
        Assert.All(operations, o => Assert.Equal(EmulatedOperationStatus.Succeeded, o.Status));
    }

    [Fact]
    public async Task FailureMidWindow_StopsThere_RemainingPoolsSkipped_WithArmsErrorOnTheWindow()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        var id = await bed.ApprovedWindowAsync(NodeImage(["system", "linux", "arm"]));
        bed.Emulator.Options.HoldOperations = true;
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));
        // The first pool's operation runs (held); the next one started, the second pool's, fails.
        await bed.RunUntilAsync(id, r => r.GetProperty("steps")[0].GetProperty("status").GetString() == "Running");
        bed.Emulator.FailNextOperation("VMExtensionProvisioningError", "Unable to establish outbound connection from agents.");
        bed.Emulator.Options.HoldOperations = false;

        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal("Failed", run.GetProperty("windowStatus").GetString());
        Assert.Equal(["Succeeded", "Failed", "Skipped"], run.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Equal("VMExtensionProvisioningError", run.GetProperty("steps")[1].GetProperty("errorCode").GetString());
        Assert.Contains("Unable to establish outbound connection", run.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, bed.Writes().Count); // arm was never sent
    }

    [Fact]
    public async Task Abort_CallsAksAbortOnTheRunningPool_AndStops()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        bed.Emulator.Options.HoldOperations = true;
        var id = await bed.ApprovedWindowAsync(NodeImage(["system", "linux"]));
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));
        await bed.RunUntilAsync(id, r => r.GetProperty("steps")[0].GetProperty("status").GetString() == "Running");

        var noComment = await bed.Olivia.PostAsJsonAsync($"/api/v1/windows/{id}/execution/abort", new { comment = "" }, Ct);
        var aborted = await bed.Olivia.PostAsJsonAsync($"/api/v1/windows/{id}/execution/abort", new { comment = "Pods crash-looping on the new image" }, Ct);
        var run = await aborted.Content.ReadFromJsonAsync<JsonElement>(Ct);
        await bed.RoundAsync();

        Assert.Equal(HttpStatusCode.Conflict, noComment.StatusCode);
        Assert.Equal(HttpStatusCode.OK, aborted.StatusCode);
        Assert.Equal("Aborted", run.GetProperty("windowStatus").GetString());
        Assert.Equal(["Aborted", "Skipped"], run.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Contains("Pods crash-looping", run.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Contains(bed.Emulator.Requests, r => r.Method == "POST" && r.Path.EndsWith("/agentPools/system/abort", StringComparison.Ordinal));
        Assert.Equal(EmulatedOperationStatus.Canceled, Assert.Single(bed.Emulator.Operations).Status);
        Assert.Single(bed.Writes(), w => w.EndsWith("/upgradeNodeImageVersion", StringComparison.Ordinal)); // linux never sent
    }

    [Fact]
    public async Task Restart_InTheMiddleOfAnOperation_ResumesFollowingIt_NeverPostsTwice()
    {
        using var database = TestDatabase.Create(provider);
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        emulator.Options.HoldOperations = true;
        Guid id;
        await using (var first = await TestBed.StartAsync(provider, "Automatic", emulator: emulator, database: database))
        {
            id = await first.ApprovedWindowAsync(NodeImage(["linux"]));
            first.Factory.Time.Advance(TimeSpan.FromHours(1));
            await first.RunUntilAsync(id, r => r.GetProperty("steps")[0].GetProperty("status").GetString() == "Running");
        }

        // A new process on the same database: it follows the stored operation instead of sending the POST again.
        emulator.Options.HoldOperations = false;
        await using var second = await TestBed.StartAsync(provider, "Automatic", emulator: emulator, database: database);
        second.Factory.Time.Advance(TimeSpan.FromHours(1));
        var run = await second.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal("Completed", run.GetProperty("windowStatus").GetString());
        Assert.Equal(1, emulator.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/upgradeNodeImageVersion", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TwoReplicas_OneExecutor_EachPoolSentOnce()
    {
        using var database = TestDatabase.Create(provider);
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        await using var one = await TestBed.StartAsync(provider, "Automatic", emulator: emulator, database: database);
        await using var two = await TestBed.StartAsync(provider, "Automatic", emulator: emulator, database: database);
        var id = await one.ApprovedWindowAsync(NodeImage(["system", "linux"]));
        one.Factory.Time.Advance(TimeSpan.FromHours(1));
        two.Factory.Time.Advance(TimeSpan.FromHours(1));

        for (var round = 0; round < 20; round++)
        {
            one.Factory.Time.Advance(Poll);
            two.Factory.Time.Advance(Poll);
            await Task.WhenAll(one.RoundAsync(), two.RoundAsync());
        }

        var run = await one.Olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}/execution", Ct);
        Assert.Equal("Completed", run.GetProperty("windowStatus").GetString());
        Assert.Equal(2, emulator.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/upgradeNodeImageVersion", StringComparison.Ordinal)));
        Assert.NotEqual(one.Executor.IsExecutor, two.Executor.IsExecutor);
    }

    [Fact]
    public async Task BlackoutAddedAfterApproval_StopsBeforeAnythingIsSent()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        var id = await bed.ApprovedWindowAsync(NodeImage(["linux"]));
        var ada = bed.Factory.CreateClientAs("ada");
        (await ada.PostAsJsonAsync("/api/v1/blackout-periods", new { name = "Payroll run", start = "2026-11-25T12:30:00Z", end = "2026-11-25T23:00:00Z" }, Ct)).EnsureSuccessStatusCode();
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));

        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal("Failed", run.GetProperty("windowStatus").GetString());
        Assert.Contains("Payroll run", run.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Equal("SafetyCheck", run.GetProperty("steps")[0].GetProperty("errorCode").GetString());
        Assert.Empty(bed.Writes());
    }

    [Fact]
    public async Task ApprovalsShortForTheCurrentRevision_StopsBeforeAnythingIsSent()
    {
        // Approved with one approval; the dashboard is then restarted requiring two (Approvals:Required).
        using var database = TestDatabase.Create(provider);
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        Guid id;
        await using (var before = await TestBed.StartAsync(provider, "Manual", emulator: emulator, database: database))
        {
            id = await before.ApprovedWindowAsync(NodeImage(["linux"]));
        }

        await using var bed = await TestBed.StartAsync(provider, "Automatic", emulator: emulator, database: database, configure: f => f.With("Approvals:Required", "2"));
        emulator.ClearRequests();
        bed.Factory.Time.Advance(TimeSpan.FromHours(1)); // Automatic: it starts at its start, and its first step is checked

        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal("Failed", run.GetProperty("windowStatus").GetString());
        Assert.Contains("1 of the 2 approvals it needs for its current revision", run.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Empty(bed.Writes());
    }

    [Fact]
    public async Task ClusterNotRunning_StopsBeforeAnythingIsSent()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        var id = await bed.ApprovedWindowAsync(NodeImage(["linux"]));
        // Someone stops the cluster after the window was approved (ARM reports it live; the inventory is older).
        using var other = bed.SomeoneElse();
        var path = $"subscriptions/{Platform}/resourceGroups/{CiGroup}/providers/Microsoft.ContainerService/managedClusters/{CiCluster}?api-version=2025-10-01";
        var cluster = JsonNode.Parse(await other.GetStringAsync(path, Ct))!;
        cluster["properties"]!["powerState"] = new JsonObject { ["code"] = "Stopped" };
        using (var put = new StringContent(cluster.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))
        {
            var stopped = await other.PutAsync(path, put, Ct);
            Assert.True(stopped.IsSuccessStatusCode, await stopped.Content.ReadAsStringAsync(Ct));
            var status = stopped.Headers.GetValues("Azure-AsyncOperation").Single();
            await TestBed.FinishAsync(other, status);
        }

        bed.Emulator.ClearRequests();
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));

        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal("Failed", run.GetProperty("windowStatus").GetString());
        Assert.Contains("The cluster is Stopped, not Running.", run.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Empty(bed.Writes());
    }

    [Fact]
    public async Task PoolAlreadyUpgrading_StopsBeforeAnythingIsSent()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        var id = await bed.ApprovedWindowAsync(NodeImage(["linux"]));
        // AKS's own auto-upgrade (say) is already working on the pool.
        bed.Emulator.Options.HoldOperations = true;
        using var other = bed.SomeoneElse();
        var busy = await other.PostAsync($"subscriptions/{Platform}/resourceGroups/{CiGroup}/providers/Microsoft.ContainerService/managedClusters/{CiCluster}/agentPools/linux/upgradeNodeImageVersion?api-version=2025-10-01", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, busy.StatusCode);
        bed.Emulator.ClearRequests();
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));

        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal("Failed", run.GetProperty("windowStatus").GetString());
        Assert.Contains("Pool linux is UpgradingNodeImageVersion, not Succeeded", run.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Empty(bed.Writes());
    }

    [Fact]
    public async Task StaleInventory_StopsBeforeAnythingIsSent_NamingTheSetting()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic", configure: f => f
            .With("Upgrades:MaxInventoryAge", "00:30:00")
            .With("Inventory:RefreshInterval", "1.00:00:00"));
        var id = await bed.ApprovedWindowAsync(NodeImage(["linux"]));
        bed.Factory.Time.Advance(TimeSpan.FromHours(1)); // the inventory read at 12:00 is now an hour old

        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal("Failed", run.GetProperty("windowStatus").GetString());
        Assert.Contains("Upgrades:MaxInventoryAge", run.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Empty(bed.Writes());
    }

    [Fact]
    public async Task TooLittleOfTheWindowLeft_StopsBeforeAnythingIsSent()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        var id = await bed.ApprovedWindowAsync(NodeImage(["linux"]));
        bed.Factory.Time.Advance(TimeSpan.FromHours(6) + TimeSpan.FromMinutes(40)); // 20 minutes before its end

        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() is not ("InProgress" or "Approved"));

        Assert.Equal("Failed", run.GetProperty("windowStatus").GetString());
        Assert.Contains("Upgrades:MinimumTimeLeft", run.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Empty(bed.Writes());
    }

    [Fact]
    public async Task OperationNotAllowed_WaitsAndTriesAgain_WithinTheWindow()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        var id = await bed.ApprovedWindowAsync(NodeImage(["linux"]));
        // Someone else's operation runs on the cluster (AKS's own auto-upgrade, say): our POST gets 409 until it ends.
        bed.Emulator.Options.HoldOperations = true;
        using var other = bed.SomeoneElse();
        var busy = await other.PostAsync($"subscriptions/{Platform}/resourceGroups/{CiGroup}/providers/Microsoft.ContainerService/managedClusters/{CiCluster}/agentPools/arm/upgradeNodeImageVersion?api-version=2025-10-01", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, busy.StatusCode);
        bed.Emulator.ClearRequests();
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));

        var waiting = await bed.RunUntilAsync(id, r => r.GetProperty("steps")[0].GetProperty("attempts").GetInt32() > 0);
        bed.Emulator.Options.HoldOperations = false;
        var status = busy.Headers.GetValues("Azure-AsyncOperation").Single();
        await TestBed.FinishAsync(other, status);

        bed.Factory.Time.Advance(TimeSpan.FromMinutes(2));
        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal("Queued", waiting.GetProperty("steps")[0].GetProperty("status").GetString());
        Assert.Equal("OperationNotAllowed", waiting.GetProperty("steps")[0].GetProperty("errorCode").GetString());
        Assert.Equal("Completed", run.GetProperty("windowStatus").GetString());
        Assert.Equal([StatusCodes409, 202], bed.Emulator.Requests.Where(r => r.Method == "POST").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Forbidden_StopsWithTheMissingPermissionNamed()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        bed.Emulator.Options.ReadOnlySubscriptions.Add(Platform);
        var id = await bed.ApprovedWindowAsync(NodeImage(["linux"]));
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));

        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal("Failed", run.GetProperty("windowStatus").GetString());
        Assert.Equal("AuthorizationFailed", run.GetProperty("steps")[0].GetProperty("errorCode").GetString());
        Assert.Contains("Microsoft.ContainerService/managedClusters/agentPools/upgradeNodeImageVersion/action", run.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Contains("Azure Kubernetes Service Contributor Role", run.GetProperty("outcome").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewNodePool_CreatesTheNewPool_WaitsForThePerson_ThenDeletesTheOldOne()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        var id = await bed.ApprovedWindowAsync(new
        {
            title = ".NET Framework pool to Windows Server 2022", subscriptionId = Production, resourceGroup = "rg-legacy-prod", cluster = "aks-dotnetfx-prod-weu",
            nodePools = new[] { "win19" }, kind = "NewNodePool", target = "Windows2022", start = "2026-11-25T13:00:00Z", end = "2026-11-25T19:00:00Z", timeZone = "UTC",
        });
        var old = JsonNode.Parse(bed.Emulator.PoolJson(Production, "rg-legacy-prod", "aks-dotnetfx-prod-weu", "win19")!)!;
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));

        var waiting = await bed.RunUntilAsync(id, r => r.GetProperty("canConfirmMoved").GetBoolean());
        for (var i = 0; i < 5; i++)
        {
            bed.Factory.Time.Advance(Poll);
            await bed.RoundAsync();
        }

        var stillThere = bed.Emulator.PoolJson(Production, "rg-legacy-prod", "aks-dotnetfx-prod-weu", "win19");
        var confirmed = await bed.Olivia.PostAsync($"/api/v1/windows/{id}/execution/confirm-moved", null, Ct);
        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal(["Succeeded", "WaitingForPerson", "Queued"], waiting.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.NotNull(stillThere); // never deleted before a person confirmed
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("Completed", run.GetProperty("windowStatus").GetString());
        var created = JsonNode.Parse(bed.Emulator.PoolJson(Production, "rg-legacy-prod", "aks-dotnetfx-prod-weu", "win192")!)!["properties"]!;
        Assert.Equal("Windows2022", created["osSKU"]!.GetValue<string>());
        Assert.Equal(old["properties"]!["vmSize"]!.GetValue<string>(), created["vmSize"]!.GetValue<string>());
        Assert.Equal(old["properties"]!["count"]!.GetValue<int>(), created["count"]!.GetValue<int>());
        Assert.Null(bed.Emulator.PoolJson(Production, "rg-legacy-prod", "aks-dotnetfx-prod-weu", "win19"));
    }

    [Fact]
    public async Task NewNodePool_NobodyConfirmsBeforeTheWindowEnds_FailsAndTheOldPoolStays()
    {
        await using var bed = await TestBed.StartAsync(provider, "Automatic");
        var id = await bed.ApprovedWindowAsync(new
        {
            title = ".NET Framework pool to Windows Server 2022", subscriptionId = Production, resourceGroup = "rg-legacy-prod", cluster = "aks-dotnetfx-prod-weu",
            nodePools = new[] { "win19" }, kind = "NewNodePool", target = "Windows2022", start = "2026-11-25T13:00:00Z", end = "2026-11-25T19:00:00Z", timeZone = "UTC",
        });
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));
        await bed.RunUntilAsync(id, r => r.GetProperty("canConfirmMoved").GetBoolean());

        bed.Factory.Time.Advance(TimeSpan.FromHours(6)); // past the end, unconfirmed
        var run = await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        // Failed, and once the window has ended the completion check may already have judged it NotReached (the old pool remains).
        Assert.Contains(run.GetProperty("windowStatus").GetString(), new[] { "Failed", "NotReached" });
        Assert.Contains("ended before anyone confirmed that the workloads moved", run.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Equal(["Succeeded", "Failed", "Skipped"], run.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Equal("NotConfirmed", run.GetProperty("steps")[1].GetProperty("errorCode").GetString());
        Assert.NotNull(bed.Emulator.PoolJson(Production, "rg-legacy-prod", "aks-dotnetfx-prod-weu", "win19"));
        Assert.DoesNotContain(bed.Writes(), w => w.StartsWith("DELETE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notifications_AnnounceTheStart_AndTheFailure_ToTheWindowsPeople()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var bed = await TestBed.StartAsync(provider, "Automatic", configure: factory => factory
            .With("Dashboard:PublicUrl", "https://aks-upgrades.contoso.example")
            .With("Notifications:Smtp:Host", "127.0.0.1")
            .With("Notifications:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Notifications:Smtp:Security", "None")
            .With("Notifications:Smtp:From", "AKS Upgrade Dashboard <aks-upgrades@contoso.example>"));
        bed.Emulator.Options.ReadOnlySubscriptions.Add(Platform);
        var id = await bed.ApprovedWindowAsync(NodeImage(["linux"]));
        bed.Factory.Time.Advance(TimeSpan.FromHours(1));
        await bed.RunUntilAsync(id, r => r.GetProperty("windowStatus").GetString() != "InProgress");

        var sender = bed.Factory.Services.GetRequiredService<AksUpgradeDashboard.Notifications.NotificationSender>();
        await sender.RunAsync(Ct);
        await sender.RunAsync(Ct);

        // Olivia created it, Anna approved it: both hear that it started (by the dashboard) and that it stopped, and why.
        foreach (var person in new[] { "olivia@contoso.example", "anna@contoso.example" })
        {
            var subjects = smtp.To(person).Select(m => m.Subject!).Where(s => s.StartsWith("Upgrade", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["Upgrade started: CI runners node image (aks-ci-runners-neu)", "Upgrade stopped: CI runners node image (aks-ci-runners-neu)"], subjects);
        }

        var stopped = smtp.To("olivia@contoso.example").Single(m => m.Subject!.StartsWith("Upgrade stopped", StringComparison.Ordinal));
        Assert.Contains("upgradeNodeImageVersion/action", stopped.TextBody, StringComparison.Ordinal);
        Assert.Empty(smtp.To("victor@contoso.example")); // a viewer, neither author nor approver
    }

    private const int StatusCodes409 = 409;

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 400 && !await condition(); i++)
        {
            await Task.Delay(25, Ct);
        }

        Assert.True(await condition(), "The condition was not met.");
    }

    private static object NodeImage(string[] pools) => new
    {
        title = "CI runners node image",
        subscriptionId = Platform,
        resourceGroup = CiGroup,
        cluster = CiCluster,
        nodePools = pools,
        kind = "NodeImage",
        start = "2026-11-25T13:00:00Z",
        end = "2026-11-25T19:00:00Z",
        timeZone = "UTC",
    };

    private static string? Property(string? resourceJson, string name) =>
        resourceJson is null ? null : JsonNode.Parse(resourceJson)!["properties"]?[name]?.GetValue<string>();

    private static JsonObject Pool(ArmFleet fleet, string subscription, string cluster, string pool) =>
        fleet.ManagedClusters[subscription].Single(c => c["name"]!.GetValue<string>() == cluster)["properties"]!["agentPoolProfiles"]!.AsArray()
            .OfType<JsonObject>().Single(p => p["name"]!.GetValue<string>() == pool);

    /// <summary>The app in Azure mode on the emulator, with execution on; the test runs the executor's rounds.</summary>
    private sealed class TestBed : IAsyncDisposable
    {
        private readonly bool _ownsEmulator;

        private TestBed(Emulator emulator, DashboardFactory factory, bool ownsEmulator)
        {
            Emulator = emulator;
            Factory = factory;
            _ownsEmulator = ownsEmulator;
            Olivia = factory.CreateClientAs("olivia");
        }

        public Emulator Emulator { get; }
        public DashboardFactory Factory { get; }
        public HttpClient Olivia { get; }
        public UpgradeExecutor Executor => Factory.Services.GetRequiredService<UpgradeExecutor>();

        public static async Task<TestBed> StartAsync(
            TestDatabaseProvider provider, string mode, Action<ArmFleet>? changeFleet = null, Emulator? emulator = null, TestDatabase? database = null,
            Func<DashboardFactory, DashboardFactory>? configure = null)
        {
            var owns = emulator is null;
            if (emulator is null)
            {
                var fleet = ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath);
                changeFleet?.Invoke(fleet);
                emulator = await Emulator.StartAsync(fleet, cancellationToken: Ct);
            }

            var factory = new DashboardFactory(provider)
                .With("Inventory:Source", "Azure")
                .With("Authentication:AllowLocalOutsideDevelopment", "true")
                .With("Azure:Credential", "AzureCli")
                .With("Azure:ResourceManagerEndpoint", emulator.BaseUri.ToString())
                .With("Azure:ResourceManagerAudience", AzureTestSetup.ArmAudience)
                .With("Upgrades:Execution", mode)
                .With("Upgrades:MaxInventoryAge", "08:00:00")
                .WithServices(services =>
                {
                    services.RemoveAll<TokenCredential>();
                    services.AddSingleton<TokenCredential>(new FakeTokenCredential());
                    services.AddSingleton<HttpPipelineTransport>(new HttpClientTransport(emulator.CreateTrustingHandler()));
                });
            if (database is not null)
            {
                factory.WithDatabase(database);
            }

            factory = configure?.Invoke(factory) ?? factory;

            var bed = new TestBed(emulator, factory, owns);
            await factory.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            return bed;
        }

        /// <summary>Creates (as Olivia), submits and approves (as Anna, acknowledging its warnings) a window.</summary>
        public async Task<Guid> ApprovedWindowAsync(object body)
        {
            var created = await Olivia.PostAsJsonAsync("/api/v1/windows", body, Ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
            (await Olivia.PostAsJsonAsync($"/api/v1/windows/{id}/submit", new { comment = (string?)null }, Ct)).EnsureSuccessStatusCode();
            var anna = Factory.CreateClientAs("anna");
            var window = await anna.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct);
            var codes = window.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).OfType<string>().Distinct().ToArray();
            var approved = await anna.PostAsJsonAsync($"/api/v1/windows/{id}/approve", new { comment = "Go", revision = 1, acknowledgedWarnings = codes }, Ct);
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync(Ct));
            Emulator.ClearRequests();
            return id;
        }

        public Task RoundAsync() => Executor.RunAsync(Ct);

        /// <summary>A client of the emulator that is not the dashboard (someone at the portal, AKS's own auto-upgrade).</summary>
        public HttpClient SomeoneElse()
        {
            var client = new HttpClient(Emulator.CreateTrustingHandler()) { BaseAddress = Emulator.BaseUri };
            client.DefaultRequestHeaders.Authorization = new("Bearer", "someone-else");
            return client;
        }

        /// <summary>Polls an operation until it ends: the emulator's operations move on when polled.</summary>
        public static async Task FinishAsync(HttpClient client, string statusUrl)
        {
            while ((await client.GetFromJsonAsync<JsonElement>(statusUrl, Ct)).GetProperty("status").GetString() == "InProgress")
            {
            }
        }

        /// <summary>Runs rounds, a poll interval apart, until the run satisfies <paramref name="done"/> (at most 40 rounds).</summary>
        public async Task<JsonElement> RunUntilAsync(Guid id, Func<JsonElement, bool> done)
        {
            for (var round = 0; round < 40; round++)
            {
                await RoundAsync();
                var run = await Olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}/execution", Ct);
                if (done(run))
                {
                    return run;
                }

                Factory.Time.Advance(Poll);
            }

            Assert.Fail($"The run did not get there in 40 rounds: {await Olivia.GetStringAsync($"/api/v1/windows/{id}/execution", Ct)}");
            return default;
        }

        /// <summary>The writes the emulator received ("METHOD path"), in order; reads and polls left out.</summary>
        public List<string> Writes() =>
            [.. Emulator.Requests.Where(r => r.Method is "POST" or "PUT" or "DELETE" or "PATCH").Select(r => $"{r.Method} {r.Path}")];

        public async ValueTask DisposeAsync()
        {
            await Factory.DisposeAsync();
            if (_ownsEmulator)
            {
                await Emulator.DisposeAsync();
            }
        }
    }
}

public sealed class SqliteExecutionTests() : ExecutionTests(TestDatabaseProvider.Sqlite);

public sealed class PostgreSqlExecutionTests() : ExecutionTests(TestDatabaseProvider.PostgreSql);
