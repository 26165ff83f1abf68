using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.EndToEnd.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AksUpgradeDashboard.EndToEnd.Tests;

/// <summary>
/// axe-core (Deque's engine, bundled by Deque.AxeCore.Playwright) over each main page as its person sees it, in light
/// and dark mode: any serious or critical violation fails, with the rule, the help text and where it is.
/// </summary>
[Collection(DashboardServerGroup.Name)]
public class AccessibilityTests(DashboardServerFixture server)
{
    private const string Subscription = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";

    public static TheoryData<string, string> Pages => new()
    {
        { "/", "victor" },
        { "/pools", "olivia" },
        { "/pools?status=Unsupported&status=Retiring", "olivia" },
        { "/clusters", "victor" },
        { $"/clusters/{Subscription}/rg-orders-prod/aks-orders-prod-uks", "olivia" },
        { "/os-lifecycle", "victor" },
        { "/windows", "olivia" },
        { "/windows?view=month&date=2026-12-01", "olivia" },
        { "/windows?view=week&date=2026-12-07", "olivia" },
        { $"/windows/new?subscription={Subscription}&resourceGroup=rg-payments-prod&cluster=aks-payments-prod-weu&pools=api", "olivia" },
        { "/approvals", "anna" },
        { "/compliance", "victor" },
        { "/compliance/report", "victor" },
        { "/settings", "ada" },
        { "/calendar-feed", "victor" },
        { "/notifications", "victor" },
        { "/rollouts", "victor" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_AsItsPersonSeesIt_NoSeriousOrCriticalViolations(string path, string user)
    {
        var page = await server.OpenAsync(path, "Europe/London", user);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ColoursSettledAsync(page);

        var results = await page.RunAxe();

        AssertNoSeriousViolations(results, path);
    }

    [Fact]
    public async Task WindowPage_AsAnApprover_NoSeriousOrCriticalViolations()
    {
        // A window of its own, on a cluster and slot no other journey plans.
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Dashboard-User", "olivia");
        var response = await client.PostAsJsonAsync("/api/v1/windows", new
        {
            title = "E2E accessibility: web staging node image",
            subscriptionId = "0b9e7f21-3c5d-4e8a-b2f1-7d6c5a4e3b21",
            resourceGroup = "rg-web-stg",
            cluster = "aks-web-stg-eus",
            nodePools = Array.Empty<string>(),
            kind = "NodeImage",
            start = "2027-01-16T02:00:00+00:00",
            end = "2027-01-16T08:00:00+00:00",
            timeZone = "America/New_York",
            notes = "Checked by axe.",
        }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();

        var page = await server.OpenAsync($"/windows/{id}", "America/New_York", "anna");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // The page itself, not its error boundary (axe passed on "Something went wrong" while the run card threw).
        await Assertions.Expect(page.GetByTestId("window-status")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("window-run")).ToContainTextAsync("follow the runbook");

        AssertNoSeriousViolations(await page.RunAxe(), $"/windows/{id}");
    }

    [Fact]
    public async Task Calendar_WindowsInEveryState_NoSeriousOrCriticalViolations()
    {
        // A month no other journey plans in, with a draft, a submitted, an approved and a cancelled window.
        using var olivia = Client("olivia");
        using var anna = Client("anna");
        var draft = await PlanAsync(olivia, "E2E calendar: draft", "2027-02-06T02:00:00+00:00");
        var submitted = await PlanAsync(olivia, "E2E calendar: submitted", "2027-02-13T02:00:00+00:00");
        var approved = await PlanAsync(olivia, "E2E calendar: approved", "2027-02-20T02:00:00+00:00");
        var cancelled = await PlanAsync(olivia, "E2E calendar: cancelled", "2027-02-27T02:00:00+00:00");
        await PostAsync(olivia, $"/api/v1/windows/{submitted}/submit", new { revision = 1 });
        await PostAsync(olivia, $"/api/v1/windows/{approved}/submit", new { revision = 1 });
        await PostAsync(anna, $"/api/v1/windows/{approved}/approve", new { revision = 1, comment = "Fine.", acknowledgedWarnings = new[] { "outside-maintenance", "too-late", "short-window" } });
        await PostAsync(olivia, $"/api/v1/windows/{cancelled}/cancel", new { comment = "Not needed." });

        var page = await server.OpenAsync("/windows?view=month&date=2027-02-01", "UTC", "olivia");
        foreach (var (id, status) in new[] { (draft, "draft"), (submitted, "submitted"), (approved, "approved"), (cancelled, "cancelled") })
        {
            await Assertions.Expect(page.GetByTestId("windows-calendar").Locator($"a[data-window='{id}'].status-{status}")).ToHaveCountAsync(1);
        }

        await ColoursSettledAsync(page);
        AssertNoSeriousViolations(await page.RunAxe(), "/windows?view=month&date=2027-02-01");
    }

    // Issue 16: on a phone the month grid cut every event to "22…"; it reads as an agenda there, whole titles and times.
    [Fact]
    public async Task Calendar_OnAPhone_IsAnAgendaWithWholeTitles()
    {
        using var olivia = Client("olivia");
        const string title = "E2E agenda: a long title that a seven-column phone grid would cut to its first letters";
        var id = await PlanAsync(olivia, title, "2027-03-06T02:00:00+00:00");

        var page = await server.OpenAsync("/windows?view=month&date=2027-03-01", "UTC", "olivia");
        await page.SetViewportSizeAsync(390, 844);

        await Assertions.Expect(page.GetByTestId("windows-calendar")).ToBeHiddenAsync();
        var item = page.GetByTestId("calendar-agenda").Locator($"a[data-window='{id}']");
        await Assertions.Expect(item).ToBeVisibleAsync();
        await Assertions.Expect(item.Locator(".agenda-title")).ToHaveTextAsync(title);
        await Assertions.Expect(item.Locator(".slot-time")).ToHaveTextAsync("02:00–08:00");
        Assert.True(await item.Locator(".agenda-title").EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= 390"), "the agenda title is cut off");
        await DashboardServerFixture.ScreenshotAsync(page, "phone-calendar-agenda");
        await ColoursSettledAsync(page);
        AssertNoSeriousViolations(await page.RunAxe(), "/windows?view=month&date=2027-03-01 on a phone");
    }

    // Issue 17: a manager opts in to the weekly digest in the browser; the choice is kept on reload.
    [Fact]
    public async Task Notifications_DigestChosenInTheBrowser_KeptOnReload()
    {
        var page = await server.OpenAsync("/notifications", "UTC", "victor");
        var digest = page.Locator("[data-kind='WeeklyDigest'] input[type='checkbox']");
        await Assertions.Expect(digest).Not.ToBeCheckedAsync();
        await digest.CheckAsync();
        await page.GetByTestId("notifications-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("notifications-saved")).ToBeVisibleAsync();
        await DashboardServerFixture.ScreenshotAsync(page, "notifications");

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-kind='WeeklyDigest'] input[type='checkbox']")).ToBeCheckedAsync();
        Assert.Equal("victor@contoso.example", await page.GetByTestId("notifications-email").InnerTextAsync());
    }

    // Issue 17: a person makes a personal feed address in the browser; a calendar app (an HTTP client with no cookie and
    // no sign-in) reads the upcoming windows from it.
    [Fact]
    public async Task CalendarFeed_CreatedInTheBrowser_ReadByAClientWithoutCredentials()
    {
        using var olivia = Client("olivia");
        var id = await PlanAsync(olivia, "E2E feed window", "2027-05-01T02:00:00+00:00");
        var page = await server.OpenAsync("/windows", "UTC", "victor");
        await page.GetByTestId("windows-subscribe").ClickAsync();
        await page.GetByTestId("feed-create").ClickAsync();
        var address = page.GetByTestId("feed-url");
        await Assertions.Expect(address).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"/api/v1/calendar/cal_[A-Za-z0-9_-]{43}\.ics$"));
        await DashboardServerFixture.ScreenshotAsync(page, "calendar-feed");

        using var calendarApp = server.CreateClient();
        var feed = await calendarApp.GetStringAsync(new Uri(await address.InputValueAsync()).PathAndQuery, TestContext.Current.CancellationToken);

        Assert.Contains($"UID:{id}@aks-upgrade-dashboard", feed, StringComparison.Ordinal);
        Assert.Contains("E2E feed window", feed, StringComparison.Ordinal);
    }

    // Issue 16: no main page scrolls sideways on a phone; a window's page (facts, runbook commands) included.
    [Fact]
    public async Task WindowPage_OnAPhone_NoSidewaysScroll()
    {
        using var olivia = Client("olivia");
        var id = await PlanAsync(olivia, "E2E phone: a window page with its long runbook commands", "2027-04-03T02:00:00+00:00");

        var page = await server.OpenAsync($"/windows/{id}", "UTC", "olivia");
        await page.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(page.GetByTestId("runbook-steps")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(300); // the layout settles after the resize

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        await DashboardServerFixture.ScreenshotAsync(page, "phone-window");
        Assert.True(overflow <= 0, $"the window page is {overflow} px wider than the 390 px screen.");
    }

    [Fact]
    public async Task DarkMode_OverviewAndScorecard_NoSeriousOrCriticalViolations()
    {
        var page = await server.OpenAsync("/", "Europe/London", "victor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();
        await ColoursSettledAsync(page);

        AssertNoSeriousViolations(await page.RunAxe(), "/ (dark)");

        await page.GetByRole(AriaRole.Link, new() { Name = "Compliance", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("compliance-percent")).ToBeVisibleAsync();
        await ColoursSettledAsync(page);
        AssertNoSeriousViolations(await page.RunAxe(), "/compliance (dark)");
    }

    [Fact]
    public async Task SignInPage_SignedOut_NoSeriousOrCriticalViolations()
    {
        Assert.SkipWhen(server.SkipReason is not null, server.SkipReason ?? "");
        var context = await server.Browser!.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");

        AssertNoSeriousViolations(await page.RunAxe(), "/account/sign-in");
    }

    private HttpClient Client(string user)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Dashboard-User", user);
        return client;
    }

    private static async Task<Guid> PlanAsync(HttpClient client, string title, string start)
    {
        var begin = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
        var response = await client.PostAsJsonAsync("/api/v1/windows", new
        {
            title,
            subscriptionId = "0b9e7f21-3c5d-4e8a-b2f1-7d6c5a4e3b21",
            resourceGroup = "rg-web-stg",
            cluster = "aks-web-stg-eus",
            nodePools = Array.Empty<string>(),
            kind = "NodeImage",
            start,
            end = begin.AddHours(6).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            timeZone = "UTC",
        }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    // The theme switch fades colours over a few hundred milliseconds; judge contrast once the transitions have ended.
    internal static async Task ColoursSettledAsync(IPage page) => await page.WaitForFunctionAsync(
        "() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)");

    internal static void AssertNoSeriousViolations(AxeResult results, string where)
    {
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{where}: " + string.Join("\n", serious.Select(v =>
            $"[{v.Impact}] {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(5).Select(n => $"{n.Target} {n.Html} {string.Join(" ", n.Any.Select(c => c.Message))}"))}")));
    }
}
