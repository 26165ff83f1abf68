using System.Text.RegularExpressions;
using AksUpgradeDashboard.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AksUpgradeDashboard.EndToEnd.Tests;

/// <summary>The app in a browser when the network goes away and comes back, and with the keyboard alone.</summary>
[Collection(DashboardServerGroup.Name)]
public partial class ResilienceAndKeyboardTests(DashboardServerFixture server)
{
    // Sign-out is antiforgery-checked now: the user menu's form, rendered by the live circuit, must carry a valid token.
    [Fact]
    public async Task SignOut_FromTheUserMenu_SignsOutAndPagesAskToSignInAgain()
    {
        var page = await server.OpenAsync("/windows", user: "victor");

        // Found on the way: the menu never opened (a MudBlazor 9 custom activator must open it itself).
        await page.GetByTestId("user-menu").GetByRole(AriaRole.Button, new() { Name = "Victor Viewer" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-roles")).ToHaveTextAsync(new Regex("Viewer"));
        await DashboardServerFixture.ScreenshotAsync(page, "user-menu-open");
        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/sign-in");
        await page.GotoAsync("/windows");

        Assert.Equal("/account/sign-in", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.GetByTestId("sign-in-as-victor")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ConnectionDropsAndReturns_ReconnectUiShownThenPageWorksOn()
    {
        // Arrange
        var page = await server.OpenAsync("/pools", user: "olivia");
        // Offline emulation stops new connections but leaves an open WebSocket alone, so keep a hand on the circuit's.
        await page.Context.AddInitScriptAsync(
            "window.__sockets = []; const Native = window.WebSocket; window.WebSocket = class extends Native { constructor(...a) { super(...a); window.__sockets.push(this); } };");
        await page.ReloadAsync();
        await page.Locator("[data-interactive='true']").WaitForAsync();
        var modal = page.Locator("#components-reconnect-modal");

        // Act: the server becomes unreachable: the circuit's connection closes and every reconnect attempt is refused.
        await page.RouteAsync("**/_blazor/negotiate**", route => route.AbortAsync("connectionrefused"));
        await page.EvaluateAsync("() => window.__sockets.forEach(s => s.close())");

        // Assert: the reconnect UI says so.
        await Assertions.Expect(modal).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(modal.GetByRole(AriaRole.Status).First).ToContainTextAsync("Reconnecting", new() { Timeout = 30_000 });
        await DashboardServerFixture.ScreenshotAsync(page, "reconnecting");

        // Act: it comes back.
        await page.UnrouteAllAsync();

        // Assert: the UI goes away and the same circuit answers clicks again.
        await Assertions.Expect(modal).ToBeHiddenAsync(new() { Timeout = 30_000 });
        await page.Locator("input[data-testid='filter-major'], [data-testid='filter-major'] input").CheckAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/pools\\?major=true$"));
        await Assertions.Expect(page.GetByTestId("pool-count")).ToHaveTextAsync(new Regex("^\\d+ of \\d+ pools$"));
    }

    [Fact]
    public async Task Keyboard_PoolsPage_TabReachesEveryActionAndPlansASelectedPool()
    {
        var page = await server.OpenAsync("/pools?major=true", user: "olivia");
        await Assertions.Expect(page.Locator("[data-testid='pools-grid'] tbody tr").First).ToBeVisibleAsync();

        // Tab from the top of the page reaches each of these, in this order, without a mouse.
        string[] actions =
        [
            "nav a[href='/windows']",
            "input[data-testid='pool-search'], [data-testid='pool-search'] input",
            "[data-testid='clear-filters']",
            "[data-testid='download-csv']",
            "[data-testid='pools-grid'] tbody tr input[type='checkbox']",
        ];
        foreach (var action in actions)
        {
            Assert.True(await TabToAsync(page, action), $"Tab never reached {action}.");
        }

        // Space ticks the focused pool; back up to "Plan upgrade of 1 pool" and press Enter.
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.GetByTestId("plan-selected")).ToHaveTextAsync("Plan upgrade of 1 pool");
        Assert.True(await TabToAsync(page, "[data-testid='plan-selected']", backwards: true), "Shift+Tab never reached the plan button.");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/windows/new\\?subscription=.+&pools=.+"));
        await page.Locator("[data-interactive='true']").WaitForAsync();
        Assert.True(await TabToAsync(page, "input[data-testid='plan-title'], [data-testid='plan-title'] input"), "Tab never reached the title field.");
        Assert.True(await TabToAsync(page, "[data-testid='plan-save']"), "Tab never reached the save button.");
    }

    [Fact]
    public async Task Keyboard_ScorecardAndMenu_ReachableByTab()
    {
        var page = await server.OpenAsync("/compliance", user: "victor");
        await Assertions.Expect(page.GetByTestId("compliance-percent")).ToBeVisibleAsync();

        Assert.True(await TabToAsync(page, "[data-testid='compliance-report']"), "Tab never reached the printable report.");
        Assert.True(await TabToAsync(page, "[data-testid='compliance-csv']"), "Tab never reached the CSV download.");
        Assert.True(await TabToAsync(page, "[data-testid='compliance-count-NonCompliant']"), "Tab never reached the not-compliant count.");
        Assert.True(await TabToAsync(page, "[data-testid='by-subscription'] a[data-outcome]"), "Tab never reached a breakdown number.");

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/pools\\?subscription=.+&compliance="));
    }

    /// <summary>Presses Tab (or Shift+Tab) until the focused element matches <paramref name="selector"/> (at most 200 presses).</summary>
    private static async Task<bool> TabToAsync(IPage page, string selector, bool backwards = false)
    {
        for (var i = 0; i < 200; i++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return true;
            }
        }

        return false;
    }
}
