using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Inventory.Sample;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>Two app instances on one database: one reads the inventory for both, and the other takes over when it dies.</summary>
public class ReplicaTests
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
    public async Task TwoReplicas_OneDatabase_OneReadsTheSourceBothShowTheFleetAndTheOtherTakesOver()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aks-dashboard-replicas-{Guid.NewGuid():N}.db");
        var sourceA = new CountingSource();
        var sourceB = new CountingSource();
        try
        {
            // Arrange: replica A starts first and takes the lease; B starts on the same database.
            var a = Replica(path, sourceA);
            _ = a.CreateClient();
            await a.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(20), Ct);
            await using var b = Replica(path, sourceB);
            _ = b.CreateClient();
            var storeB = b.Services.GetRequiredService<InventoryStore>();
            await storeB.WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(20), Ct);

            // Assert: A read the source, B showed what A read.
            Assert.True(a.Services.GetRequiredService<InventoryRefreshService>().IsLeader);
            Assert.False(b.Services.GetRequiredService<InventoryRefreshService>().IsLeader);
            Assert.Equal(1, sourceA.Loads);
            Assert.Equal(0, sourceB.Loads);
            Assert.Equal(81, storeB.Current!.Pools.Length);

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
        finally
        {
            SqliteConnection.ClearAllPools();
            DashboardFactory.DeleteDatabase(path);
        }
    }

    private static DashboardFactory Replica(string path, CountingSource source) => new DashboardFactory()
        .WithDatabase(path)
        .WithServices(services =>
        {
            // The sample fleet on the replica's own clock, counted.
            services.RemoveAll<IInventorySource>();
            services.AddSingleton<IInventorySource>(sp => source.Over(new SampleInventorySource(sp.GetRequiredService<TimeProvider>())));
        });

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

        public async Task<InventorySnapshot> LoadAsync(IProgress<InventoryLoadProgress>? progress, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _loads);
            return await _inner!.LoadAsync(progress, cancellationToken);
        }
    }
}
