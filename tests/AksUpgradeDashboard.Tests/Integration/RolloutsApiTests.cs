using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Rollouts;
using AksUpgradeDashboard.Tests.Shared;
using AksUpgradeDashboard.Windows;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>Issue 18: a three-wave rollout through the API, on the sample fleet: proposal, save, waves decided, the gate, a waiver, cancel.</summary>
public abstract class RolloutsApiTests(TestDatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The retail team's pools to the latest node image: its two dev clusters first, then eastus2, then the rest of prod.
    private static object Request(string name = "Retail node images") => new
    {
        name,
        kind = "NodeImage",
        target = (string?)null,
        query = "tag=team%3Dretail",
        timeZone = "Europe/Amsterdam",
        windowHours = 4,
        waves = new object[]
        {
            new { name = "dev", ruleKind = "Tag", ruleValue = "env=dev", durationDays = 2, maxConcurrentClusters = 2, soakDays = 1 },
            new { name = "web", ruleKind = "Region", ruleValue = "eastus2", durationDays = 14, maxConcurrentClusters = 1, soakDays = 1 },
            new { name = "prod", ruleKind = "Tag", ruleValue = "env=prod", durationDays = 28, maxConcurrentClusters = 2, soakDays = 0 },
        },
    };

    [Fact]
    public async Task Proposal_ThreeWaves_WindowsPerWaveAndNothingSaved()
    {
        await using var factory = new DashboardFactory(provider);
        var olivia = factory.CreateClientAs("olivia");

        var response = await olivia.PostAsJsonAsync("/api/v1/rollouts/proposal", Request(), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var proposal = JsonDocument.Parse(body).RootElement;
        var list = await olivia.GetFromJsonAsync<JsonElement>("/api/v1/rollouts", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, proposal.GetProperty("waves").GetArrayLength());
        Assert.All(proposal.GetProperty("waves").EnumerateArray(), w => Assert.NotEmpty(w.GetProperty("windows").EnumerateArray()));
        Assert.Empty(list.EnumerateArray());
    }

    [Fact]
    public async Task Proposal_BadRequest_ProblemNamesEachField()
    {
        await using var factory = new DashboardFactory(provider);
        var olivia = factory.CreateClientAs("olivia");
        var body = new
        {
            name = "",
            kind = "Teleport",
            query = "status=Bogus&q=" + new string('x', 4000),
            timeZone = "Mars/Olympus",
            windowHours = 0,
            waves = new object[] { new { name = "dev", ruleKind = "Tag", ruleValue = "dev", durationDays = 0, maxConcurrentClusters = 0, soakDays = -1 } },
        };

        var response = await olivia.PostAsJsonAsync("/api/v1/rollouts/proposal", body, Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            ["kind", "name", "query", "timeZone", "waves[0].durationDays", "waves[0].maxConcurrentClusters", "waves[0].rule", "waves[0].soakDays", "windowHours"],
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal("A tag rule is key=value (or key= for clusters without the tag), not 'dev'.", problem.GetProperty("errors").GetProperty("waves[0].rule")[0].GetString());
    }

    [Fact]
    public async Task Save_Proposal_AllWindowsDraftLinkedAndAudited()
    {
        await using var factory = new DashboardFactory(provider);
        var olivia = factory.CreateClientAs("olivia");

        var (id, rollout) = await SaveAsync(olivia);
        var list = await olivia.GetFromJsonAsync<JsonElement>("/api/v1/rollouts", Ct);
        var windows = Windows(rollout).ToList();
        var first = await olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{windows[0].GetProperty("id").GetGuid()}", Ct);
        var audit = await olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{windows[0].GetProperty("id").GetGuid()}/audit", Ct);
        var csv = await olivia.GetStringAsync($"/api/v1/rollouts/{id}.csv", Ct);

        Assert.Equal("Draft", rollout.GetProperty("status").GetString());
        Assert.Equal([2, 1, 2], rollout.GetProperty("waves").EnumerateArray().Select(w => w.GetProperty("windows").GetArrayLength()));
        Assert.All(windows, w => Assert.Equal("Draft", w.GetProperty("status").GetString()));
        Assert.Equal("Draft", first.GetProperty("status").GetString());
        Assert.Equal("Created", Assert.Single(audit.EnumerateArray()).GetProperty("action").GetString());
        Assert.Equal([true, false, false], rollout.GetProperty("waves").EnumerateArray().Select(w => w.GetProperty("gate").GetProperty("open").GetBoolean()));
        Assert.Equal("Wave 2 waits: 2 of 2 windows in wave 1 not verified.", Wave(rollout, 1).GetProperty("gate").GetProperty("blocker").GetString());
        Assert.Equal(3, Wave(rollout, 0).GetProperty("progress").GetProperty("poolsRemaining").GetInt32());
        Assert.Equal("Every selected pool is moved by 2026-12-05.", rollout.GetProperty("projection").GetString());
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetGuid());
        Assert.StartsWith("rollout,wave,waveName,cluster,", csv, StringComparison.Ordinal);
        Assert.Equal(6, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Save_AWindowMovedIntoThePast_NothingSavedAndTheWindowNamed()
    {
        await using var factory = new DashboardFactory(provider);
        var olivia = factory.CreateClientAs("olivia");
        var body = Body(edits: [new { wave = 0, clusterId = DevAue, kind = (string?)null, start = "2026-11-25T09:00:00Z", drop = false }]);

        var response = await olivia.PostAsJsonAsync("/api/v1/rollouts", body, Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var rollouts = await olivia.GetFromJsonAsync<JsonElement>("/api/v1/rollouts", Ct);
        var windows = await olivia.GetFromJsonAsync<JsonElement>("/api/v1/windows", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var field = Assert.Single(problem.GetProperty("errors").EnumerateObject());
        Assert.Equal("windows[wave 1, aks-retail-dev-aue, NodeImage]", field.Name);
        Assert.StartsWith("start: ", field.Value[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(rollouts.EnumerateArray());
        Assert.Empty(windows.EnumerateArray());
    }

    // An edit's start at the end of time: its end could not be worked out (500); now the edit is named, nothing saved.
    [Fact]
    public async Task Save_AWindowMovedToTheEndOfTime_NothingSavedAndTheEditNamed()
    {
        await using var factory = new DashboardFactory(provider);
        var olivia = factory.CreateClientAs("olivia");
        var body = Body(edits: [new { wave = 0, clusterId = DevAue, kind = (string?)null, start = "9999-12-31T22:00:00Z", drop = false }]);

        var response = await olivia.PostAsJsonAsync("/api/v1/rollouts", body, Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("more than 400 days ahead", problem.GetProperty("errors").GetProperty("edits[0]")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty((await olivia.GetFromJsonAsync<JsonElement>("/api/v1/rollouts", Ct)).EnumerateArray());
    }

    [Fact]
    public async Task Save_AWindowDropped_TheOthersSaved()
    {
        await using var factory = new DashboardFactory(provider);
        var olivia = factory.CreateClientAs("olivia");

        var (_, rollout) = await SaveAsync(olivia, Body(edits: [new { wave = 0, clusterId = DevAue, kind = (string?)null, start = (string?)null, drop = true }]));

        Assert.Equal("aks-retail-dev-weu", Assert.Single(Wave(rollout, 0).GetProperty("windows").EnumerateArray()).GetProperty("cluster").GetString());
    }

    [Fact]
    public async Task Waves_SecondApprovedButWaveOneNotReached_HeldByTheGateUntilWaived()
    {
        await using var factory = new DashboardFactory(provider);
        var (paul, anna) = (factory.CreateClientAs("paul"), factory.CreateClientAs("anna"));
        var (id, _) = await SaveAsync(paul);

        // Wave 1: submitted, then approved as one decision; not by its creator.
        var submitted = await PostAsync(paul, id, "waves/0/submit", new { comment = "Dev first" });
        var byCreator = await ApproveWaveAsync(paul, id, 0);
        var byCreatorProblem = await byCreator.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var afterRefusal = await GetAsync(paul, id);
        var approved = await ApproveWaveAsync(anna, id, 0);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byCreator.StatusCode);
        Assert.Contains("you cannot approve it", byCreatorProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.All(Wave(afterRefusal, 0).GetProperty("windows").EnumerateArray(), w => Assert.Equal("Submitted", w.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.All(Wave(await GetAsync(anna, id), 0).GetProperty("windows").EnumerateArray(), w => Assert.Equal("Approved", w.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(paul, id, "waves/1/submit", new { comment = "Web next" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ApproveWaveAsync(anna, id, 1)).StatusCode);

        // Wave 1 runs (21:00 to 01:00 UTC) and the inventory shows its pools unchanged: NotReached.
        await AdvanceAndCheckAsync(factory, TimeSpan.FromHours(9.5));
        Assert.All(Wave(await GetAsync(anna, id), 0).GetProperty("windows").EnumerateArray(), w => Assert.Equal("InProgress", w.GetProperty("status").GetString()));
        await AdvanceAndCheckAsync(factory, TimeSpan.FromHours(4));
        var afterWaveOne = await GetAsync(anna, id);
        Assert.All(Wave(afterWaveOne, 0).GetProperty("windows").EnumerateArray(), w => Assert.Equal("NotReached", w.GetProperty("status").GetString()));
        Assert.Equal(3, Wave(afterWaveOne, 0).GetProperty("progress").GetProperty("poolsFailed").GetInt32());

        // Wave 2's window is due (2026-11-28 01:00 UTC) but does not open: wave 1 is not complete. Nothing is recorded.
        await AdvanceAndCheckAsync(factory, TimeSpan.FromDays(1));
        await AdvanceAndCheckAsync(factory, TimeSpan.FromDays(1));
        await factory.Services.GetRequiredService<WindowCompletionService>().CheckAsync(Ct);
        var held = await GetAsync(anna, id);
        var waveTwo = Assert.Single(Wave(held, 1).GetProperty("windows").EnumerateArray());
        var waveTwoId = waveTwo.GetProperty("id").GetGuid();
        Assert.Equal("Approved", waveTwo.GetProperty("status").GetString());
        Assert.Equal("Wave 2 waits: 2 of 2 windows in wave 1 not verified (2 not reached and not waived).", Wave(held, 1).GetProperty("gate").GetProperty("blocker").GetString());
        var heldAudit = await anna.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{waveTwoId}/audit", Ct);
        Assert.DoesNotContain(heldAudit.EnumerateArray(), e => e.GetProperty("action").GetString() == "Started");

        // An approver waives wave 1's windows not reached: the wave is complete now, so wave 2 waits its soak from the waiver.
        var noComment = await PostAsync(anna, id, "waves/0/waive", new { comment = "" });
        var waived = await PostAsync(anna, id, "waves/0/waive", new { comment = "Dev images are rebuilt nightly; accepted" });
        await factory.Services.GetRequiredService<WindowCompletionService>().CheckAsync(Ct);
        var soaking = await GetAsync(anna, id);

        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        Assert.Equal(HttpStatusCode.OK, waived.StatusCode);
        Assert.Equal("Dev images are rebuilt nightly; accepted", Wave(soaking, 0).GetProperty("waiver").GetProperty("comment").GetString());
        Assert.All(Wave(soaking, 0).GetProperty("windows").EnumerateArray(), w => Assert.True(w.GetProperty("waived").GetBoolean()));
        Assert.Equal("Wave 2 waits: wave 1 soaks until 2026-11-29 01:30 UTC (1 day after the waiver that completed it).", Wave(soaking, 1).GetProperty("gate").GetProperty("blocker").GetString());
        Assert.Equal("Approved", Assert.Single(Wave(soaking, 1).GetProperty("windows").EnumerateArray()).GetProperty("status").GetString());
        Assert.Equal("Active", soaking.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Waive_TheLastWavesNotReachedWindows_RolloutCompleted()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"));
        var (id, _) = await SaveAsync(olivia, Body(onlyTheFirstWave: true));
        await PostAsync(olivia, id, "waves/0/submit", new { comment = (string?)null });
        Assert.Equal(HttpStatusCode.OK, (await ApproveWaveAsync(anna, id, 0)).StatusCode);
        await AdvanceAndCheckAsync(factory, TimeSpan.FromHours(9.5));
        await AdvanceAndCheckAsync(factory, TimeSpan.FromHours(4));
        var notReached = await GetAsync(anna, id);

        var waived = await PostAsync(anna, id, "waves/0/waive", new { comment = "Accepted: dev images are rebuilt nightly" });
        var completed = await waived.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var again = await PostAsync(anna, id, "waves/0/waive", new { comment = "again" });

        Assert.Equal("Active", notReached.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, waived.StatusCode);
        Assert.Equal("Completed", completed.GetProperty("status").GetString());
        Assert.Equal(3, Wave(completed, 0).GetProperty("progress").GetProperty("poolsWaived").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Completion_TheLastWindowsVerified_RolloutCompleted()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"));
        var (id, _) = await SaveAsync(olivia, Body(onlyTheFirstWave: true));
        await PostAsync(olivia, id, "waves/0/submit", new { comment = (string?)null });
        Assert.Equal(HttpStatusCode.OK, (await ApproveWaveAsync(anna, id, 0)).StatusCode);
        await AdvanceAndCheckAsync(factory, TimeSpan.FromHours(9.5));
        factory.Time.Advance(TimeSpan.FromHours(4));

        // An inventory read after the windows ended shows every pool on the latest node image.
        var current = factory.Services.GetRequiredService<InventoryStore>().Current!;
        var upgraded = FleetState.Build(current.Snapshot with { RefreshedAt = factory.Time.GetUtcNow() },
            (cluster, pool) => current.Pools.First(p => p.Cluster.Id == cluster.Id && p.Pool.Name == pool.Name).Assessment with { OnLatestImage = true },
            current.AssessedOn);
        // The app's own minute tick may save the same windows at that moment (then this pass records nothing and the next looks again).
        var changed = 0;
        for (var attempt = 0; attempt < 5 && changed == 0; attempt++)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            changed = await scope.ServiceProvider.GetRequiredService<WindowTransitionService>().RecordCompletionAsync(upgraded, Ct);
        }

        Assert.Equal(2, changed);

        var completed = await GetAsync(anna, id);
        Assert.Equal("Completed", completed.GetProperty("status").GetString());
        Assert.Equal(3, Wave(completed, 0).GetProperty("progress").GetProperty("poolsDone").GetInt32());
        Assert.All(Wave(completed, 0).GetProperty("windows").EnumerateArray(), w => Assert.Equal("Verified", w.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Save_AnEditOfAWindowNotProposed_NothingSaved()
    {
        await using var factory = new DashboardFactory(provider);
        var olivia = factory.CreateClientAs("olivia");

        var response = await olivia.PostAsJsonAsync("/api/v1/rollouts", Body(edits: [new { wave = 1, clusterId = DevAue, kind = (string?)null, start = (string?)null, drop = true }]), Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("The proposal has no window in wave 2 for cluster", problem.GetProperty("errors").GetProperty("edits[0]")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty((await olivia.GetFromJsonAsync<JsonElement>("/api/v1/rollouts", Ct)).EnumerateArray());
    }

    [Fact]
    public async Task Waves_EditAfterApproval_VoidsItRejectOneWaveAndCancel()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, paul, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("paul"), factory.CreateClientAs("anna"));
        var (id, _) = await SaveAsync(olivia);
        await PostAsync(olivia, id, "waves/1/submit", new { comment = (string?)null });
        Assert.Equal(HttpStatusCode.OK, (await ApproveWaveAsync(anna, id, 1)).StatusCode);
        var window = Assert.Single(Wave(await GetAsync(olivia, id), 1).GetProperty("windows").EnumerateArray());
        var windowId = window.GetProperty("id").GetGuid();

        // An edit through the windows API makes revision 2: the wave's approval of revision 1 no longer counts.
        var edited = await olivia.PutAsJsonAsync($"/api/v1/windows/{windowId}", await EditBodyAsync(olivia, windowId, TimeSpan.FromHours(1)), Ct);
        var afterEdit = Assert.Single(Wave(await GetAsync(olivia, id), 1).GetProperty("windows").EnumerateArray());
        var stale = await PostAsync(anna, id, "waves/1/approve", new { comment = "ok", revisions = new Dictionary<Guid, int> { [windowId] = 1 } });
        var staleProblem = await stale.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var fresh = await ApproveWaveAsync(anna, id, 1);

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("Submitted", afterEdit.GetProperty("status").GetString());
        Assert.Equal(2, afterEdit.GetProperty("revision").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains(windowId.ToString(), staleProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("revision 1, now 2", staleProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        // Wave 3 is rejected as one decision (paul did not write it, so he may).
        await PostAsync(olivia, id, "waves/2/submit", new { comment = (string?)null });
        var noComment = await PostAsync(paul, id, "waves/2/reject", new { comment = " ", revisions = Revisions(await GetAsync(paul, id), 2) });
        var rejected = await PostAsync(paul, id, "waves/2/reject", new { comment = "Not before the retail freeze is agreed", revisions = Revisions(await GetAsync(paul, id), 2) });
        var afterReject = await GetAsync(paul, id);
        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.All(Wave(afterReject, 2).GetProperty("windows").EnumerateArray(), w => Assert.Equal("Rejected", w.GetProperty("status").GetString()));

        // Cancelling the rollout cancels every window not started.
        var viewer = await PostAsync(factory.CreateClientAs("victor"), id, "cancel", new { comment = "no" });
        var cancelled = await PostAsync(olivia, id, "cancel", new { comment = "Replaced by the January rollout" });
        var afterCancel = await GetAsync(olivia, id);
        var again = await PostAsync(olivia, id, "cancel", new { comment = (string?)null });

        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", afterCancel.GetProperty("status").GetString());
        Assert.All(Windows(afterCancel), w => Assert.Equal("Cancelled", w.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // The rollout's own entries join the audit trail's hash chain, which still verifies.
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Subject == AuditSubject.Rollout).OrderBy(e => e.ChainSequence).ToListAsync(Ct);
        var chain = await factory.CreateClientAs("ada").GetFromJsonAsync<JsonElement>("/api/v1/audit/verify", Ct);
        Assert.Equal(["Created", "Submitted", "Approved", "Approved", "Submitted", "Rejected", "Cancelled"], entries.Select(e => e.Action.ToString()));
        Assert.All(entries, e => Assert.Equal(id, e.WindowId));
        Assert.True(chain.GetProperty("valid").GetBoolean(), chain.ToString());
    }

    // Item: a waiver follows no-self-approval: the rollout's creator may not waive its windows not reached; another approver must.
    [Fact]
    public async Task Waive_ByTheRolloutsCreator_ForbiddenAndNothingWaived()
    {
        await using var factory = new DashboardFactory(provider);
        var (paul, anna) = (factory.CreateClientAs("paul"), factory.CreateClientAs("anna"));
        var id = await WaveOneNotReachedAsync(factory, paul, paul, anna);

        var byCreator = await PostAsync(paul, id, "waves/0/waive", new { comment = "Accepted: dev images are rebuilt nightly" });
        var problem = await byCreator.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var after = await GetAsync(anna, id);
        var byOther = await PostAsync(anna, id, "waves/0/waive", new { comment = "Accepted: dev images are rebuilt nightly" });

        Assert.Equal(HttpStatusCode.Forbidden, byCreator.StatusCode);
        Assert.Equal("application/problem+json", byCreator.Content.Headers.ContentType?.MediaType);
        Assert.Equal("You created rollout 'Retail node images', so you cannot waive its windows not reached: another approver must.", problem.GetProperty("detail").GetString());
        Assert.Equal(JsonValueKind.Null, Wave(after, 0).GetProperty("waiver").ValueKind);
        Assert.All(Wave(after, 0).GetProperty("windows").EnumerateArray(), w => Assert.False(w.GetProperty("waived").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, byOther.StatusCode);
    }

    [Fact]
    public async Task Waive_BySomeoneWhoSavedOneOfTheWindows_ForbiddenNamingIt()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, paul, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("paul"), factory.CreateClientAs("anna"));
        var id = await WaveOneNotReachedAsync(factory, olivia, paul, anna);

        var byEditor = await PostAsync(paul, id, "waves/0/waive", new { comment = "Accepted" });
        var problem = await byEditor.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var byOther = await PostAsync(anna, id, "waves/0/waive", new { comment = "Accepted" });

        Assert.Equal(HttpStatusCode.Forbidden, byEditor.StatusCode);
        Assert.Equal("You saved window 'Retail node images: aks-retail-dev-weu (wave 1)' (revision 2), so you cannot waive it: another approver must.", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, byOther.StatusCode);
    }

    // Item: the soak after a wave completed by a waiver runs from the waiver (the moment the wave became complete), not
    // from its windows' ends: waived a day after the windows ended, wave 2 still waits a day (its soak).
    [Fact]
    public async Task Waive_AfterTheWindowsEnded_NextWaveWaitsTheSoakFromTheWaiverThenOpens()
    {
        await using var factory = new DashboardFactory(provider);
        var (paul, anna) = (factory.CreateClientAs("paul"), factory.CreateClientAs("anna"));
        var (id, _) = await SaveAsync(paul);
        await PostAsync(paul, id, "waves/0/submit", new { comment = (string?)null });
        Assert.Equal(HttpStatusCode.OK, (await ApproveWaveAsync(anna, id, 0)).StatusCode);
        await PostAsync(paul, id, "waves/1/submit", new { comment = (string?)null });
        Assert.Equal(HttpStatusCode.OK, (await ApproveWaveAsync(anna, id, 1)).StatusCode);
        await AdvanceAndCheckAsync(factory, TimeSpan.FromHours(9.5));
        await AdvanceAndCheckAsync(factory, TimeSpan.FromHours(4)); // 2026-11-26 01:30 UTC: wave 1 NotReached

        // Waived at 2026-11-27 03:00 UTC; wave 2's window runs 2026-11-28 01:00 to 05:00 UTC.
        await AdvanceAndCheckAsync(factory, TimeSpan.FromHours(25.5));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(anna, id, "waves/0/waive", new { comment = "Accepted: dev images are rebuilt nightly" })).StatusCode);
        await AdvanceAndCheckAsync(factory, TimeSpan.FromHours(22.5));
        var soaking = await GetAsync(anna, id);
        await AdvanceAndCheckAsync(factory, TimeSpan.FromHours(2));
        var opened = await GetAsync(anna, id);

        Assert.Equal("Approved", Assert.Single(Wave(soaking, 1).GetProperty("windows").EnumerateArray()).GetProperty("status").GetString());
        Assert.Equal("Wave 2 waits: wave 1 soaks until 2026-11-28 03:00 UTC (1 day after the waiver that completed it).", Wave(soaking, 1).GetProperty("gate").GetProperty("blocker").GetString());
        Assert.True(Wave(opened, 1).GetProperty("gate").GetProperty("open").GetBoolean());
        Assert.Equal("InProgress", Assert.Single(Wave(opened, 1).GetProperty("windows").EnumerateArray()).GetProperty("status").GetString());
    }

    // Item: a date or number the API cannot read gets the app's problem naming the field, as the windows API does.
    [Theory]
    [InlineData("/api/v1/rollouts/proposal", "notBefore", "\"next tuesday\"", "$.notBefore", "an ISO 8601 date and time string")]
    [InlineData("/api/v1/rollouts", "notBefore", "\"2026-13-45\"", "$.notBefore", "an ISO 8601 date and time string")]
    [InlineData("/api/v1/rollouts/proposal", "windowHours", "\"four\"", "$.windowHours", "a whole number")]
    [InlineData("/api/v1/rollouts", "windowHours", "4.5", "$.windowHours", "a whole number")]
    public async Task Post_ABadDateOrNumber_ProblemNamingTheField(string url, string field, string json, string path, string expected)
    {
        await using var factory = new DashboardFactory(provider);
        var olivia = factory.CreateClientAs("olivia");
        var body = JsonSerializer.Serialize(Request()).Replace("\"windowHours\":4", field == "windowHours" ? $"\"windowHours\":{json}" : $"\"windowHours\":4,\"{field}\":{json}", StringComparison.Ordinal);

        var response = await olivia.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(path, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    // Item: values that read as JSON but no rollout can have (a start beyond the planning horizon, a length that overflows,
    // a soak of NaN) got a 500; now the rollout's own problem names the field, as the windows API does for its start.
    [Theory]
    [InlineData("notBefore", "\"9999-12-30T00:00:00Z\"", "notBefore", "more than 400 days ahead")]
    [InlineData("notBefore", "\"2028-12-05T22:00:00+01:00\"", "notBefore", "more than 400 days ahead")]
    [InlineData("windowHours", "2147483647", "windowHours", "a window is")]
    [InlineData("soakDays", "\"NaN\"", "waves[0].soakDays", "Soak is 0 to 90 days.")]
    [InlineData("durationDays", "\"NaN\"", "waves[0].durationDays", "Duration is a positive number of days")]
    public async Task Proposal_ADateOrNumberNoRolloutCanHave_ProblemNamingTheField(string field, string json, string errorField, string expected)
    {
        await using var factory = new DashboardFactory(provider);
        var request = JsonSerializer.SerializeToNode(Request())!.AsObject();
        var target = field is "soakDays" or "durationDays" ? request["waves"]![0]!.AsObject() : request;
        target[field] = System.Text.Json.Nodes.JsonNode.Parse(json);

        var response = await factory.CreateClientAs("olivia").PostAsync("/api/v1/rollouts/proposal", new StringContent(request.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateObject());
        Assert.Equal(errorField, error.Name);
        Assert.Contains(expected, error.Value[0].GetString(), StringComparison.Ordinal);
    }

    // Item: a wave decision's revisions are a map from window id to revision; a key or value of the wrong kind is named.
    [Theory]
    [InlineData("{\"comment\":\"ok\",\"revisions\":{\"abc\":1}}", "$.revisions", "The key 'abc' in $.revisions is not a GUID string")]
    [InlineData("{\"comment\":\"ok\",\"revisions\":{\"6f0e1c1e-8f8b-4f43-9d44-2f4a1d7e0b11\":\"two\"}}", "$.revisions.6f0e1c1e-8f8b-4f43-9d44-2f4a1d7e0b11", "is not a whole number")]
    public async Task ApproveWave_RevisionsOfTheWrongKind_ProblemNamingThem(string body, string path, string expected)
    {
        await using var factory = new DashboardFactory(provider);

        var response = await factory.CreateClientAs("anna").PostAsync($"/api/v1/rollouts/{Guid.NewGuid()}/waves/0/approve", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(path, detail, StringComparison.Ordinal);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ABadNumberInAWave_ProblemNamingTheWavesField()
    {
        await using var factory = new DashboardFactory(provider);
        var body = JsonSerializer.Serialize(Request()).Replace("\"durationDays\":14", "\"durationDays\":\"two weeks\"", StringComparison.Ordinal);

        var response = await factory.CreateClientAs("olivia").PostAsync("/api/v1/rollouts/proposal", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.waves[1].durationDays", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("a number", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    // Item: a wave decision is all or none, and so is the approvals metric: a wave refused at its second window (which
    // the approver saved) counts no decision, though its first window's approval ran before the refusal.
    [Fact]
    public async Task ApproveWave_RefusedAtTheSecondWindow_NoDecisionCounted()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, paul, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("paul"), factory.CreateClientAs("anna"));
        var (id, _) = await SaveAsync(olivia);
        await EditAsync(paul, Wave(await GetAsync(olivia, id), 0).GetProperty("windows").EnumerateArray()
            .Single(w => w.GetProperty("cluster").GetString() == "aks-retail-dev-weu").GetProperty("id").GetGuid(), TimeSpan.FromMinutes(30));
        await PostAsync(olivia, id, "waves/0/submit", new { comment = (string?)null });
        var rollout = await GetAsync(paul, id);
        await using var scope = factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<RolloutService>();
        var paulActor = new Actor("paul@contoso.example", "Paul Platform-lead");

        using var decisions = new DecisionsCounted();
        var refused = await service.DecideWaveAsync(id, 0, approve: true, paulActor, "Looks right", Revisions(rollout, 0), AllWarnings, Ct);
        var refusedCount = decisions.Count;
        var approved = await scope.ServiceProvider.GetRequiredService<RolloutService>().DecideWaveAsync(
            id, 0, approve: true, new Actor("anna@contoso.example", "Anna Approver"), "Looks right", Revisions(rollout, 0), AllWarnings, Ct);

        Assert.Equal(WindowChangeFailure.Forbidden, refused.Failure);
        Assert.Equal(0, refusedCount);
        Assert.Equal(WindowChangeFailure.None, approved.Failure);
        Assert.Equal(2, decisions.Count);
    }

    // Every warning code a window check gives, acknowledged.
    private static readonly string[] AllWarnings = [.. typeof(WarningCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

    /// <summary>Approval decisions recorded on this test's own async flow (other tests run in parallel with the same meter).</summary>
    private sealed class DecisionsCounted : IDisposable
    {
        private static readonly AsyncLocal<DecisionsCounted?> s_current = new();
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private int _count;

        public DecisionsCounted()
        {
            s_current.Value = this;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AksUpgradeDashboard.Telemetry.DashboardMetrics.MeterName && instrument.Name == "aks_dashboard.approvals.decided")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
            {
                if (s_current.Value is { } mine)
                {
                    Interlocked.Add(ref mine._count, (int)value);
                }
            });
            _listener.Start();
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose()
        {
            s_current.Value = null;
            _listener.Dispose();
        }
    }

    // Saves the rollout (wave 1 only) as `creator`, has `editor` move one of wave 1's windows 30 minutes later (a
    // revision they saved; the creator when the same), wave 1 approved by `approver`, and runs it to NotReached.
    private static async Task<Guid> WaveOneNotReachedAsync(DashboardFactory factory, HttpClient creator, HttpClient editor, HttpClient approver)
    {
        var (id, rollout) = await SaveAsync(creator, Body(onlyTheFirstWave: true));
        if (!ReferenceEquals(creator, editor))
        {
            await EditAsync(editor, Wave(rollout, 0).GetProperty("windows").EnumerateArray()
                .Single(w => w.GetProperty("cluster").GetString() == "aks-retail-dev-weu").GetProperty("id").GetGuid(), TimeSpan.FromMinutes(30));
        }

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(creator, id, "waves/0/submit", new { comment = (string?)null })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ApproveWaveAsync(approver, id, 0)).StatusCode);
        await AdvanceAndCheckAsync(factory, TimeSpan.FromHours(9.5));
        await AdvanceAndCheckAsync(factory, TimeSpan.FromHours(4));
        Assert.All(Wave(await GetAsync(approver, id), 0).GetProperty("windows").EnumerateArray(), w => Assert.Equal("NotReached", w.GetProperty("status").GetString()));
        return id;
    }

    private static async Task EditAsync(HttpClient client, Guid windowId, TimeSpan shift)
    {
        var edited = await client.PutAsJsonAsync($"/api/v1/windows/{windowId}", await EditBodyAsync(client, windowId, shift), Ct);
        Assert.True(edited.StatusCode == HttpStatusCode.OK, await edited.Content.ReadAsStringAsync(Ct));
    }

    private const string DevAue = "/subscriptions/d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f43/resourceGroups/rg-retail-dev/providers/Microsoft.ContainerService/managedClusters/aks-retail-dev-aue";

    private static Dictionary<string, object?> Body(object[]? edits = null, bool onlyTheFirstWave = false)
    {
        var map = JsonSerializer.SerializeToElement(Request()).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        map["edits"] = edits;
        if (onlyTheFirstWave)
        {
            map["waves"] = ((JsonElement)map["waves"]!).EnumerateArray().Take(1).ToArray();
        }

        return map;
    }

    private static async Task<(Guid Id, JsonElement Rollout)> SaveAsync(HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/rollouts", body ?? Body(), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        var rollout = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (rollout.GetProperty("id").GetGuid(), rollout);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, Guid id) => await client.GetFromJsonAsync<JsonElement>($"/api/v1/rollouts/{id}", Ct);

    private static JsonElement Wave(JsonElement rollout, int index) => rollout.GetProperty("waves")[index];

    private static IEnumerable<JsonElement> Windows(JsonElement rollout) => rollout.GetProperty("waves").EnumerateArray().SelectMany(w => w.GetProperty("windows").EnumerateArray());

    private static Dictionary<Guid, int> Revisions(JsonElement rollout, int wave) =>
        Wave(rollout, wave).GetProperty("windows").EnumerateArray().ToDictionary(w => w.GetProperty("id").GetGuid(), w => w.GetProperty("revision").GetInt32());

    /// <summary>Approves the wave as seen now, acknowledging every current warning of its windows (as an approver ticks them).</summary>
    private static async Task<HttpResponseMessage> ApproveWaveAsync(HttpClient client, Guid id, int wave)
    {
        var rollout = await GetAsync(client, id);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var window in Wave(rollout, wave).GetProperty("windows").EnumerateArray())
        {
            var full = await client.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{window.GetProperty("id").GetGuid()}", Ct);
            codes.UnionWith(full.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).OfType<string>());
        }

        return await PostAsync(client, id, $"waves/{wave}/approve", new { comment = "Looks right", revisions = Revisions(rollout, wave), acknowledgedWarnings = codes.ToArray() });
    }

    private static async Task<Dictionary<string, object?>> EditBodyAsync(HttpClient client, Guid windowId, TimeSpan shift)
    {
        var w = await client.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{windowId}", Ct);
        return new()
        {
            ["title"] = w.GetProperty("title").GetString(),
            ["subscriptionId"] = w.GetProperty("subscriptionId").GetString(),
            ["resourceGroup"] = w.GetProperty("resourceGroup").GetString(),
            ["cluster"] = w.GetProperty("cluster").GetString(),
            ["nodePools"] = w.GetProperty("nodePools").EnumerateArray().Select(p => p.GetString()).ToArray(),
            ["kind"] = w.GetProperty("kind").GetString(),
            ["target"] = w.GetProperty("target").GetString(),
            ["start"] = (w.GetProperty("start").GetDateTimeOffset() + shift).ToString("O"),
            ["end"] = (w.GetProperty("end").GetDateTimeOffset() + shift).ToString("O"),
            ["timeZone"] = w.GetProperty("timeZone").GetString(),
            ["notes"] = w.GetProperty("notes").GetString(),
            ["revision"] = w.GetProperty("revision").GetInt32(),
        };
    }

    private static async Task AdvanceAndCheckAsync(DashboardFactory factory, TimeSpan by)
    {
        factory.Time.Advance(by);
        await factory.Services.GetRequiredService<InventoryStore>().RefreshAsync(Ct);
        await factory.Services.GetRequiredService<WindowCompletionService>().CheckAsync(Ct);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Guid id, string action, object body) =>
        client.PostAsJsonAsync($"/api/v1/rollouts/{id}/{action}", body, Ct);
}

public sealed class SqliteRolloutsApiTests() : RolloutsApiTests(TestDatabaseProvider.Sqlite);

public sealed class PostgreSqlRolloutsApiTests() : RolloutsApiTests(TestDatabaseProvider.PostgreSql);
