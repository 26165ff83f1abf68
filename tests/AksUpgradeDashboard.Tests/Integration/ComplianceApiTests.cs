using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.Compliance;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Tests.Shared;
using AksUpgradeDashboard.Windows;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary><c>/api/v1/compliance</c> on the sample fleet and a real SQLite file.</summary>
public abstract class ComplianceApiTests(TestDatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_Scorecard_CountsAddUpAndEachDrillDownListsThosePools()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs("victor");

        var scorecard = await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance?tag=env", Ct);

        var overall = scorecard.GetProperty("overall");
        Assert.Equal(81, overall.GetProperty("pools").GetInt32());
        Assert.Equal(81, overall.GetProperty("compliant").GetInt32() + overall.GetProperty("nonCompliant").GetInt32() + overall.GetProperty("unknown").GetInt32());
        Assert.Equal(30, scorecard.GetProperty("policy").GetProperty("maxDaysBehindLatest").GetInt32());
        Assert.Equal("configuration", scorecard.GetProperty("policy").GetProperty("source").GetString());
        Assert.Equal(81, scorecard.GetProperty("byTag").EnumerateArray().Sum(g => g.GetProperty("pools").GetInt32()));
        foreach (var group in scorecard.GetProperty("bySubscription").EnumerateArray())
        {
            var query = group.GetProperty("poolsQuery").GetString()!;
            var all = await client.GetFromJsonAsync<JsonElement>($"/api/v1/pools{query}", Ct);
            var nonCompliant = await client.GetFromJsonAsync<JsonElement>($"/api/v1/pools{query}&compliance=NonCompliant", Ct);
            Assert.Equal(group.GetProperty("pools").GetInt32(), all.GetArrayLength());
            Assert.Equal(group.GetProperty("nonCompliant").GetInt32(), nonCompliant.GetArrayLength());
        }
    }

    [Fact]
    public async Task GetCsv_Scorecard_OverallRowFirstWithThePolicy()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs("victor");
        var json = await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance", Ct);

        var response = await client.GetAsync("/api/v1/compliance.csv", Ct);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment; filename=\"aks-compliance-scorecard-20261125-", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        Assert.Equal("assessedOn,dimension,group,pools,compliant,nonCompliant,unknown,percent,policy", lines[0]);
        var overall = json.GetProperty("overall");
        Assert.StartsWith($"2026-11-25,Overall,All pools,81,{overall.GetProperty("compliant").GetInt32()},{overall.GetProperty("nonCompliant").GetInt32()},{overall.GetProperty("unknown").GetInt32()},", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("\"A pool is compliant when its node image is at most 30 days behind the latest image for its region and image SKU, its OS is neither retiring nor past end of support, and its Kubernetes version is supported by AKS (under the cluster's support plan; previews do not count). Pools that cannot be assessed count as not compliant.\"", lines[1], StringComparison.Ordinal);
        var regions = json.GetProperty("byRegion").GetArrayLength();
        Assert.Equal(regions, lines.Count(l => l.StartsWith("2026-11-25,Region,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AtRisk_ApprovedWindowBeforeTheDeadline_PoolMovesFromNotPlannedToCovered()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs("victor");
        var before = await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/at-risk", Ct);
        // A passed date is listed only as overdue, and only with pools still on its OS.
        Assert.All(before.EnumerateArray(), d => Assert.Equal(DateOnly.Parse(d.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture) < new DateOnly(2026, 11, 25), d.GetProperty("overdue").GetBoolean()));
        Assert.All(before.EnumerateArray(), d => Assert.NotEmpty(d.GetProperty("pools").EnumerateArray()));
        Assert.All(before.EnumerateArray().SelectMany(d => d.GetProperty("pools").EnumerateArray()), p => Assert.Equal("NotPlanned", p.GetProperty("coverage").GetString()));

        // Plan, submit and approve the recommended move off the OS for the first pool that has one.
        var fleet = factory.Services.GetRequiredService<InventoryStore>().Current!;
        var (deadline, pool, recommendation) = before.EnumerateArray()
            .Where(d => d.GetProperty("deadline").GetString() == "EndOfSupport" && !d.GetProperty("overdue").GetBoolean())
            .SelectMany(d => d.GetProperty("pools").EnumerateArray().Select(p => (Deadline: d, Pool: fleet.Pools.Single(x => x.Id == p.GetProperty("id").GetString()))))
            .Select(x => (x.Deadline, x.Pool, Recommendation: UpgradeRecommendation.For([x.Pool])))
            .First(x => x.Recommendation.Kind is UpgradeKind.OsSkuChange or UpgradeKind.NewNodePool);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var windows = scope.ServiceProvider.GetRequiredService<UpgradeWindowService>();
            var decisions = scope.ServiceProvider.GetRequiredService<WindowDecisionService>();
            var start = new DateTimeOffset(2026, 12, 9, 1, 0, 0, TimeSpan.Zero);
            var created = await windows.CreateAsync(new UpgradeWindowRequest("Off the retiring OS", pool.Cluster.SubscriptionId, pool.Cluster.ResourceGroup, pool.Cluster.Name,
                [pool.Pool.Name], recommendation.Kind.ToString(), recommendation.Target, start, start.AddHours(6), "UTC", null), new Actor("olivia@contoso.example", "olivia@contoso.example"), Ct);
            Assert.True(created.Window is not null, string.Join("; ", created.Errors.Select(e => e.Message)));
            Assert.NotNull((await decisions.SubmitAsync(created.Window.Id, 1, new Actor("olivia@contoso.example", "olivia@contoso.example"), null, Ct)).Window);
            var acknowledged = (await scope.ServiceProvider.GetRequiredService<WindowChecker>().CurrentWarningsAsync(created.Window, Ct)).Select(w => w.Code).OfType<string>().ToList();
            Assert.Equal(WindowChangeFailure.None, (await decisions.ApproveAsync(created.Window.Id, 1, new Actor("anna@contoso.example", "anna@contoso.example"), "Agreed in CAB", acknowledged, Ct)).Failure);
        }

        var after = await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/at-risk", Ct);
        var same = after.EnumerateArray().Single(d => d.GetProperty("date").GetString() == deadline.GetProperty("date").GetString() && d.GetProperty("osId").GetString() == deadline.GetProperty("osId").GetString() && d.GetProperty("deadline").GetString() == "EndOfSupport");
        var covered = same.GetProperty("pools").EnumerateArray().Single(p => p.GetProperty("id").GetString() == pool.Id);
        Assert.Equal("Covered", covered.GetProperty("coverage").GetString());
        Assert.Equal("Off the retiring OS", covered.GetProperty("windowTitle").GetString());
        Assert.Equal(deadline.GetProperty("covered").GetInt32() + 1, same.GetProperty("covered").GetInt32());

        var csv = await client.GetStringAsync("/api/v1/compliance/at-risk.csv", Ct);
        Assert.StartsWith("date,deadline,overdue,osVersion,subscription,subscriptionId,resourceGroup,cluster,nodePool,coverage,windowTitle,windowStatus,windowEnd,explanation\r\n", csv, StringComparison.Ordinal);
        Assert.Contains($",False,{deadline.GetProperty("osVersion").GetString()},{pool.SubscriptionName},{pool.Cluster.SubscriptionId},{pool.Cluster.ResourceGroup},{pool.Cluster.Name},{pool.Pool.Name},Covered,Off the retiring OS,Approved,2026-12-09T07:00:00Z,", csv, StringComparison.Ordinal);
        Assert.Contains(",True,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutPolicy_AdminOnlyValidatedAndGuardedByStamp_ScorecardUsesIt()
    {
        await using var factory = new DashboardFactory(provider);
        var admin = factory.CreateClientAs("ada");

        var byOperator = await factory.CreateClientAs("paul").PutAsJsonAsync("/api/v1/compliance/policy", new { maxDaysBehindLatest = 7 }, Ct);
        var outOfRange = await admin.PutAsJsonAsync("/api/v1/compliance/policy", new { maxDaysBehindLatest = 400 }, Ct);
        var missing = await admin.PutAsJsonAsync("/api/v1/compliance/policy", new { retiringIsCompliant = true }, Ct);
        var saved = await admin.PutAsJsonAsync("/api/v1/compliance/policy", new { maxDaysBehindLatest = 7, retiringIsCompliant = true }, Ct);
        var stale = await admin.PutAsJsonAsync("/api/v1/compliance/policy", new { maxDaysBehindLatest = 14 }, Ct);
        var scorecard = await admin.GetFromJsonAsync<JsonElement>("/api/v1/compliance", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Contains("use 0 to 365", (await outOfRange.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("maxDaysBehindLatest")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var policy = await saved.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("settings", policy.GetProperty("source").GetString());
        Assert.Equal("ada@contoso.example", policy.GetProperty("updatedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(7, scorecard.GetProperty("policy").GetProperty("maxDaysBehindLatest").GetInt32());
        Assert.Contains("at most 7 days", scorecard.GetProperty("policy").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_SampleFleetAfterStartUp_GeneratedDaysMarkedSampleThenTodayAndRefusesABadRange()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs("victor");
        await factory.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(Ct);
        await factory.Services.GetRequiredService<ComplianceSnapshotService>().EnsureTodayAsync(Ct);

        var history = await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/history?days=30", Ct);
        var bad = await client.GetAsync("/api/v1/compliance/history?days=0", Ct);

        // days=30: the 30 generated days before today, each marked sample, then today's real snapshot.
        var days = history.EnumerateArray().ToList();
        Assert.Equal(31, days.Count);
        Assert.Equal("2026-10-26", days[0].GetProperty("day").GetString());
        Assert.Equal("2026-11-24", days[^2].GetProperty("day").GetString());
        Assert.All(days[..^1], d => Assert.True(d.GetProperty("sample").GetBoolean()));
        var today = days[^1];
        Assert.Equal("2026-11-25", today.GetProperty("day").GetString());
        Assert.False(today.GetProperty("sample").GetBoolean());
        Assert.All(days, d => Assert.Equal(81, d.GetProperty("pools").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Pools_UnknownComplianceValue_400NamingTheParameter()
    {
        await using var factory = new DashboardFactory(provider);

        var response = await factory.CreateClient().GetAsync("/api/v1/pools?compliance=Maybe", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("compliance 'Maybe' is not one of Compliant, NonCompliant, Unknown.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}

public sealed class SqliteComplianceApiTests() : ComplianceApiTests(TestDatabaseProvider.Sqlite);

public sealed class PostgreSqlComplianceApiTests() : ComplianceApiTests(TestDatabaseProvider.PostgreSql);
