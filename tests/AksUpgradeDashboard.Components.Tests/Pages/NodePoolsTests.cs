using System.Globalization;
using AksUpgradeDashboard.Components.Pages;
using AksUpgradeDashboard.Model;
using AngleSharp.Dom;
using Bunit;

namespace AksUpgradeDashboard.Components.Tests.Pages;

public class NodePoolsTests : DashboardTestContext
{
    private const string CountSelector = "[data-testid='pool-count']";

    [Fact]
    public async Task Grid_StatusFilterInUrl_ShowsOnlyPoolsOfThatStatus()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var behind = fleet.Pools.Count(p => p.Status == PoolStatus.Behind);
        Navigation.NavigateTo("/pools?status=Behind");

        // Act
        var cut = Render<NodePools>();

        // Assert
        Assert.InRange(behind, 1, 49); // fits on the first page
        cut.WaitForAssertion(() =>
        {
            var statuses = Rows(cut).Select(StatusOf).ToList();
            Assert.Equal(behind, statuses.Count);
            Assert.All(statuses, s => Assert.Equal(nameof(PoolStatus.Behind), s));
        });
    }

    [Fact]
    public async Task PoolCount_StatusFilterInUrlOnFirstLoad_SaysMatchingOfTotal()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var behind = fleet.Pools.Count(p => p.Status == PoolStatus.Behind);
        Navigation.NavigateTo("/pools?status=Behind");

        // Act
        var cut = Render<NodePools>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal($"{behind} of 81 pools", cut.Find(CountSelector).TextContent.Trim()));
    }

    [Fact]
    public async Task DrillFilters_ComplianceAndKubernetesFromScorecard_CountedShownAndRemovable()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var minor = PoolQuery.KubernetesMinorOf(fleet.Pools[0].KubernetesVersion);
        var expected = fleet.Pools.Count(p => PoolQuery.KubernetesMinorOf(p.KubernetesVersion) == minor
            && AksUpgradeDashboard.Model.Compliance.CompliancePolicy.Default.Evaluate(p).Outcome == AksUpgradeDashboard.Model.Compliance.ComplianceOutcome.NonCompliant);
        Navigation.NavigateTo($"/pools?kubernetes={minor}&compliance=NonCompliant");

        // Act
        var cut = Render<NodePools>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal($"{expected} of 81 pools", cut.Find(CountSelector).TextContent.Trim()));
        Assert.Equal([$"Kubernetes {minor}", "not compliant (policy)"], cut.FindAll("[data-testid='drill-filter']").Select(c => c.TextContent.Trim()));

        // Act: remove the compliance chip.
        cut.FindAll("[data-testid='drill-filter'] button")[^1].Click();

        // Assert
        cut.WaitForAssertion(() => Assert.EndsWith($"/pools?kubernetes={minor}", Navigation.Uri, StringComparison.Ordinal));
    }

    // Issue 16: a drill-down from the scorecard's subscription row showed the subscription's id in the filter.
    [Fact]
    public async Task SubscriptionFilter_DrillDownFromScorecard_ShowsTheSubscriptionsName()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var subscription = fleet.Subscriptions.First(s => s.PoolCount > 0).Subscription;
        Navigation.NavigateTo($"/pools?subscription={subscription.SubscriptionId}&compliance=NonCompliant");

        // Act
        var cut = Render<NodePools>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(subscription.DisplayName, cut.Find("input[data-testid='filter-subscription']").GetAttribute("value")));
    }

    [Fact]
    public async Task PoolCount_NavigatedToStatusFilter_SaysMatchingOfTotal()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var behind = fleet.Pools.Count(p => p.Status == PoolStatus.Behind);
        Navigation.NavigateTo("/pools");
        var cut = Render<NodePools>();
        cut.WaitForAssertion(() => Assert.Equal(50, Rows(cut).Count));

        // Act
        Navigation.NavigateTo("/pools?status=Behind");

        // Assert
        cut.WaitForAssertion(() => Assert.Equal($"{behind} of 81 pools", cut.Find(CountSelector).TextContent.Trim()));
    }

    [Fact]
    public async Task CsvButton_StatusFilterInUrl_HrefCarriesSameQuery()
    {
        // Arrange
        await LoadStoreAsync();
        Navigation.NavigateTo("/pools?status=Behind");

        // Act
        var cut = Render<NodePools>();

        // Assert
        var csv = cut.Find("[data-testid='download-csv']");
        Assert.Equal("A", csv.TagName);
        Assert.Equal("/api/v1/pools.csv?status=Behind", csv.GetAttribute("href"));
    }

    [Fact]
    public async Task Grid_SearchInUrl_ShowsOnlyMatchingPools()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var expected = fleet.Pools
            .Where(p => p.ClusterName.Contains("aks-payments", StringComparison.OrdinalIgnoreCase))
            .Select(p => $"{p.ClusterName}/{p.NodePoolName}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Navigation.NavigateTo("/pools?q=aks-payments");

        // Act
        var cut = Render<NodePools>();

        // Assert
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < fleet.Pools.Length);
        cut.WaitForAssertion(() =>
            Assert.Equal(expected, Rows(cut).Select(r => $"{ClusterOf(r)}/{PoolOf(r)}").Order(StringComparer.Ordinal).ToList()));
        Assert.Equal("aks-payments", cut.Find("input[data-testid='pool-search']").GetAttribute("value"));
        Assert.Equal("/api/v1/pools.csv?q=aks-payments", cut.Find("[data-testid='download-csv']").GetAttribute("href"));
    }

    [Fact]
    public async Task Search_TypedThenTypingPauses_PutsTheQueryInTheUrl()
    {
        // Arrange
        await LoadStoreAsync();
        Navigation.NavigateTo("/pools");
        var cut = Render<NodePools>();

        // Act
        cut.Find("input[data-testid='pool-search']").Input("aks-payments");
        Time.Advance(TimeSpan.FromMilliseconds(300));

        // Assert
        cut.WaitForAssertion(() => Assert.EndsWith("/pools?q=aks-payments", Navigation.Uri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_ClearButton_TakesTheQueryOutOfTheUrl()
    {
        // Arrange
        await LoadStoreAsync();
        Navigation.NavigateTo("/pools?q=aks-payments&status=Behind");
        var cut = Render<NodePools>();

        // Act
        cut.Find("[data-testid='pool-filters'] button[aria-label='Clear']").Click();

        // Assert: at once, and the text field's own change after the pause leaves it so.
        cut.WaitForAssertion(() => Assert.EndsWith("/pools?status=Behind", Navigation.Uri, StringComparison.Ordinal));
        Time.Advance(TimeSpan.FromMilliseconds(300));
        cut.WaitForAssertion(() => Assert.Equal("", cut.Find("input[data-testid='pool-search']").GetAttribute("value") ?? ""));
        Assert.EndsWith("/pools?status=Behind", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grid_SortByImageAgeInUrl_OrdersRowsByAgeDescending()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var oldest = fleet.Pools.Max(p => p.ImageAgeDays);
        Navigation.NavigateTo("/pools?sort=ImageAge");

        // Act
        var cut = Render<NodePools>();

        // Assert
        cut.WaitForAssertion(() =>
        {
            var ages = Rows(cut).Select(AgeOf).ToList();
            Assert.Equal(50, ages.Count);
            Assert.Equal(oldest, ages[0]);
            Assert.Equal(ages.OrderByDescending(a => a ?? -1).ToList(), ages);
        });
        Assert.Equal("http://localhost/pools?sort=ImageAge", Navigation.Uri);
    }

    [Fact]
    public async Task Grid_SortByImageAgeAscendingInUrl_OrdersRowsByAgeAscending()
    {
        // Arrange
        await LoadStoreAsync();
        Navigation.NavigateTo("/pools?sort=ImageAge&desc=false");

        // Act
        var cut = Render<NodePools>();

        // Assert
        cut.WaitForAssertion(() =>
        {
            var ages = Rows(cut).Select(AgeOf).ToList();
            Assert.Equal(50, ages.Count);
            Assert.Equal(ages.OrderBy(a => a ?? -1).ToList(), ages);
            Assert.NotEqual(ages[0], ages[^1]);
        });
    }

    [Fact]
    public async Task Grid_NavigatedToNewQueryString_RefiltersRows()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var unsupported = fleet.Pools.Count(p => p.Status == PoolStatus.Unsupported);
        Navigation.NavigateTo("/pools?status=Behind");
        var cut = Render<NodePools>();
        cut.WaitForAssertion(() => Assert.All(Rows(cut), r => Assert.Equal(nameof(PoolStatus.Behind), StatusOf(r))));

        // Act
        Navigation.NavigateTo("/pools?status=Unsupported");

        // Assert
        cut.WaitForAssertion(() =>
        {
            var statuses = Rows(cut).Select(StatusOf).ToList();
            Assert.Equal(unsupported, statuses.Count);
            Assert.All(statuses, s => Assert.Equal(nameof(PoolStatus.Unsupported), s));
            Assert.Equal($"{unsupported} of 81 pools", cut.Find(CountSelector).TextContent.Trim());
        });
        Assert.Equal("/api/v1/pools.csv?status=Unsupported", cut.Find("[data-testid='download-csv']").GetAttribute("href"));
    }

    [Fact]
    public async Task Grid_NavigatedToDifferentSort_KeepsSortFromUrl()
    {
        // Arrange
        await LoadStoreAsync();
        Navigation.NavigateTo("/pools");
        var cut = Render<NodePools>();
        cut.WaitForAssertion(() => Assert.Equal(50, Rows(cut).Count));

        // Act
        Navigation.NavigateTo("/pools?sort=ImageAge");

        // Assert
        cut.WaitForAssertion(() =>
        {
            var ages = Rows(cut).Select(AgeOf).ToList();
            Assert.Equal(ages.OrderByDescending(a => a ?? -1).ToList(), ages);
        });
        Assert.Equal("http://localhost/pools?sort=ImageAge", Navigation.Uri);
    }

    [Fact]
    public async Task ClearFilters_Clicked_NavigatesToPoolsWithoutFilters()
    {
        // Arrange
        await LoadStoreAsync();
        Navigation.NavigateTo("/pools?status=Behind&q=aks");
        var cut = Render<NodePools>();
        cut.WaitForAssertion(() => Assert.NotEmpty(Rows(cut)));

        // Act
        await cut.Find("[data-testid='clear-filters']").ClickAsync(new());

        // Assert
        Assert.Equal("http://localhost/pools", Navigation.Uri);
        cut.WaitForAssertion(() =>
        {
            Assert.Equal(50, Rows(cut).Count);
            Assert.Equal("81 of 81 pools", cut.Find(CountSelector).TextContent.Trim());
        });
        Assert.True(cut.Find("[data-testid='clear-filters']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ClearFilters_SortInUrl_KeepsSort()
    {
        // Arrange
        await LoadStoreAsync();
        Navigation.NavigateTo("/pools?status=Behind&sort=ImageAge&desc=false");
        var cut = Render<NodePools>();
        cut.WaitForAssertion(() => Assert.NotEmpty(Rows(cut)));

        // Act
        await cut.Find("[data-testid='clear-filters']").ClickAsync(new());

        // Assert
        Assert.Equal("http://localhost/pools?sort=ImageAge&desc=false", Navigation.Uri);
    }

    [Fact]
    public async Task ClearFilters_NoFiltersInUrl_Disabled()
    {
        // Arrange
        await LoadStoreAsync();
        Navigation.NavigateTo("/pools?sort=ImageAge");

        // Act
        var cut = Render<NodePools>();

        // Assert
        Assert.True(cut.Find("[data-testid='clear-filters']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task NodePools_FirstLoadPending_ShowsLoadingThenGrid()
    {
        // Arrange
        var sample = await new Azure.Sample.SampleInventorySource(Time).LoadAsync(null, Cancellation);
        var source = UseInventorySource(new FakeInventorySource(sample).BlockUntilReleased());
        Navigation.NavigateTo("/pools?status=Behind");
        var cut = Render<NodePools>();
        var refresh = Store.RefreshAsync(Cancellation);
        await source.LoadStarted.WaitAsync(Cancellation);
        cut.Find("[data-testid='page-loading']");
        Assert.Empty(cut.FindAll("[data-testid='pools-grid']"));

        // Act
        source.Release();
        await refresh;

        // Assert
        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid='page-loading']"));
            Assert.NotEmpty(Rows(cut));
            Assert.All(Rows(cut), r => Assert.Equal(nameof(PoolStatus.Behind), StatusOf(r)));
        });
    }

    [Fact]
    public async Task PlanSelected_PoolsOfOneCluster_LinksToThePlanFormWithThosePools()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var cluster = fleet.FindCluster("6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10", "rg-payments-prod", "aks-payments-prod-weu")!.Cluster;
        Navigation.NavigateTo("/pools?q=aks-payments-prod-weu&sort=NodePool");
        var cut = Render<NodePools>();
        cut.WaitForAssertion(() => Assert.Equal(4, Rows(cut).Count));
        Assert.True(cut.Find("[data-testid='plan-selected']").HasAttribute("disabled"));

        // Act
        Tick(RowOf(cut, "batch"));
        Tick(RowOf(cut, "api"));

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(PlanLinksFor(cluster, "api", "batch"), cut.Find("[data-testid='plan-selected']").GetAttribute("href")));
        Assert.Contains("2 pools", cut.Find("[data-testid='plan-selected']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='plan-selected-hint']"));
    }

    [Fact]
    public async Task SelectPage_TickedOnOneClustersPools_PlansAllOfThem()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var cluster = fleet.FindCluster("6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10", "rg-payments-prod", "aks-payments-prod-weu")!.Cluster;
        Navigation.NavigateTo("/pools?q=aks-payments-prod-weu&sort=NodePool");
        var cut = Render<NodePools>();
        cut.WaitForAssertion(() => Assert.Equal(4, Rows(cut).Count));

        // Act
        cut.Find("[data-testid='select-page']").Change(true);

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("4 pools", cut.Find("[data-testid='plan-selected']").TextContent, StringComparison.Ordinal));
        Assert.All(Rows(cut), r => Assert.True(r.QuerySelector("input[type='checkbox']")!.HasAttribute("checked")));
        Assert.Equal(PlanLinksFor(cluster, [.. cluster.NodePools.Select(p => p.Name).Order(StringComparer.Ordinal)]), cut.Find("[data-testid='plan-selected']").GetAttribute("href"));
    }

    [Fact]
    public async Task PlanSelected_PoolsOfTwoClusters_DisabledWithAHint()
    {
        // Arrange
        await LoadStoreAsync();
        Navigation.NavigateTo("/pools?q=prod&sort=Cluster");
        var cut = Render<NodePools>();
        cut.WaitForAssertion(() => Assert.True(Rows(cut).Select(ClusterOf).Distinct().Count() > 1));
        var firstCluster = ClusterOf(Rows(cut)[0]);
        var otherCluster = ClusterOf(Rows(cut).First(r => ClusterOf(r) != firstCluster));

        // Act: each tick re-renders the rows, so each row is looked up afresh
        Tick(Rows(cut).First(r => ClusterOf(r) == firstCluster));
        Tick(Rows(cut).First(r => ClusterOf(r) == otherCluster));

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("single cluster", cut.Find("[data-testid='plan-selected-hint']").TextContent, StringComparison.Ordinal));
        Assert.True(cut.Find("[data-testid='plan-selected']").HasAttribute("disabled"));
    }

    private static string PlanLinksFor(ClusterInfo cluster, params string[] pools) => AksUpgradeDashboard.Components.Controls.PlanLinks.For(cluster, pools);

    private static void Tick(IElement row) => row.QuerySelector("input[type='checkbox']")!.Change(true);

    private static IElement RowOf(IRenderedComponent<NodePools> cut, string pool) => Assert.Single(Rows(cut), r => PoolOf(r) == pool);

    private static List<IElement> Rows(IRenderedComponent<NodePools> cut) =>
        cut.FindAll("[data-testid='pools-grid'] tbody tr").Where(r => r.QuerySelector("[data-status]") is not null).ToList();

    private static string? StatusOf(IElement row) => row.QuerySelector("[data-status]")?.GetAttribute("data-status");

    private static string ClusterOf(IElement row) => row.QuerySelector("td[data-label='Cluster']")!.TextContent.Trim();

    private static string PoolOf(IElement row) =>
        row.QuerySelector("td[data-label='Pool'] button.link-button")!.TextContent.Trim();

    private static int? AgeOf(IElement row) =>
        int.TryParse(row.QuerySelector("td[data-label='Image age']")!.TextContent.Trim().TrimEnd('d').Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var age)
            ? age
            : null;

    [Fact]
    public async Task Grid_KubernetesSupportFilterInUrl_ShowsOnlyThosePoolsWithTheirBadge()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var outOfSupport = fleet.Pools.Count(p => p.Assessment.KubernetesSupport.Status == KubernetesSupportStatus.OutOfSupport);
        Assert.True(outOfSupport > 0);
        Navigation.NavigateTo("/pools?kubernetesSupport=OutOfSupport");

        // Act
        var cut = Render<NodePools>();

        // Assert
        cut.WaitForAssertion(() =>
        {
            Assert.Equal($"{outOfSupport} of 81 pools", cut.Find(CountSelector).TextContent.Trim());
            var badges = cut.FindAll("[data-testid='pools-grid'] tbody [data-testid='kubernetes-support']");
            Assert.NotEmpty(badges);
            Assert.All(badges, b => Assert.Equal("OutOfSupport", b.GetAttribute("data-status")));
            Assert.All(badges, b => Assert.StartsWith("Out of support", b.TextContent.Trim(), StringComparison.Ordinal));
        });
    }
}
