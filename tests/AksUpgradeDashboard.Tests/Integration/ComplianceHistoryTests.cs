using System.Collections.Immutable;
using System.Globalization;
using AksUpgradeDashboard.Compliance;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Compliance;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.Data.Sqlite;
using AksUpgradeDashboard.Azure.Sample;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>The daily compliance snapshots on a real SQLite file.</summary>
public abstract class ComplianceHistoryTests(TestDatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnsureToday_CalledRepeatedlyAndAfterRefresh_ExactlyOneSnapshotPerDay()
    {
        await using var factory = new DashboardFactory(provider);
        _ = factory.CreateClient();
        var service = factory.Services.GetRequiredService<ComplianceSnapshotService>();
        var store = factory.Services.GetRequiredService<InventoryStore>();
        await store.WhenFirstLoadCompleted.WaitAsync(Ct);

        await service.EnsureTodayAsync(Ct);
        await service.EnsureTodayAsync(Ct);
        await store.RefreshAsync(Ct);
        await service.EnsureTodayAsync(Ct);
        factory.Time.Advance(TimeSpan.FromDays(1));
        await service.EnsureTodayAsync(Ct);
        await service.EnsureTodayAsync(Ct);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        var days = await db.ComplianceSnapshots.AsNoTracking().Where(s => !s.IsSample).OrderBy(s => s.Day).Select(s => s.Day).ToListAsync(Ct);
        Assert.Equal([new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 26)], days);
        var trend = await scope.ServiceProvider.GetRequiredService<ComplianceHistory>().ListAsync(new DateOnly(2026, 1, 1), includeSample: true, Ct);
        Assert.All(trend, d => Assert.Equal(store.Current!.Pools.Length, d.Counts.Pools));
        var pools = await scope.ServiceProvider.GetRequiredService<ComplianceHistory>().PoolsOnAsync(new DateOnly(2026, 11, 25), Ct);
        Assert.Equal(store.Current!.Pools.Select(p => p.Id).Order(StringComparer.OrdinalIgnoreCase), pools!.Select(p => p.PoolId));
    }

    [Fact]
    public async Task SampleHistory_SampleFleetThenARealOne_GeneratedDaysShownOnlyForTheSampleAndDeletedOnceARealFleetIsRead()
    {
        // Arrange: the app starts on the sample fleet with an empty database.
        using var database = TestDatabase.Create(provider);
        await using (var sample = new DashboardFactory(provider).WithDatabase(database))
        {
            _ = sample.CreateClient();
            var fleet = await StartedFleetAsync(sample);
            await using var scope = sample.Services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<ComplianceReportService>().BuildAsync(fleet, ComplianceReportService.DefaultHistoryDays, Ct);

            // The sample's trend: 90 generated days, then today's real snapshot of the sample fleet.
            Assert.Equal(91, report.History.Count);
            Assert.All(report.History.SkipLast(1), d => Assert.True(d.IsSample));
            Assert.False(report.History[^1].IsSample);
            Assert.Equal(fleet.AssessedOn, report.History[^1].Day);
        }

        // Act: the same database, now reading a real fleet (the sample's pools under another source name). The sample
        // app stopped long ago, so its lease and the fleet it shared are gone.
        await using (var db = database.OpenContext())
        {
            await db.Leases.ExecuteDeleteAsync(Ct);
            await db.SharedInventory.ExecuteDeleteAsync(Ct);
        }

        // Later the same day (review of issue 16: the sample's snapshot of today stood in for the real fleet's).
        await using var real = new DashboardFactory(provider).WithDatabase(database).WithServices(services =>
        {
            services.RemoveAll<IInventorySource>();
            services.AddSingleton<IInventorySource>(sp => new RenamedSource(new SampleInventorySource(sp.GetRequiredService<TimeProvider>()), "Azure"));
        });
        real.Time.Advance(TimeSpan.FromHours(3));
        _ = real.CreateClient();
        var realFleet = await StartedFleetAsync(real);

        // Assert: no sample day is left (today's sample snapshot neither), and the trend is the real fleet's own snapshot.
        await using var check = real.Services.CreateAsyncScope();
        var snapshots = check.ServiceProvider.GetRequiredService<DashboardDbContext>().ComplianceSnapshots;
        Assert.Equal(0, await snapshots.CountAsync(s => s.IsSample, Ct));
        var today = await snapshots.SingleAsync(s => s.Day == realFleet.AssessedOn, Ct);
        Assert.False(today.IsSample);
        Assert.Equal(real.Time.GetUtcNow().UtcDateTime, DateTime.SpecifyKind(today.TakenAtUtc, DateTimeKind.Utc)); // the real fleet's own
        var trend = (await check.ServiceProvider.GetRequiredService<ComplianceReportService>().BuildAsync(realFleet, ComplianceReportService.DefaultHistoryDays, Ct)).History;
        Assert.Equal(realFleet.AssessedOn, Assert.Single(trend).Day);
    }

    [Fact]
    public async Task SeedSample_HistoryExists_StoresNothingAndRealTrendLeavesSampleOut()
    {
        await using var factory = new DashboardFactory(provider);
        _ = factory.CreateClient();
        await StartedFleetAsync(factory);
        var (history, db) = HistoryOn(factory, new DateOnly(2026, 11, 25));
        await using var dispose = db;

        var seededAgain = await history.SeedSampleAsync(SampleComplianceHistory.Generate(new ComplianceCounts(81, 50, 27, 4), new DateOnly(2026, 11, 25)), CompliancePolicy.Default, Ct);

        Assert.Equal(0, seededAgain);
        Assert.Equal(91, (await history.ListAsync(new DateOnly(2026, 1, 1), includeSample: true, Ct)).Count);
        Assert.Equal(new DateOnly(2026, 11, 25), Assert.Single(await history.ListAsync(new DateOnly(2026, 1, 1), includeSample: false, Ct)).Day);
    }

    private static async Task<FleetState> StartedFleetAsync(DashboardFactory factory)
    {
        var store = factory.Services.GetRequiredService<InventoryStore>();
        await store.WhenFirstLoadCompleted.WaitAsync(Ct);
        await factory.Services.GetRequiredService<ComplianceSnapshotService>().EnsureTodayAsync(Ct);
        return store.Current!;
    }

    /// <summary>Another source's fleet, as a real inventory would be named.</summary>
    private sealed class RenamedSource(IInventorySource inner, string name) : IInventorySource
    {
        public string Name => name;

        public async Task<InventorySnapshot> LoadAsync(IProgress<InventoryLoadProgress>? progress, CancellationToken cancellationToken) =>
            await inner.LoadAsync(progress, cancellationToken) with { Source = name };
    }

    [Fact]
    public async Task TakeSnapshot_TwoReplicasAtOnce_OneRowAndNoError()
    {
        await using var factory = new DashboardFactory(provider);
        _ = factory.CreateClient();
        var store = factory.Services.GetRequiredService<InventoryStore>();
        await store.WhenFirstLoadCompleted.WaitAsync(Ct);
        // Two contexts, as two replicas would have, on a day the app's own job does not touch: both see no row, both
        // insert; the database keeps one.
        var (first, firstDb) = HistoryOn(factory, new DateOnly(2027, 1, 4));
        var (second, secondDb) = HistoryOn(factory, new DateOnly(2027, 1, 4));
        await using var disposeFirst = firstDb;
        await using var disposeSecond = secondDb;
        var results = await Task.WhenAll(
            first.TakeSnapshotAsync(store.Current!, CompliancePolicy.Default, Ct),
            second.TakeSnapshotAsync(store.Current!, CompliancePolicy.Default, Ct));

        Assert.Equal(1, await firstDb.ComplianceSnapshots.CountAsync(s => s.Day == new DateOnly(2027, 1, 4), Ct));
        Assert.Single(results, taken => taken);
    }

    [Fact]
    public async Task Purge_SnapshotsOlderThanRetention_Deleted()
    {
        await using var factory = new DashboardFactory(provider).With("Compliance:HistoryRetentionDays", "400");
        _ = factory.CreateClient();
        await factory.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(Ct);
        // Today's snapshot (and the sample fleet's 90 generated days) first, so the rows below are the only others.
        await factory.Services.GetRequiredService<ComplianceSnapshotService>().EnsureTodayAsync(Ct);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
            foreach (var daysAgo in new[] { 500, 401, 400, 120 })
            {
                db.ComplianceSnapshots.Add(new ComplianceSnapshotEntity
                {
                    Day = new DateOnly(2026, 11, 25).AddDays(-daysAgo),
                    StatusCounts = "",
                    Detail = ComplianceSnapshotCodec.Encode([]),
                    Pools = 1,
                    Compliant = 1,
                });
            }

            await db.SaveChangesAsync(Ct);
        }

        await factory.Services.GetRequiredService<ComplianceSnapshotService>().EnsureTodayAsync(Ct);

        await using var check = factory.Services.CreateAsyncScope();
        var days = await check.ServiceProvider.GetRequiredService<DashboardDbContext>().ComplianceSnapshots.Where(s => !s.IsSample).OrderBy(s => s.Day).Select(s => s.Day).ToListAsync(Ct);
        Assert.Equal([new DateOnly(2025, 10, 21), new DateOnly(2026, 7, 28), new DateOnly(2026, 11, 25)], days);
    }

    [Fact]
    public async Task TakeSnapshot_FleetOf10000Pools_CostsUnderOneMegabyteOfDatabase()
    {
        await using var factory = new DashboardFactory(provider);
        _ = factory.CreateClient();
        await factory.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(Ct);
        var fleet = LargeFleet(subscriptions: 20, clusters: 2000, poolsPerCluster: 5);
        await factory.Services.GetRequiredService<ComplianceSnapshotService>().EnsureTodayAsync(Ct);

        var before = await DatabaseBytesAsync(factory.Database);
        var (history, db) = HistoryOn(factory, new DateOnly(2027, 1, 4));
        await using (db)
        {
            Assert.True(await history.TakeSnapshotAsync(fleet, CompliancePolicy.Default, Ct));
        }

        var after = await DatabaseBytesAsync(factory.Database);
        var grew = after - before;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"One day's snapshot of {fleet.Pools.Length:N0} pools: {grew:N0} bytes of database."));
        Assert.Equal(10_000, fleet.Pools.Length);
        Assert.InRange(grew, 1, 1024 * 1024);
    }

    /// <summary>A generated fleet with ARM-shaped ids, mixed OS versions, image ages and statuses.</summary>
    internal static FleetState LargeFleet(int subscriptions, int clusters, int poolsPerCluster)
    {
        var random = new Random(7);
        string[] regions = ["westeurope", "northeurope", "eastus", "eastus2", "westus3", "uksouth", "swedencentral", "australiaeast", "japaneast", "centralindia"];
        string[] images = ["AKSUbuntu-2204gen2containerd-2025{0:00}.{1:00}.0", "AKSAzureLinux-V3gen2-2025{0:00}.{1:00}.0", "AKSUbuntu-2404gen2containerd-2025{0:00}.{1:00}.0", "AKSWindows-2022-containerd-20348.{1}{0:00}.2025{0:00}{1:00}"];
        var subs = Enumerable.Range(0, subscriptions).Select(i => new Guid(i + 1, 7, 7, 1, 2, 3, 4, 5, 6, 7, 8).ToString()).ToList();
        var assessments = new Dictionary<string, PoolAssessment>();
        var clusterList = new List<ClusterInfo>();
        for (var c = 0; c < clusters; c++)
        {
            var sub = subs[c % subs.Count];
            var name = string.Create(CultureInfo.InvariantCulture, $"aks-team{c / 10:000}-{(c % 3 == 0 ? "prod" : "dev")}-{c:0000}");
            var id = $"/subscriptions/{sub}/resourceGroups/rg-{name}/providers/Microsoft.ContainerService/managedClusters/{name}";
            var pools = Enumerable.Range(0, poolsPerCluster).Select(p =>
            {
                var image = string.Format(CultureInfo.InvariantCulture, images[random.Next(images.Length)], random.Next(1, 13), random.Next(1, 29));
                var pool = new NodePoolInfo { Name = p == 0 ? "system" : string.Create(CultureInfo.InvariantCulture, $"user{p}"), OrchestratorVersion = $"1.{31 + random.Next(4)}.{random.Next(8)}", NodeImageVersion = image, OsType = "Linux" };
                var status = (PoolStatus)random.Next(5);
                assessments[$"{id}/agentPools/{pool.Name}"] = new PoolAssessment
                {
                    Status = status,
                    StatusReason = "generated",
                    Image = NodeImageVersionParser.Parse(image),
                    Os = status == PoolStatus.Unknown ? null : CompliancePoolsOs[random.Next(CompliancePoolsOs.Length)],
                    DaysBehindLatest = status == PoolStatus.Unknown ? null : random.Next(120),
                    ImageAgeDays = random.Next(200),
                };
                return pool;
            }).ToImmutableArray();
            clusterList.Add(new ClusterInfo { Id = id, SubscriptionId = sub, ResourceGroup = $"rg-{name}", Name = name, Location = regions[c % regions.Length], NodePools = pools });
        }

        var snapshot = new InventorySnapshot
        {
            Source = "Generated",
            RefreshedAt = TestFleet.Now,
            Subscriptions = [.. subs.Select(s => new SubscriptionInfo(s, $"sub {s[..8]}", "Enabled"))],
            Clusters = [.. clusterList],
        };
        return FleetState.Build(snapshot, (cluster, pool) => assessments[$"{cluster.Id}/agentPools/{pool.Name}"], DateOnly.FromDateTime(TestFleet.Now.UtcDateTime));
    }

    private static readonly AksUpgradeDashboard.Catalog.OsVersionInfo[] CompliancePoolsOs =
        [.. new[] { "Ubuntu2204", "Ubuntu2404", "AzureLinux3", "Windows2022" }.Select(id => TestFleet.Assessor().Catalog.FindOsVersion(id)!)];

    /// <summary>The history on the app's database, as another replica would see it on <paramref name="day"/>.</summary>
    private static (ComplianceHistory History, DashboardDbContext Db) HistoryOn(DashboardFactory factory, DateOnly day)
    {
        var db = factory.Database.OpenContext();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(day.ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero));
        return (new ComplianceHistory(db, clock), db);
    }

    private static async Task<long> DatabaseBytesAsync(TestDatabase database)
    {
        if (database.Provider == TestDatabaseProvider.PostgreSql)
        {
            // The table with its indexes and TOAST (where the compressed detail goes).
            await using var db = database.OpenContext();
            return await db.Database.SqlQueryRaw<long>("""SELECT pg_total_relation_size('"ComplianceSnapshots"') AS "Value" """).SingleAsync(Ct);
        }

        // Everything committed, folded into the main file, counted in used pages (free pages do not count).
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync(Ct);
        command.CommandText = "SELECT (page_count - freelist_count) * page_size FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size();";
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}

public sealed class SqliteComplianceHistoryTests() : ComplianceHistoryTests(TestDatabaseProvider.Sqlite);

public sealed class PostgreSqlComplianceHistoryTests() : ComplianceHistoryTests(TestDatabaseProvider.PostgreSql);
