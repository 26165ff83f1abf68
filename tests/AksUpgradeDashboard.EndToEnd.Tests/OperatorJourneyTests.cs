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

    // Issue 16: why a pool is flagged was a hover-only tooltip; opening the pool shows it with what to do, by keyboard too.
    [Fact]
    public async Task Pools_OpenAPoolByKeyboard_DetailPanelExplainsItAndGivesItsCommands()
    {
        var page = await server.OpenAsync("/pools?q=aks-orders-prod-uks", user: "victor");
        var grid = page.GetByTestId("pools-grid");
        await Assertions.Expect(page.GetByTestId("pool-count")).ToHaveTextAsync("3 of 81 pools");

        await grid.GetByRole(AriaRole.Button, new() { Name = "workers: details" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var detail = page.GetByTestId("pool-detail");
        await Assertions.Expect(detail).ToBeVisibleAsync();
        await Assertions.Expect(detail.GetByTestId("pool-detail-close")).ToBeFocusedAsync(); // the keyboard is in the panel
        await Assertions.Expect(detail.GetByTestId("pool-detail-reason")).ToContainTextAsync("Azure Linux 2.0");
        await Assertions.Expect(detail.GetByTestId("pool-detail-next-step")).ToHaveTextAsync("Move to Azure Linux 3.0 in place");
        await Assertions.Expect(detail.GetByTestId("pool-detail-command").Filter(new() { HasText = "az aks nodepool update --resource-group rg-orders-prod --cluster-name aks-orders-prod-uks --name workers --os-sku AzureLinux3" }))
            .ToHaveCountAsync(1);
        await Assertions.Expect(detail.GetByTestId("pool-detail-plan")).ToHaveCountAsync(0); // a viewer plans nothing
        await Assertions.Expect(detail.GetByTestId("pool-detail-portal")).ToHaveAttributeAsync("href",
            new Regex(@"^https://portal\.azure\.com/#(@[^/]+/)?resource/subscriptions/6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10/resourceGroups/rg-orders-prod/providers/Microsoft\.ContainerService/managedClusters/aks-orders-prod-uks/agentPools/workers$"));
        await DashboardServerFixture.ScreenshotAsync(page, "pools-detail");

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(detail).ToBeHiddenAsync();
    }

    // Issue 16: the clusters list hid pools and worst status off-screen, and no column sorted.
    [Fact]
    public async Task Clusters_WorstFirst_AndSortByKubernetesVersionAsAVersion()
    {
        var page = await server.OpenAsync("/clusters", user: "victor");
        var rows = page.Locator("[data-testid='clusters-grid'] tbody tr");
        await Assertions.Expect(rows.First.Locator(".status-chip")).ToHaveAttributeAsync("data-status", "Unsupported");
        await Assertions.Expect(rows.First.Locator("td[data-label='Pools needing work']")).ToContainTextAsync(" of ");
        await DashboardServerFixture.ScreenshotAsync(page, "clusters");
        // Worst first all the way down (the first row alone was Unsupported by the alphabet: aks-ci-runners-neu).
        string[] worstFirst = ["Unsupported", "Retiring", "Behind", "Unknown", "Current"];
        var ranks = (await rows.Locator(".status-chip").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.status)")).Select(s => Array.IndexOf(worstFirst, s)).ToList();
        Assert.True(ranks.Count > 20 && ranks.SequenceEqual(ranks.Order()), $"not worst first: {string.Join(",", ranks)}");

        await page.Locator("[data-testid='clusters-grid'] thead").GetByText("Kubernetes", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(rows.First.Locator("td[data-label='Kubernetes']")).ToContainTextAsync("1.30.");

        await page.Locator("[data-testid='clusters-grid'] thead").GetByText("Kubernetes", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(rows.First.Locator("td[data-label='Kubernetes']")).ToContainTextAsync("1.36.");
    }

    // Issue 16: a column chooser, remembered for the person across reloads.
    [Fact]
    public async Task Pools_ChooseAColumn_ShownAndRememberedAfterAReload()
    {
        var page = await server.OpenAsync("/pools?q=aks-web-stg-eus", user: "anna");
        var grid = page.GetByTestId("pools-grid");
        await Assertions.Expect(grid.Locator("th").Filter(new() { HasText = "Next step" })).ToHaveCountAsync(1);
        await Assertions.Expect(grid.Locator("th").Filter(new() { HasText = "Region" })).ToHaveCountAsync(0);

        await page.GetByTestId("column-chooser").GetByRole(AriaRole.Button).First.ClickAsync();
        await page.GetByTestId("column-region").ClickAsync();
        await Assertions.Expect(grid.Locator("th").Filter(new() { HasText = "Region" })).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");

        await page.ReloadAsync();
        await page.Locator("[data-interactive='true']").WaitForAsync();
        await Assertions.Expect(grid.Locator("th").Filter(new() { HasText = "Region" })).ToHaveCountAsync(1);
        await Assertions.Expect(grid.Locator("td[data-label='Region']").First).ToHaveTextAsync("eastus");

        await page.GetByTestId("column-chooser").GetByRole(AriaRole.Button).First.ClickAsync();
        await page.GetByTestId("column-reset").ClickAsync();
        await Assertions.Expect(grid.Locator("th").Filter(new() { HasText = "Region" })).ToHaveCountAsync(0);
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
