using System.Threading.Channels;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace AksUpgradeDashboard.Tests.Inventory;

public class InventoryStoreTests
{
    [Fact]
    public async Task RefreshAsync_OverlappingCalls_ShareOneLoad()
    {
        // Arrange
        var source = new ControlledSource();
        var store = NewStore(source);

        // Act
        var first = store.RefreshAsync(TestContext.Current.CancellationToken);
        var second = store.RefreshAsync(TestContext.Current.CancellationToken);
        await source.Started.Task.WaitAsync(TestContext.Current.CancellationToken);
        Assert.True(store.IsRefreshing);
        source.Release(Snapshot("one"));
        await Task.WhenAll(first, second);

        // Assert
        Assert.Equal(1, source.Loads);
        Assert.True(first.IsCompletedSuccessfully && second.IsCompletedSuccessfully);
        Assert.False(store.IsRefreshing);
        Assert.Equal("one", store.Current!.Snapshot.Source);
    }

    [Fact]
    public async Task RefreshAsync_CallerGivesUp_SharedLoadCarriesOn()
    {
        var source = new ControlledSource();
        var store = NewStore(source);
        using var impatient = new CancellationTokenSource();

        var waiting = store.RefreshAsync(impatient.Token);
        await source.Started.Task.WaitAsync(TestContext.Current.CancellationToken);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        source.Release(Snapshot("finished anyway"));
        await store.RefreshAsync(TestContext.Current.CancellationToken);

        Assert.Equal("finished anyway", store.Current!.Snapshot.Source);
        Assert.Equal(1, source.Loads);
    }

    [Fact]
    public async Task RefreshAsync_SourceFails_KeepsLastGoodFleetAndSaysWhy()
    {
        var source = new ControlledSource();
        var store = NewStore(source);
        var ok = store.RefreshAsync(TestContext.Current.CancellationToken);
        source.Release(Snapshot("good"));
        await ok;

        var failing = store.RefreshAsync(TestContext.Current.CancellationToken);
        source.Fail(new HttpRequestException("connection refused to 10.1.2.3 with secret=abc"));
        await failing;

        Assert.Equal("good", store.Current!.Snapshot.Source);
        Assert.NotNull(store.LastRefreshError);
        Assert.DoesNotContain("secret", store.LastRefreshError, StringComparison.Ordinal);
        Assert.DoesNotContain("10.1.2.3", store.LastRefreshError, StringComparison.Ordinal);
        Assert.Equal(TestFleet.Now, store.LastRefreshFailedAt);
    }

    [Fact]
    public async Task Subscribe_RefreshStartsAndEnds_NotifiesUntilDisposed()
    {
        var source = new ControlledSource();
        var store = NewStore(source);
        var calls = 0;
        var subscription = store.Subscribe(() => { Interlocked.Increment(ref calls); return Task.CompletedTask; });

        var refresh = store.RefreshAsync(TestContext.Current.CancellationToken);
        source.Release(Snapshot("one"));
        await refresh;
        var afterFirst = calls;
        subscription.Dispose();
        var again = store.RefreshAsync(TestContext.Current.CancellationToken);
        source.Release(Snapshot("two"));
        await again;

        Assert.Equal(2, afterFirst);
        Assert.Equal(afterFirst, calls);
    }

    [Fact]
    public async Task Subscribe_OneSubscriberThrows_OthersStillHear()
    {
        var source = new ControlledSource();
        var store = NewStore(source);
        var heard = 0;
        using var bad = store.Subscribe(() => throw new InvalidOperationException("circuit gone"));
        using var good = store.Subscribe(() => { heard++; return Task.CompletedTask; });

        var refresh = store.RefreshAsync(TestContext.Current.CancellationToken);
        source.Release(Snapshot("one"));
        await refresh;

        Assert.Equal(2, heard);
        Assert.True(store.WhenFirstLoadCompleted.IsCompletedSuccessfully);
    }

    private static InventoryStore NewStore(IInventorySource source) =>
        new(source, TestFleet.Assessor(), TestFleet.Time(), NullLogger<InventoryStore>.Instance);

    // Hole: every progress report of a refresh (one per subscription) woke the completion and compliance jobs, and page
    // updates waited behind them. A job runs once per finished inventory.
    [Fact]
    public async Task FollowingJob_RefreshWithManyProgressReports_RunsOncePerFinishedInventory()
    {
        var source = new ReportingSource(progressReports: 12);
        var time = TestFleet.Time();
        var store = new InventoryStore(source, TestFleet.Assessor(), time, NullLogger<InventoryStore>.Instance);
        await store.RefreshAsync(TestContext.Current.CancellationToken);
        using var job = new CountingJob(store, time);
        await job.StartAsync(TestContext.Current.CancellationToken);
        await job.FirstRun.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        await store.RefreshAsync(TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken); // any run a notification set off has started by now
        await job.RunAsync(TestContext.Current.CancellationToken);    // and, behind it, finished
        await job.StopAsync(TestContext.Current.CancellationToken);

        // The first run, one for the finished inventory, and the one asked for above.
        Assert.Equal(3, job.Runs);
    }

    private sealed class CountingJob(InventoryStore store, TimeProvider time)
        : InventoryFollowingService(store, time, TimeSpan.FromHours(1), NullLogger.Instance)
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public TaskCompletionSource FirstRun { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override Task RunOnceAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            FirstRun.TrySetResult();
            return Task.CompletedTask;
        }
    }

    /// <summary>Loads the sample fleet, reporting progress as ARM's source does, once per subscription.</summary>
    private sealed class ReportingSource(int progressReports) : IInventorySource
    {
        public string Name => "Reporting";

        public async Task<InventorySnapshot> LoadAsync(IProgress<InventoryLoadProgress>? progress, CancellationToken cancellationToken)
        {
            for (var i = 1; i <= progressReports; i++)
            {
                progress?.Report(new("Subscriptions", i, progressReports));
                await Task.Yield();
            }

            return Snapshot("reporting");
        }
    }

    private static InventorySnapshot Snapshot(string name) => new() { Source = name, RefreshedAt = TestFleet.Now };

    /// <summary>Each load waits for the next outcome the test releases, in order, whenever the load starts.</summary>
    private sealed class ControlledSource : IInventorySource
    {
        private readonly Channel<Func<InventorySnapshot>> _outcomes = Channel.CreateUnbounded<Func<InventorySnapshot>>();

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Loads { get; private set; }

        public string Name => "Controlled";

        public async Task<InventorySnapshot> LoadAsync(IProgress<InventoryLoadProgress>? progress, CancellationToken cancellationToken)
        {
            Loads++;
            Started.TrySetResult();
            var outcome = await _outcomes.Reader.ReadAsync(cancellationToken);
            return outcome();
        }

        public void Release(InventorySnapshot snapshot) => _outcomes.Writer.TryWrite(() => snapshot);

        public void Fail(Exception exception) => _outcomes.Writer.TryWrite(() => throw exception);
    }
}
