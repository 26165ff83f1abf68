using AksUpgradeDashboard.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AksUpgradeDashboard.EndToEnd.Tests;

/// <summary>
/// Issue 16, checked in a browser rather than by eye, at phone width (390×844); screenshots of each page are kept
/// (phone-*.png).
/// </summary>
[Collection(DashboardServerGroup.Name)]
public class LayoutTests(DashboardServerFixture server)
{
    private const string Cluster = "/clusters/6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10/rg-orders-prod/aks-orders-prod-uks";

    // The app bar's title wrapped over three lines and pushed the person's menu and the dark-mode toggle off screen.
    [Theory]
    [InlineData("/", "overview")]
    [InlineData("/pools", "pools")]
    [InlineData("/clusters", "clusters")]
    [InlineData(Cluster, "cluster")]
    [InlineData("/windows", "windows")]
    [InlineData("/windows?view=month&date=2026-12-01", "calendar")]
    [InlineData("/approvals", "approvals")]
    [InlineData("/compliance", "compliance")]
    [InlineData("/compliance/report", "report")]
    [InlineData("/os-lifecycle", "os-lifecycle")]
    public async Task Phone_MainPage_AppBarControlsOnScreen(string path, string name)
    {
        var page = await OnPhoneAsync(path);
        await DashboardServerFixture.ScreenshotAsync(page, $"phone-{name}");

        foreach (var control in new[] { page.GetByTestId("user-menu"), page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" }), page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }) })
        {
            var box = await control.BoundingBoxAsync();
            Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= 390 && box.Y < 64, $"{path}: an app bar control is off screen ({box?.X}+{box?.Width}, y {box?.Y}).");
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/pools")]
    [InlineData("/clusters")]
    [InlineData(Cluster)]
    [InlineData("/windows")]
    [InlineData("/windows?view=month&date=2026-12-01")]
    [InlineData("/approvals")]
    [InlineData("/compliance")]
    [InlineData("/compliance/report")]
    [InlineData("/os-lifecycle")]
    [InlineData("/calendar-feed")]
    [InlineData("/notifications")]
    [InlineData("/rollouts")]
    [InlineData("/rollouts/new?os=Ubuntu%2022.04")]
    public async Task Phone_Page_NoSidewaysScroll(string path)
    {
        var page = await OnPhoneAsync(path);

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");

        // On failure, name the elements that stick out (the innermost ones), so the cause is in the message.
        var culprits = overflow <= 0 ? "" : await page.EvaluateAsync<string>(@"() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
            .slice(0, 5).map(e => e.tagName + '.' + [...e.classList].join('.') + ' → ' + Math.round(e.getBoundingClientRect().right)).join('; ')");
        Assert.True(overflow <= 0, $"{path} is {overflow} px wider than the 390 px screen: {culprits}");
    }

    // Issue 16: the pools grid was 2,600 px wide at a desk; its default columns now fit beside the menu.
    [Fact]
    public async Task Desk_PoolsGrid_DefaultColumnsFitAndNothingScrollsSideways()
    {
        var page = await server.OpenAsync("/pools", user: "paul");
        await Assertions.Expect(page.Locator("[data-testid='pools-grid'] tbody tr").First).ToBeVisibleAsync();
        await DashboardServerFixture.ScreenshotAsync(page, "desk-pools");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        var headers = await page.Locator("[data-testid='pools-grid'] thead th").EvaluateAllAsync<double[]>("ths => ths.filter(t => t.offsetParent).map(t => t.getBoundingClientRect().right)");

        Assert.True(overflow <= 0, $"/pools is {overflow} px wider than the 1440 px screen.");
        Assert.True(headers.Length >= 8, $"only {headers.Length} columns shown");
        Assert.All(headers, right => Assert.True(right <= 1440, $"a column ends at {right} px, off the 1440 px screen (columns end at {string.Join(", ", headers.Select(h => (int)h))})."));
    }

    // Issue 16: three banners pushed the first row of the pools grid to y≈600.
    [Fact]
    public async Task Desk_Banners_OneLineEachAndHiddenForTheTabOnceClosed()
    {
        var page = await server.OpenAsync("/pools", user: "paul");
        foreach (var banner in new[] { "local-mode-banner", "sample-fleet-notice", "subscription-errors" })
        {
            var box = await page.GetByTestId(banner).BoundingBoxAsync();
            Assert.True(box is { Height: < 56 }, $"{banner} is {box?.Height} px high: more than one line.");
        }

        await page.GetByTestId("sample-fleet-notice").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.GetByTestId("sample-fleet-notice")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Clusters", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("clusters-grid")).ToBeVisibleAsync();

        await Assertions.Expect(page.GetByTestId("sample-fleet-notice")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("local-mode-banner")).ToBeVisibleAsync();
    }

    // Issue 16: on "My windows" the menu highlighted both it and "Upgrade windows".
    [Theory]
    [InlineData("/windows?mine=true", "My windows")]
    [InlineData("/windows", "Upgrade windows")]
    [InlineData("/windows?view=month&date=2026-12-01", "Upgrade windows")]
    public async Task Menu_HighlightsExactlyOneEntry(string path, string expected)
    {
        var page = await server.OpenAsync(path, user: "paul");

        var active = page.Locator("nav .mud-nav-link.active");

        await Assertions.Expect(active).ToHaveCountAsync(1);
        await Assertions.Expect(active).ToContainTextAsync(expected);
    }

    // Issue 16: dark mode was forgotten on every reload and in every new tab.
    [Fact]
    public async Task DarkMode_ChosenOnce_SurvivesAReloadAndANewTab()
    {
        var page = await server.OpenAsync("/compliance", user: "victor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();

        await page.ReloadAsync();
        await page.Locator("[data-interactive='true']").WaitForAsync();
        var tab = await page.Context.NewPageAsync();
        await tab.GotoAsync("/windows");
        await tab.Locator("[data-interactive='true']").WaitForAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();
        await Assertions.Expect(tab.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" }).ClickAsync();
    }

    // Issue 16: the page had no main landmark for screen readers to jump to.
    [Fact]
    public async Task Page_HasOneMainLandmark()
    {
        var page = await server.OpenAsync("/", user: "victor");

        Assert.Equal(1, await page.GetByRole(AriaRole.Main).CountAsync());
    }

    private async Task<IPage> OnPhoneAsync(string path)
    {
        var page = await server.OpenAsync(path, user: "paul");
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForTimeoutAsync(300); // the layout settles after the resize
        return page;
    }
}
