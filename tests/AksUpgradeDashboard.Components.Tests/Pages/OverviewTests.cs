using AksUpgradeDashboard.Components.Pages;
using AksUpgradeDashboard.Azure.Sample;
using AksUpgradeDashboard.Model;
using Bunit;

namespace AksUpgradeDashboard.Components.Tests.Pages;

public class OverviewTests : DashboardTestContext
{
    public static TheoryData<PoolStatus> Statuses => [.. Enum.GetValues<PoolStatus>()];

    [Fact]
    public async Task StatusCounts_SampleFleet_ShowCountOfEachStatus()
    {
        // Arrange
        var fleet = await LoadStoreAsync();

        // Act
        var cut = Render<Overview>();

        // Assert
        Assert.Equal(81, fleet.Pools.Length);
        foreach (var status in Enum.GetValues<PoolStatus>())
        {
            var expected = fleet.Pools.Count(p => p.Status == status);
            Assert.True(expected >= 1, $"The sample fleet has no {status} pool, so its card proves nothing.");
            var card = cut.Find($"[data-testid='status-count-{status}']");
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), card.QuerySelector("p")!.TextContent.Trim());
            Assert.Equal(status.ToString(), card.QuerySelector(".status-chip")!.GetAttribute("data-status"));
        }
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task StatusCount_EachStatus_LinksToPoolsFilteredByThatStatus(PoolStatus status)
    {
        // Arrange
        await LoadStoreAsync();

        // Act
        var cut = Render<Overview>();

        // Assert
        var link = cut.Find($"[data-testid='status-count-{status}']");
        Assert.Equal("A", link.TagName);
        Assert.Equal($"/pools?status={status}", link.GetAttribute("href"));
    }

    [Fact]
    public async Task SubscriptionErrors_SampleFleet_NameFailingSubscriptionAndErrorCode()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var failed = Assert.Single(fleet.Subscriptions, s => s.Subscription.Error is not null).Subscription;

        // Act
        var cut = Render<Overview>();

        // Assert
        var alert = cut.Find("[data-testid='subscription-errors']");
        Assert.Equal("Fabrikam Sandbox", failed.DisplayName);
        Assert.Contains("1 subscription could not be read", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains(failed.DisplayName, alert.TextContent, StringComparison.Ordinal);
        Assert.Contains(failed.SubscriptionId, alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("AuthorizationFailed", alert.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscriptionErrors_NoFailedSubscription_NotShown()
    {
        // Arrange
        UseInventorySource(new FakeInventorySource(FakeInventorySource.SnapshotOf(Now,
            FakeInventorySource.Cluster("aks-one", [FakeInventorySource.Pool("pool1")]))));
        await LoadStoreAsync();

        // Act
        var cut = Render<Overview>();

        // Assert
        Assert.Empty(cut.FindAll("[data-testid='subscription-errors']"));
        Assert.Empty(cut.FindAll("[data-testid='sample-fleet-notice']"));
        Assert.Contains("1 node pools in 1 clusters across 1 subscriptions", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SampleFleetNotice_SampleSource_Shown()
    {
        // Arrange
        await LoadStoreAsync();

        // Act
        var cut = Render<Overview>();

        // Assert
        Assert.Equal(SampleInventorySource.SourceName, Store.SourceName);
        var notice = cut.Find("[data-testid='sample-fleet-notice']");
        Assert.Contains("sample fleet", notice.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_FirstLoadPending_ShowsLoadingThenFleetWhenStoreRefreshes()
    {
        // Arrange
        var sample = await new SampleInventorySource(Time).LoadAsync(null, Cancellation);
        var source = UseInventorySource(new FakeInventorySource(sample, SampleInventorySource.SourceName).BlockUntilReleased());
        var cut = Render<Overview>();
        var refresh = Store.RefreshAsync(Cancellation);
        await source.LoadStarted.WaitAsync(Cancellation);

        // Assert: loading while the source has not answered
        cut.Find("[data-testid='page-loading']");
        Assert.Empty(cut.FindAll("[data-testid='status-counts']"));

        // Act
        source.Release();
        await refresh;

        // Assert: the page re-rendered by itself through its store subscription
        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid='page-loading']"));
            cut.Find("[data-testid='status-counts']");
        });
        Assert.Contains("81 node pools in 26 clusters across 5 subscriptions", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_StoreRefreshesWithNewFleet_UpdatesCounts()
    {
        // Arrange
        var source = UseInventorySource(new FakeInventorySource(FakeInventorySource.SnapshotOf(Now,
            FakeInventorySource.Cluster("aks-one", [FakeInventorySource.Pool("pool1")]))));
        await LoadStoreAsync();
        var cut = Render<Overview>();
        Assert.Contains("1 node pools in 1 clusters", cut.Markup, StringComparison.Ordinal);

        // Act
        source.Snapshot = FakeInventorySource.SnapshotOf(Now,
            FakeInventorySource.Cluster("aks-one", [FakeInventorySource.Pool("pool1"), FakeInventorySource.Pool("pool2")]),
            FakeInventorySource.Cluster("aks-two", [FakeInventorySource.Pool("pool1")]));
        await Store.RefreshAsync(Cancellation);

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("3 node pools in 2 clusters", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Overview_Disposed_UnsubscribesFromStore()
    {
        // Arrange
        await LoadStoreAsync();
        var before = SubscriberCount(Store);
        Render<Overview>();
        Assert.Equal(before + 1, SubscriberCount(Store));

        // Act
        await DisposeComponentsAsync();

        // Assert
        Assert.Equal(before, SubscriberCount(Store));
        await Store.RefreshAsync(Cancellation);
        Assert.NotNull(Store.Current);
        Assert.Null(Store.LastRefreshError);
    }
}
