using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Windows;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>The windows API over a real SQLite file; the clock is fixed at the reference day.</summary>
public abstract class WindowsApiTests(TestDatabaseProvider provider)
{
    private const string Production = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object ValidBody(string start = "2026-12-05T22:00:00+01:00", string end = "2026-12-06T04:00:00+01:00", string title = "Payments API node image") => new
    {
        title,
        subscriptionId = Production,
        resourceGroup = "rg-payments-prod",
        cluster = "aks-payments-prod-weu",
        nodePools = new[] { "api" },
        kind = "NodeImage",
        target = (string?)null,
        start,
        end,
        timeZone = "Europe/Amsterdam",
        notes = "<b>not markup</b>",
    };

    [Fact]
    public async Task Post_ValidWindow_Returns201AndTheStoredWindow()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/windows", ValidBody(), Ct);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var fetched = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location!, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/windows/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("Draft", created.GetProperty("status").GetString());
        Assert.Equal(1, created.GetProperty("revision").GetInt32());
        Assert.Equal("paul@contoso.example", created.GetProperty("createdBy").GetString());
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 21, 0, 0, TimeSpan.Zero), created.GetProperty("start").GetDateTimeOffset());
        Assert.Equal("Europe/Amsterdam", created.GetProperty("timeZone").GetString());
        Assert.Equal("<b>not markup</b>", created.GetProperty("notes").GetString());
        // Saturday 21:00 UTC is outside the cluster's node OS maintenance schedule (Saturdays 01:00-09:00 UTC).
        Assert.Contains(created.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("message").GetString()!.Contains("outside the cluster's aksManagedNodeOSUpgradeSchedule", StringComparison.Ordinal));
        Assert.Equal(id, fetched.GetProperty("id").GetGuid());
        Assert.Equal(["api"], fetched.GetProperty("nodePools").EnumerateArray().Select(p => p.GetString()));
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/windows", Ct);
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Post_InvalidWindow_Returns400ProblemListingEachFieldAndSavesNothing()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        var body = new { title = "", subscriptionId = Production, resourceGroup = "rg-payments-prod", cluster = "aks-payments-prod-weu", nodePools = new[] { "ghost" }, kind = "Reboot", start = "2026-12-05T22:00:00+01:00", end = "2026-12-05T22:30:00+01:00", timeZone = "Mars/Olympus" };

        var response = await client.PostAsJsonAsync("/api/v1/windows", body, Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["end", "kind", "nodePools", "timeZone", "title"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("at least 1 hour", errors.GetProperty("end")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/windows", Ct)).GetArrayLength());
    }

    [Theory]
    [InlineData("2026-12-05T22:00:00", "is not an ISO 8601 time with an offset")]
    [InlineData("next Saturday", "is not an ISO 8601 time with an offset")]
    public async Task Post_TimeWithoutOffset_Refused(string start, string expected)
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/windows", ValidBody(start: start), Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, problem.GetProperty("errors").GetProperty("start")[0].GetString(), StringComparison.Ordinal);
    }

    // Hole: GET /api/v1/windows ran the full rule check per window, each loading every window and blackout: quadratic.
    // The queries of one request do not grow with the number of windows.
    [Fact]
    public async Task List_MoreWindows_SameNumberOfQueries()
    {
        var counter = new CommandCounter();
        await using var factory = new DashboardFactory(provider).WithServices(services =>
        {
            services.ConfigureDbContext<DashboardDbContext>(o => o.AddInterceptors(counter));
            services.ConfigureDbContext<PostgreSqlDashboardDbContext>(o => o.AddInterceptors(counter));
        });
        var client = factory.CreateClient();
        await CreateWindowsAsync(client, 2, firstDay: 1);
        var withTwo = await QueriesOfAsync(client, counter);
        await CreateWindowsAsync(client, 6, firstDay: 10);

        var withEight = await QueriesOfAsync(client, counter);

        Assert.Equal(8, (await client.GetFromJsonAsync<JsonElement>("/api/v1/windows", Ct)).GetArrayLength());
        Assert.InRange(withTwo, 1, 10);
        Assert.Equal(withTwo, withEight);
    }

    private static async Task CreateWindowsAsync(HttpClient client, int count, int firstDay)
    {
        for (var i = 0; i < count; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/windows", TestFleet.PaymentsApiWindow($"Window {firstDay + 2 * i}", day: firstDay + 2 * i), Ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    private static async Task<int> QueriesOfAsync(HttpClient client, CommandCounter counter)
    {
        var before = counter.Count;
        (await client.GetAsync("/api/v1/windows", Ct)).EnsureSuccessStatusCode();
        return counter.Count - before;
    }

    private sealed class CommandCounter : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task Post_MalformedJson_Returns400()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();

        var response = await client.PostAsync("/api/v1/windows", new StringContent("{\"title\": ", System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/windows", Ct)).GetArrayLength());
    }

    [Fact]
    public async Task Post_OverlappingWindowOnSameCluster_Refused()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        (await client.PostAsJsonAsync("/api/v1/windows", ValidBody(), Ct)).EnsureSuccessStatusCode();

        var second = await client.PostAsJsonAsync("/api/v1/windows", ValidBody(start: "2026-12-06T02:00:00+01:00", end: "2026-12-06T08:00:00+01:00", title: "Second"), Ct);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("Overlaps window 'Payments API node image'", problem.GetProperty("errors").GetProperty("start")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_StaleRevision_Returns409AndKeepsTheOtherEdit()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        var created = await (await client.PostAsJsonAsync("/api/v1/windows", ValidBody(), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var url = $"/api/v1/windows/{created.GetProperty("id").GetGuid()}";

        var first = await client.PutAsJsonAsync(url, WithRevision(ValidBody(title: "Edited by Alice"), 1), Ct);
        var second = await client.PutAsJsonAsync(url, WithRevision(ValidBody(title: "Edited by Bob"), 1), Ct);
        var stored = await client.GetFromJsonAsync<JsonElement>(url, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("since you loaded it (revision 1, now 2)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Edited by Alice", stored.GetProperty("title").GetString());
        Assert.Equal(2, stored.GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task Put_WithoutRevision_Refused()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        var created = await (await client.PostAsJsonAsync("/api/v1/windows", ValidBody(), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        var response = await client.PutAsJsonAsync($"/api/v1/windows/{created.GetProperty("id").GetGuid()}", ValidBody(), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("revision", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task List_MineTrue_OnlyWindowsTheCallerCreatedOrLastEdited()
    {
        await using var factory = new DashboardFactory(provider);
        var paul = factory.CreateClientAs("paul");
        var olivia = factory.CreateClientAs("olivia");
        var pauls = await CreateAsync(paul, ValidBody());
        var olivias = await CreateAsync(olivia, ValidBody("2026-12-07T22:00:00+01:00", "2026-12-08T04:00:00+01:00", "Olivia's window"));
        // Olivia edits Paul's window: she is now its last editor, so it is hers as well as his.
        var edited = await olivia.PutAsJsonAsync($"/api/v1/windows/{pauls}", WithRevision(Changed(ValidBody(), ("title", "Edited by Olivia")), 1), Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        var forOlivia = await olivia.GetFromJsonAsync<JsonElement>("/api/v1/windows?mine=true", Ct);
        var forVictor = await factory.CreateClientAs("victor").GetFromJsonAsync<JsonElement>("/api/v1/windows?mine=true", Ct);
        var everything = await olivia.GetFromJsonAsync<JsonElement>("/api/v1/windows", Ct);

        Assert.Equal(new[] { pauls, olivias }.Order(), forOlivia.EnumerateArray().Select(w => w.GetProperty("id").GetGuid()).Order());
        Assert.Empty(forVictor.EnumerateArray());
        Assert.Equal(2, everything.GetArrayLength());
    }

    [Fact]
    public async Task Delete_DraftWindow_RemovesIt()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        var created = await (await client.PostAsJsonAsync("/api/v1/windows", ValidBody(), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var url = $"/api/v1/windows/{created.GetProperty("id").GetGuid()}";

        var deleted = await client.DeleteAsync(url, Ct);
        var after = await client.GetAsync(url, Ct);
        var again = await client.DeleteAsync(url, Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Windows_AppRestartsOnSameDatabase_AreStillThere()
    {
        using var database = TestDatabase.Create(provider);
        Guid id;
        await using (var first = new DashboardFactory(provider).WithDatabase(database))
        {
            var created = await (await first.CreateClient().PostAsJsonAsync("/api/v1/windows", ValidBody(), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
            id = created.GetProperty("id").GetGuid();
        }

        await using var second = new DashboardFactory(provider).WithDatabase(database);
        var fetched = await second.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct);

        Assert.Equal("Payments API node image", fetched.GetProperty("title").GetString());
    }

    [Fact]
    public async Task SaveChanges_TwoContextsEditTheSameRow_SecondGetsConcurrencyError()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        var created = await (await client.PostAsJsonAsync("/api/v1/windows", ValidBody(), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("id").GetGuid();
        await using var alice = factory.Database.OpenContext();
        await using var bob = factory.Database.OpenContext();
        var aliceCopy = await alice.Set<UpgradeWindowEntity>().SingleAsync(w => w.Id == id, Ct);
        var bobCopy = await bob.Set<UpgradeWindowEntity>().SingleAsync(w => w.Id == id, Ct);

        aliceCopy.Title = "Alice";
        aliceCopy.ConcurrencyStamp = Guid.NewGuid();
        await alice.SaveChangesAsync(Ct);
        bobCopy.Title = "Bob";
        bobCopy.ConcurrencyStamp = Guid.NewGuid();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => bob.SaveChangesAsync(Ct));
        Assert.Equal("Alice", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Completion_InventoryAfterTheWindowsEnded_VerifiedOrNotReachedWithWhatWasFound()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        var system = await CreateAsync(client, Changed(ValidBody(), ("nodePools", new[] { "system" }), ("title", "Payments system image")));
        var orders = await CreateAsync(client, Changed(ValidBody(),
            ("title", "Orders to Azure Linux 3"), ("resourceGroup", "rg-orders-prod"), ("cluster", "aks-orders-prod-uks"), ("nodePools", new[] { "workers" }),
            ("kind", "OsSkuChange"), ("target", "AzureLinux3")));
        var before = await client.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{system}", Ct);
        var approver = factory.CreateClientAs("anna");
        foreach (var id in new[] { system, orders })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/windows/{id}/submit", new { comment = "Ready" }, Ct)).StatusCode);
            var warnings = (await approver.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct)).GetProperty("warnings").EnumerateArray()
                .Select(w => w.GetProperty("code").GetString()).OfType<string>().Distinct().ToArray();
            Assert.Equal(HttpStatusCode.OK, (await approver.PostAsJsonAsync($"/api/v1/windows/{id}/approve", new { comment = "Go", revision = 1, acknowledgedWarnings = warnings }, Ct)).StatusCode);
        }

        // Twelve days on (after both windows), with a fresh inventory read
        factory.Time.Advance(TimeSpan.FromDays(12));
        await factory.Services.GetRequiredService<InventoryStore>().RefreshAsync(Ct);
        await factory.Services.GetRequiredService<WindowCompletionService>().CheckAsync(Ct);
        var verified = await client.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{system}", Ct);
        var notReached = await client.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{orders}", Ct);

        Assert.Equal("Draft", before.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("completionFound").ValueKind);
        Assert.Equal("Verified", verified.GetProperty("status").GetString());
        Assert.Equal("system: on the latest image AKSUbuntu-2204gen2containerd-202611.10.0", verified.GetProperty("completionFound").GetString());
        Assert.Equal(factory.Time.GetUtcNow(), verified.GetProperty("completionCheckedAt").GetDateTimeOffset());
        Assert.Equal("NotReached", notReached.GetProperty("status").GetString());
        Assert.Equal("workers: still on AzureLinux, not AzureLinux3", notReached.GetProperty("completionFound").GetString());
    }

    private static async Task<Guid> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/windows", body, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static Dictionary<string, object?> Changed(object body, params (string Key, object? Value)[] changes)
    {
        var map = JsonSerializer.SerializeToElement(body).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        foreach (var (key, value) in changes)
        {
            map[key] = value;
        }

        return map;
    }

    private static Dictionary<string, object?> WithRevision(object body, int revision)
    {
        var map = JsonSerializer.SerializeToElement(body).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        map["revision"] = revision;
        return map;
    }
}

public sealed class SqliteWindowsApiTests() : WindowsApiTests(TestDatabaseProvider.Sqlite);

public sealed class PostgreSqlWindowsApiTests() : WindowsApiTests(TestDatabaseProvider.PostgreSql);
