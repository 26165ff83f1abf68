using System.Text.RegularExpressions;
using AksUpgradeDashboard.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AksUpgradeDashboard.EndToEnd.Tests;

/// <summary>
/// An operator ticks pools in the grid, plans a window for them and finds it in the calendar, in a browser whose time
/// zone is not UTC (so the form, the window page and the calendar must all show the viewer's local time).
/// </summary>
[Collection(DashboardServerGroup.Name)]
public partial class PlanFromPoolsJourneyTests(DashboardServerFixture server)
{
    // The server is shared by the whole run and keeps what tests save: this cluster and slot are planned by no other test.
    private const string Cluster = "aks-payments-prod-weu";
    private const string ViewerZone = "Europe/Amsterdam";
    private const string Title = "E2E: api and batch node images, from the pools grid";

    // 00:30 in Amsterdam in December is 23:30 UTC the day before: a calendar in UTC would put it on 11 December.
    private const string LocalStart = "2026-12-12T00:30";

    private const string PlanLink =
        "/windows/new?subscription=6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10&resourceGroup=rg-payments-prod&cluster=aks-payments-prod-weu&pools=api,batch";

    [Fact]
    public async Task PoolsGrid_PlanTwoTickedPools_WindowShowsInCalendarAtViewersLocalTime()
    {
        // Arrange: the grid filtered to one cluster, nothing ticked yet.
        var page = await server.OpenAsync($"/pools?q={Cluster}", ViewerZone);
        var grid = page.GetByTestId("pools-grid");
        await Assertions.Expect(page.GetByTestId("pool-count")).ToHaveTextAsync("4 of 81 pools");
        await Assertions.Expect(grid.Locator("tbody tr").Filter(new() { Has = page.Locator("[data-status]") })).ToHaveCountAsync(4);
        var planSelected = page.GetByTestId("plan-selected");
        await Assertions.Expect(planSelected).ToBeDisabledAsync();

        // Act: tick two pools and follow the plan button.
        foreach (var pool in new[] { "api", "batch" })
        {
            var checkbox = PoolRow(grid, pool).GetByRole(AriaRole.Checkbox, new() { Name = $"Select {pool} of {Cluster}" });
            await checkbox.CheckAsync();
            await Assertions.Expect(checkbox).ToBeCheckedAsync();
        }

        await Assertions.Expect(planSelected).ToHaveAttributeAsync("href", PlanLink);
        await Assertions.Expect(planSelected).ToContainTextAsync("Plan upgrade of 2 pools");
        await planSelected.ClickAsync();

        // Assert: the form is prefilled for the selection, in the browser's zone.
        await Assertions.Expect(page).ToHaveURLAsync(server.BaseUrl + PlanLink);
        await Assertions.Expect(page.GetByTestId("plan-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("plan-recommendation")).ToHaveTextAsync("Recommended: Node image upgrade → the latest node image. 1 pool is behind the latest node image.");
        await Assertions.Expect(page.GetByTestId("plan-title")).ToHaveValueAsync($"Node image upgrade on {Cluster} (api, batch)");
        await Assertions.Expect(page.GetByTestId("plan-hours")).ToHaveValueAsync("6");

        // The zone arrives from the browser after the first render and resets the start: wait for it before typing.
        await Assertions.Expect(page.GetByTestId("plan-timezone")).ToHaveValueAsync(ViewerZone);
        // The cluster's node OS maintenance slot (Saturdays 01:00 UTC), in the viewer's zone.
        await Assertions.Expect(page.GetByTestId("plan-start")).ToHaveValueAsync("2026-11-28T02:00");

        // Act: a title of our own, a start in December, saved as a draft.
        await page.GetByTestId("plan-title").FillAsync(Title);
        await page.GetByTestId("plan-start").FillAsync(LocalStart);
        await Assertions.Expect(page.GetByTestId("plan-start")).ToHaveValueAsync(LocalStart);
        await DashboardServerFixture.ScreenshotAsync(page, "plan-from-pools-form");
        await page.GetByTestId("plan-save").ClickAsync();

        // Assert: the window page of the new draft, with a node image runbook for both pools.
        await Assertions.Expect(page).ToHaveURLAsync(WindowUrl());
        var id = WindowUrl().Match(page.Url).Groups["id"].Value;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = Title, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("window-status")).ToHaveTextAsync("Draft");
        var facts = page.GetByTestId("window-facts");
        await Assertions.Expect(facts).ToContainTextAsync("api, batch");
        await Assertions.Expect(facts).ToContainTextAsync($"Sat 12 Dec 2026 00:30 {ViewerZone}");
        await Assertions.Expect(facts).ToContainTextAsync($"Sat 12 Dec 2026 06:30 {ViewerZone}");
        var steps = page.GetByTestId("runbook-steps");
        foreach (var pool in new[] { "api", "batch" })
        {
            await Assertions.Expect(steps.Locator("pre.command").Filter(new() { HasText = $"az aks nodepool upgrade --resource-group rg-payments-prod --cluster-name {Cluster} --name {pool} --node-image-only" }))
                .ToHaveCountAsync(1);
        }

        // Act: back to the windows through the breadcrumb (in the page's content, unlike the menu's link), to the month
        // view, then on to December.
        await page.Locator("[data-interactive]").GetByRole(AriaRole.Link, new() { Name = "Upgrade windows", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(ListUrl());
        await page.GetByTestId("view-month").ClickAsync();
        await Assertions.Expect(page.GetByTestId("calendar-title")).ToHaveTextAsync("November 2026");
        await page.GetByTestId("calendar-next").ClickAsync();

        // Assert: on 12 December at the local time (not on 11 December, where UTC would put it).
        await Assertions.Expect(page.GetByTestId("calendar-title")).ToHaveTextAsync("December 2026");
        var calendar = page.GetByTestId("windows-calendar");
        var slot = calendar.Locator($"[data-date='2026-12-12'] a[data-window='{id}']");
        await Assertions.Expect(slot).ToHaveCountAsync(1);
        await Assertions.Expect(slot.Locator(".slot-time")).ToHaveTextAsync("00:30–06:30");
        await Assertions.Expect(slot.Locator(".slot-title")).ToHaveTextAsync(Title);
        await Assertions.Expect(slot).ToHaveClassAsync(new Regex(@"\bstatus-draft\b"));
        await Assertions.Expect(calendar.Locator($"a[data-window='{id}']")).ToHaveCountAsync(1);
        await DashboardServerFixture.ScreenshotAsync(page, "plan-from-pools-calendar");

        // The calendar's link leads back to the window.
        await slot.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/windows/{id}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = Title, Level = 1 })).ToBeVisibleAsync();
    }

    // Issue 16: the cluster picker was a list of every cluster that could not be typed into.
    [Fact]
    public async Task PlanForm_TypeInTheClusterPicker_OffersMatchesAndPrefillsThePick()
    {
        var page = await server.OpenAsync("/windows/new", ViewerZone);
        var picker = page.GetByTestId("plan-cluster");

        await picker.FillAsync("dotnetfx-st");
        var option = page.GetByRole(AriaRole.Option).Filter(new() { HasText = "aks-dotnetfx-stg-weu" });
        await Assertions.Expect(option).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await DashboardServerFixture.ScreenshotAsync(page, "plan-cluster-autocomplete");
        await option.ClickAsync();

        await Assertions.Expect(picker).ToHaveValueAsync(new Regex("^aks-dotnetfx-stg-weu \\("));
        await Assertions.Expect(page.GetByTestId("plan-recommendation")).ToContainTextAsync("Recommended:");
        await Assertions.Expect(page.GetByTestId("plan-title")).ToHaveValueAsync(new Regex("on aks-dotnetfx-stg-weu"));
    }

    /// <summary>The grid row of one pool: its Pool cell holds exactly the name (a system pool adds a caption).</summary>
    private static ILocator PoolRow(ILocator grid, string pool) =>
        grid.Locator("tbody tr").Filter(new()
        {
            Has = grid.Page.Locator("td[data-label='Pool']", new() { HasTextRegex = new Regex($@"^\s*{Regex.Escape(pool)}\s*$") }),
        });

    [GeneratedRegex(@"/windows/(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")]
    private static partial Regex WindowUrl();

    [GeneratedRegex(@"/windows$")]
    private static partial Regex ListUrl();
}
