using System.Text.RegularExpressions;
using AksUpgradeDashboard.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AksUpgradeDashboard.EndToEnd.Tests;

/// <summary>An operator finds the pools that are behind, narrows them down and takes the list away.</summary>
[Collection(DashboardServerGroup.Name)]
public partial class OperatorJourneyTests(DashboardServerFixture server)
{
    [Fact]
    public async Task Overview_ClickBehindCount_OpensPoolsGridFilteredToBehind()
    {
        // Arrange
        var page = await server.OpenAsync("/");
        await Assertions.Expect(page.GetByTestId("sample-fleet-chip")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("status-count-Behind")).ToContainTextAsync("23");
        await DashboardServerFixture.ScreenshotAsync(page, "overview");

        // Act
        await page.GetByTestId("status-count-Behind").ClickAsync();

        // Assert
        await Assertions.Expect(page).ToHaveURLAsync(BehindUrl());
        await Assertions.Expect(page.GetByTestId("pool-count")).ToHaveTextAsync("23 of 81 pools");
        var chips = page.Locator("[data-testid='pools-grid'] .status-chip");
        await Assertions.Expect(chips).ToHaveCountAsync(23);
        foreach (var status in await chips.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.status)"))
        {
            Assert.Equal("Behind", status);
        }

        await DashboardServerFixture.ScreenshotAsync(page, "pools-behind");
    }

    [Fact]
    public async Task Overview_KubernetesOutOfSupport_OpensThosePoolsAndAClusterSaysWhereItCanGo()
    {
        // Arrange
        var page = await server.OpenAsync("/");
        var outOfSupport = page.GetByTestId("kubernetes-support-OutOfSupport");
        await Assertions.Expect(outOfSupport).ToContainTextAsync("Out of support");

        // Act
        await outOfSupport.ClickAsync();

        // Assert
        await Assertions.Expect(page).ToHaveURLAsync(KubernetesOutOfSupportUrl());
        var badges = page.Locator("[data-testid='pools-grid'] [data-testid='kubernetes-support']");
        await Assertions.Expect(badges.First).ToBeVisibleAsync();
        foreach (var status in await badges.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.status)"))
        {
            Assert.Equal("OutOfSupport", status);
        }

        await DashboardServerFixture.ScreenshotAsync(page, "pools-kubernetes-out-of-support");

        await page.GetByRole(AriaRole.Link, new() { Name = "aks-dotnetfx-prod-weu" }).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("cluster-kubernetes-upgrades")).ToHaveTextAsync("Can upgrade to 1.32.9, 1.33.5, 1.33.6.");
        await DashboardServerFixture.ScreenshotAsync(page, "cluster-kubernetes-support");

        // The same at phone width, and the OS lifecycle page with its catalog date, at both widths.
        await page.SetViewportSizeAsync(390, 844);
        await DashboardServerFixture.ScreenshotAsync(page, "cluster-kubernetes-support-phone");
        await page.GotoAsync(page.Url[..page.Url.IndexOf("/clusters", StringComparison.Ordinal)] + "/os-lifecycle");
        await Assertions.Expect(page.GetByTestId("os-lifecycle")).ToBeVisibleAsync();
        await DashboardServerFixture.ScreenshotAsync(page, "os-lifecycle-phone");
        await page.SetViewportSizeAsync(1440, 900);
        await DashboardServerFixture.ScreenshotAsync(page, "os-lifecycle");
    }

    [Fact]
    public async Task Pools_TypeInSearch_FiltersAndPutsTheQueryInTheUrl()
    {
        var page = await server.OpenAsync("/pools");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Search" }).FillAsync("aks-payments-prod");

        await Assertions.Expect(page).ToHaveURLAsync(SearchUrl());
        await Assertions.Expect(page.GetByTestId("pool-count")).ToHaveTextAsync("7 of 81 pools");

        // The link reproduces the view in a fresh browser.
        var again = await server.OpenAsync(new Uri(page.Url).PathAndQuery);
        await Assertions.Expect(again.GetByTestId("pool-count")).ToHaveTextAsync("7 of 81 pools");
        await Assertions.Expect(again.GetByRole(AriaRole.Textbox, new() { Name = "Search" })).ToHaveValueAsync("aks-payments-prod");
    }

    [Fact]
    public async Task Pools_DownloadCsv_GetsTheRowsOfTheCurrentView()
    {
        var page = await server.OpenAsync("/pools?status=Unsupported");
        await Assertions.Expect(page.GetByTestId("pool-count")).ToHaveTextAsync("11 of 81 pools");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-csv").ClickAsync());
        var path = await download.PathAsync();
        var lines = (await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken)).Where(l => l.Length > 0).ToList();

        Assert.Matches(@"^aks-node-pools-\d{8}-\d{4}\.csv$", download.SuggestedFilename);
        Assert.StartsWith("subscriptionId,", lines[0], StringComparison.Ordinal);
        Assert.Equal(12, lines.Count);
        Assert.All(lines.Skip(1), l => Assert.Contains(",Unsupported,", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClusterLink_FromPoolsGrid_ShowsClusterWithPoolsAndLifecycle()
    {
        var page = await server.OpenAsync("/pools?q=aks-orders-prod-uks");

        await page.GetByRole(AriaRole.Link, new() { Name = "aks-orders-prod-uks" }).First.ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "aks-orders-prod-uks", Level = 1 })).ToBeVisibleAsync();
        var pools = page.GetByTestId("cluster-pools");
        await Assertions.Expect(pools.Locator("tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(pools).ToContainTextAsync("Azure Linux 2.0 reached end of support on 2025-11-30");
        await Assertions.Expect(pools).ToContainTextAsync("In place: --os-sku AzureLinux3");
        await DashboardServerFixture.ScreenshotAsync(page, "cluster-detail");
    }

    [GeneratedRegex(@"/pools\?status=Behind$")]
    private static partial Regex BehindUrl();

    [GeneratedRegex(@"/pools\?kubernetesSupport=OutOfSupport$")]
    private static partial Regex KubernetesOutOfSupportUrl();

    [GeneratedRegex(@"/pools\?q=aks-payments-prod$")]
    private static partial Regex SearchUrl();
}
