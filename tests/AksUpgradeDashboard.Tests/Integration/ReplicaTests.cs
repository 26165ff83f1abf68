using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.Compliance;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Azure.Sample;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>Two app instances on one database: one reads the inventory for both, and the other takes over when it dies.</summary>
public abstract class ReplicaTests(TestDatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SharedSnapshot_SampleFleet_RoundTripsToTheSameFleet()
    {
        var snapshot = await new SampleInventorySource(TestFleet.Time()).LoadAsync(null, Ct);

        var back = InventoryReplication.Deserialize(InventoryReplication.Serialize(snapshot));

        var today = DateOnly.FromDateTime(TestFleet.Now.UtcDateTime);
        var before = FleetState.Build(snapshot, TestFleet.Assessor(), today);
        var after = FleetState.Build(back, TestFleet.Assessor(), today);
        Assert.Equal(snapshot.RefreshedAt, back.RefreshedAt);
        Assert.Equal(before.Pools.Select(p => (p.Id, p.Status, p.Assessment.StatusReason)), after.Pools.Select(p => (p.Id, p.Status, p.Assessment.StatusReason)));
        Assert.Equal(before.Clusters.Select(c => c.Cluster.Tags), after.Clusters.Select(c => c.Cluster.Tags));
        Assert.Equal(snapshot.Subscriptions, back.Subscriptions);
        Assert.Equal(snapshot.LatestImages, back.LatestImages);
    }

    [Fact]
    public async Task Publish_TwoReplicasAtOnceThenAnOlderFleet_TheNewestStaysShared()
    {
        using var database = await MigratedDatabaseAsync();
        var (newest, older) = await TwoFleetsAsync();

        // The race is lost only in some interleavings, so it is run several times on an empty table.
        for (var round = 0; round < 10; round++)
        {
            await using var first = database.OpenContext();
            await using var second = database.OpenContext();
            await using var late = database.OpenContext();
            await late.SharedInventory.ExecuteDeleteAsync(Ct);

            // Two replicas publish their first fleet at the same moment (one inserts the row, the other meets it), then a
            // late replica publishes an older one.
            await Task.WhenAll(
                Task.Run(() => new InventoryReplication(first, TestFleet.Time()).PublishAsync(older, "first", Ct), Ct),
                Task.Run(() => new InventoryReplication(second, TestFleet.Time()).PublishAsync(newest, "second", Ct), Ct));
            await new InventoryReplication(late, TestFleet.Time()).PublishAsync(older, "late", Ct);

            var shared = await late.SharedInventory.AsNoTracking().SingleAsync(Ct);
            Assert.Equal("second", shared.Holder);
            Assert.Equal(newest.RefreshedAt, (await new InventoryReplication(late, TestFleet.Time()).LoadNewerThanAsync(DateTimeOffset.MinValue, Ct))!.RefreshedAt);
        }
    }

    [Fact]
    public async Task Publish_AnOlderFleetInsertedRightAfterTheReplaceMissed_TheNewerStillReplacesIt()
    {
        using var database = await MigratedDatabaseAsync();
        var (newest, older) = await TwoFleetsAsync();

        // The interleaving that loses the newer fleet when the replica trusts its first look: its replace finds no row,
        // then another replica inserts an older fleet before it looks again.
        await using var other = database.OpenContext();
        var afterFirstStatement = new AfterFirstStatement(() => new InventoryReplication(other, TestFleet.Time()).PublishAsync(older, "other", Ct));
        await using (var publisher = database.OpenContext(afterFirstStatement))
        {
            await new InventoryReplication(publisher, TestFleet.Time()).PublishAsync(newest, "newer", Ct);
        }

        Assert.True(afterFirstStatement.Ran);
        await using var check = database.OpenContext();
        var shared = await check.SharedInventory.AsNoTracking().SingleAsync(Ct);
        Assert.Equal("newer", shared.Holder);
        Assert.Equal(newest.RefreshedAt.UtcDateTime, shared.RefreshedAtUtc);
    }

    private async Task<TestDatabase> MigratedDatabaseAsync()
    {
        var database = TestDatabase.Create(provider);
        try
        {
            await using var migrate = database.OpenContext();
            await migrate.Database.MigrateAsync(Ct);
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>The sample fleet, and the same fleet as read a quarter of an hour earlier.</summary>
    private static async Task<(InventorySnapshot Newest, InventorySnapshot Older)> TwoFleetsAsync()
    {
        var newest = await new SampleInventorySource(TestFleet.Time()).LoadAsync(null, Ct);
        return (newest, newest with { RefreshedAt = newest.RefreshedAt - TimeSpan.FromMinutes(15) });
    }

    /// <summary>Runs another replica's work once, right after this context's first statement that changes rows.</summary>
    private sealed class AfterFirstStatement(Func<Task> between) : DbCommandInterceptor
    {
        public bool Ran { get; private set; }

        public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (!Ran)
            {
                Ran = true;
                await between();
            }

            return result;
        }
    }

    [Fact]
    public async Task TwoReplicas_OneDatabase_OneReadsTheSourceBothShowTheFleetAndTheOtherTakesOver()
    {
        using var database = TestDatabase.Create(provider);
        var sourceA = new CountingSource();
        var sourceB = new CountingSource();

        // Arrange: replica A starts first, takes the lease and publishes what it read; B starts on the same database.
        await using var a = Replica(database, sourceA);
        _ = a.CreateClient();
        await a.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await WaitForSharedFleetAsync(database);
        await using var b = Replica(database, sourceB);
        _ = b.CreateClient();
        var storeB = b.Services.GetRequiredService<InventoryStore>();
        await storeB.WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        // Assert: A read the source, B showed what A read.
        Assert.True(a.Services.GetRequiredService<InventoryRefreshService>().IsLeader);
        Assert.False(b.Services.GetRequiredService<InventoryRefreshService>().IsLeader);
        Assert.Equal(1, sourceA.Loads);
        Assert.Equal(0, sourceB.Loads);
        Assert.Equal(81, storeB.Current!.Pools.Length);

        // The daily compliance snapshot is the lease holder's job too: with today's removed, B's job takes none, A's does.
        await using (var db = database.OpenContext())
        {
            await a.Services.GetRequiredService<ComplianceSnapshotService>().EnsureTodayAsync(Ct);  // after any run in progress
            await db.ComplianceSnapshots.ExecuteDeleteAsync(Ct);
            await b.Services.GetRequiredService<ComplianceSnapshotService>().EnsureTodayAsync(Ct);
            Assert.Equal(0, await db.ComplianceSnapshots.CountAsync(Ct));
            await a.Services.GetRequiredService<ComplianceSnapshotService>().EnsureTodayAsync(Ct);
            Assert.Equal(1, await db.ComplianceSnapshots.CountAsync(s => !s.IsSample, Ct));
        }

        // Act: A dies. B's clock moves on, in the steps its checks take, through one refresh interval.
        await a.DisposeAsync();
        var leaderAt = TimeSpan.Zero;
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(15) && sourceB.Loads == 0; elapsed += TimeSpan.FromSeconds(30))
        {
            b.Time.Advance(TimeSpan.FromSeconds(30));
            await WaitForCheckAsync(b);
            if (leaderAt == TimeSpan.Zero && b.Services.GetRequiredService<InventoryRefreshService>().IsLeader)
            {
                leaderAt = elapsed + TimeSpan.FromSeconds(30);
            }
        }

        // Assert: B took the lease once A's had run out (half an interval), and read the source within one interval.
        Assert.True(b.Services.GetRequiredService<InventoryRefreshService>().IsLeader);
        Assert.InRange(leaderAt, TimeSpan.FromMinutes(7.5), TimeSpan.FromMinutes(8.5));
        Assert.Equal(1, sourceB.Loads);
        Assert.Equal(TestFleet.Now + TimeSpan.FromMinutes(15), storeB.Current!.Snapshot.RefreshedAt);
    }

    [Fact]
    public async Task TwoReplicas_HolderStillOnItsFirstRead_TheOtherReadsTheSourceItselfRatherThanWait()
    {
        using var database = TestDatabase.Create(provider);
        var (holder, slowSource) = await HolderStillReadingAsync(database);
        await using var a = holder;
        var sourceB = new CountingSource();

        // A holds the lease and is still reading when B starts: nothing is shared yet.
        await using var b = Replica(database, sourceB);
        _ = b.CreateClient();
        var storeB = b.Services.GetRequiredService<InventoryStore>();
        await storeB.WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        slowSource.Gate!.SetResult();
        await a.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.True(a.Services.GetRequiredService<InventoryRefreshService>().IsLeader);
        Assert.False(b.Services.GetRequiredService<InventoryRefreshService>().IsLeader);
        Assert.Equal(1, sourceB.Loads);
        Assert.Equal(81, storeB.Current!.Pools.Length);
    }

    [Fact]
    public async Task TwoReplicas_OneDatabase_ServeTheSameWindowsApprovalsAndAudit()
    {
        using var database = TestDatabase.Create(provider);
        await using var a = Replica(database, new CountingSource());
        await using var b = Replica(database, new CountingSource());
        var oliviaOnA = a.CreateClientAs("olivia");
        var annaOnB = b.CreateClientAs("anna");

        // Olivia plans and submits on one replica; Anna, load-balanced to the other, approves it there.
        var created = await oliviaOnA.PostAsJsonAsync("/api/v1/windows", TestFleet.PaymentsApiWindow("Across replicas"), Ct);
        var window = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = window.GetProperty("id").GetGuid();
        var warnings = window.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).OfType<string>().Distinct().ToArray();
        var submitted = await oliviaOnA.PostAsJsonAsync($"/api/v1/windows/{id}/submit", new { comment = "Ready" }, Ct);
        var approved = await annaOnB.PostAsJsonAsync($"/api/v1/windows/{id}/approve", new { comment = "Go", revision = 1, acknowledgedWarnings = warnings }, Ct);
        var twice = await annaOnB.PostAsJsonAsync($"/api/v1/windows/{id}/approve", new { comment = "Again", revision = 1, acknowledgedWarnings = warnings }, Ct);
        var seenOnA = await oliviaOnA.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct);
        var auditOnA = await oliviaOnA.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}/audit", Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("Approved", seenOnA.GetProperty("status").GetString());
        Assert.Equal("anna@contoso.example", Assert.Single(seenOnA.GetProperty("approvals").EnumerateArray()).GetProperty("approver").GetString());
        Assert.Equal(["Created", "Submitted", "Approved"], auditOnA.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task TwoReplicas_SignInFormFromOneAndCookieUsedOnTheOther_Accepted()
    {
        // One browser, load-balanced without affinity: the form comes from A, the sign-in goes to B, the page to A.
        using var database = TestDatabase.Create(provider);
        await using var a = Replica(database, new CountingSource());
        await using var b = Replica(database, new CountingSource());
        var cookies = new System.Net.CookieContainer();
        var onA = Browser(a, cookies);
        var onB = Browser(b, cookies);

        var form = await onA.GetStringAsync("/account/sign-in?ReturnUrl=%2Fwindows", Ct);
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await onB.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["user"] = "olivia",
            ["returnUrl"] = "/windows",
        }), Ct);
        var page = await onA.GetAsync("/windows", Ct);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/windows", signIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Olivia Operator", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    // A browser: no demo-person header, its cookies in one jar whichever replica answers, redirects not followed.
    private static HttpClient Browser(DashboardFactory replica, System.Net.CookieContainer cookies)
    {
        var client = replica.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        client.DefaultRequestHeaders.Clear();
        return client;
    }

    // Hole: a refresh longer than the lease (half an interval) let a second replica read ARM at the same time. The holder
    // renews its lease while its refresh runs.
    [Fact]
    public async Task TwoReplicas_HolderReadingLongerThanItsLease_KeepsTheLease()
    {
        using var database = TestDatabase.Create(provider);
        var (holder, slowSource) = await HolderStillReadingAsync(database);
        await using var a = holder;
        var sourceB = new CountingSource();

        // B starts while A reads; A reads on for ten minutes (its lease alone lasts seven and a half), B watching.
        await using var b = Replica(database, sourceB);
        _ = b.CreateClient();
        await b.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        for (var i = 0; i < 20; i++)
        {
            a.Time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(20, Ct);
            b.Time.Advance(TimeSpan.FromSeconds(30));
            await WaitForCheckAsync(b);
        }

        slowSource.Gate!.SetResult();

        Assert.False(b.Services.GetRequiredService<InventoryRefreshService>().IsLeader);
        await using var db = database.OpenContext();
        var lease = await db.Leases.SingleAsync(Ct);
        Assert.True(lease.ExpiresAtUtc > (TestFleet.Now + TimeSpan.FromMinutes(15)).UtcDateTime, $"The lease ran out at {lease.ExpiresAtUtc:u}: it was not renewed while the refresh ran.");
        Assert.Equal(1, sourceB.Loads); // once, for itself, as nothing was shared yet; never as the holder
    }

    // Hole: lease expiry compared the holder's clock with each other replica's: one whose clock ran an hour ahead saw a
    // live holder's lease as expired and read ARM as well. A lease runs out when it has not been renewed for its length,
    // measured by the observer's own clock alone.
    [Fact]
    public async Task TwoReplicas_OtherClockAnHourAhead_HolderKeepsTheLease()
    {
        using var database = TestDatabase.Create(provider);
        var sourceA = new CountingSource();
        var sourceB = new CountingSource();
        await using var a = Replica(database, sourceA);
        _ = a.CreateClient();
        await a.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await WaitForSharedFleetAsync(database);
        await using var b = Replica(database, sourceB);
        b.Time.Advance(TimeSpan.FromHours(1));
        _ = b.CreateClient();
        await b.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        // Ten minutes pass for both; A renews as it checks.
        for (var i = 0; i < 20; i++)
        {
            a.Time.Advance(TimeSpan.FromSeconds(30));
            await WaitForCheckAsync(a);
            b.Time.Advance(TimeSpan.FromSeconds(30));
            await WaitForCheckAsync(b);
        }

        Assert.True(a.Services.GetRequiredService<InventoryRefreshService>().IsLeader);
        Assert.False(b.Services.GetRequiredService<InventoryRefreshService>().IsLeader);
        Assert.Equal(0, sourceB.Loads);
    }

    /// <summary>Replica A, holding the lease and still on its first read (until the test opens its source's gate).</summary>
    private async Task<(DashboardFactory Replica, CountingSource Source)> HolderStillReadingAsync(TestDatabase database)
    {
        var slowSource = new CountingSource { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var a = Replica(database, slowSource);
        _ = a.CreateClient();
        await slowSource.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        return (a, slowSource);
    }

    private DashboardFactory Replica(TestDatabase database, CountingSource source) => new DashboardFactory(provider)
        .WithDatabase(database)
        .WithServices(services =>
        {
            // The sample fleet on the replica's own clock, counted.
            services.RemoveAll<IInventorySource>();
            services.AddSingleton<IInventorySource>(sp => source.Over(new SampleInventorySource(sp.GetRequiredService<TimeProvider>())));
        });

    // The holder publishes just after its load completes.
    private static async Task WaitForSharedFleetAsync(TestDatabase database)
    {
        await using var db = database.OpenContext();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await db.SharedInventory.AnyAsync(Ct))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "The lease holder never published its fleet.");
            await Task.Delay(20, Ct);
        }
    }

    // A check runs on the timer's thread after Advance: wait until the replica's check has had its turn.
    private static async Task WaitForCheckAsync(DashboardFactory replica)
    {
        var service = replica.Services.GetRequiredService<InventoryRefreshService>();
        await Task.Delay(20, Ct);
        await service.CheckAsync(Ct);
    }

    private sealed class CountingSource : IInventorySource
    {
        private IInventorySource? _inner;
        private int _loads;

        public int Loads => Volatile.Read(ref _loads);

        public string Name => _inner!.Name;

        public CountingSource Over(IInventorySource inner)
        {
            _inner = inner;
            return this;
        }

        /// <summary>When set, a load waits for it (after setting <see cref="Entered"/>).</summary>
        public TaskCompletionSource? Gate { get; init; }

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<InventorySnapshot> LoadAsync(IProgress<InventoryLoadProgress>? progress, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _loads);
            Entered.TrySetResult();
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            return await _inner!.LoadAsync(progress, cancellationToken);
        }
    }
}

public sealed class SqliteReplicaTests() : ReplicaTests(TestDatabaseProvider.Sqlite);

public sealed class PostgreSqlReplicaTests() : ReplicaTests(TestDatabaseProvider.PostgreSql);
