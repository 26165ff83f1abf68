using System.Text.RegularExpressions;
using AksUpgradeDashboard.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AksUpgradeDashboard.EndToEnd.Tests;

/// <summary>
/// The four-eyes rule in a browser: an operator plans and submits a window, a second person (an approver) finds it in
/// the approvals inbox and approves it; an approver who planned a window himself is told another approver must decide.
/// </summary>
[Collection(DashboardServerGroup.Name)]
public partial class ApprovalJourneyTests(DashboardServerFixture server)
{
    private const string Subscription = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";

    // The server is shared by the whole run and keeps what tests save: these clusters and slots are planned by no other
    // test (other journeys plan on aks-payments-prod-weu), and a window on a cluster refuses any overlapping one.
    private const string OrdersCluster = "aks-orders-prod-uks";
    private const string OrdersZone = "Europe/London";
    private const string OrdersTitle = "E2E approval: orders workers to Azure Linux 3, four eyes";
    private const string OrdersStart = "2026-12-19T02:00";

    private const string OrdersPlanLink =
        $"/windows/new?subscription={Subscription}&resourceGroup=rg-orders-prod&cluster={OrdersCluster}&pools=workers";

    private const string LegacyCluster = "aks-dotnetfx-prod-weu";
    private const string LegacyZone = "Europe/Amsterdam";
    private const string LegacyTitle = "E2E approval: win19 to a new Windows 2022 pool, planned by an approver";
    private const string LegacyStart = "2026-12-05T22:00";

    private const string LegacyPlanLink =
        $"/windows/new?subscription={Subscription}&resourceGroup=rg-legacy-prod&cluster={LegacyCluster}&pools=win19";

    private const string Comment = "Checked the runbook and the surge settings; go ahead.";

    [Fact]
    public async Task SubmittedWindow_SecondPersonApproves_WindowApprovedWithAuditTrail()
    {
        // Arrange: Olivia (Operator only) plans a window and submits it.
        var olivia = await server.OpenAsync(OrdersPlanLink, OrdersZone, user: "olivia");
        await Assertions.Expect(olivia.GetByTestId("local-mode-banner")).ToBeVisibleAsync();
        await Assertions.Expect(olivia.GetByTestId("nav-approvals")).ToHaveCountAsync(0);
        var id = await SaveDraftAsync(olivia, OrdersTitle, OrdersZone, OrdersStart, "OS SKU change (in place) → Azure Linux 3.0 (AzureLinux3)");
        await Assertions.Expect(olivia.GetByTestId("window-facts")).ToContainTextAsync($"Sat 19 Dec 2026 02:00 {OrdersZone}");

        await olivia.GetByTestId("window-submit").ClickAsync();

        await Assertions.Expect(olivia.GetByTestId("window-status")).ToHaveTextAsync("Submitted");
        await Assertions.Expect(olivia.GetByTestId("window-submit")).ToHaveCountAsync(0);
        await Assertions.Expect(olivia.GetByTestId("window-action-error")).ToHaveCountAsync(0);
        await Assertions.Expect(olivia.GetByTestId("approval-count")).ToHaveTextAsync("0 of 1 approval for revision 1");
        // She is no approver: no decision controls at all (not even the self-approval note, which is for approvers).
        var approvals = olivia.GetByTestId("window-approvals");
        await Assertions.Expect(approvals.GetByTestId("window-approve")).ToHaveCountAsync(0);
        await Assertions.Expect(approvals.GetByTestId("window-reject")).ToHaveCountAsync(0);
        await Assertions.Expect(approvals.GetByTestId("decision-comment")).ToHaveCountAsync(0);
        await Assertions.Expect(approvals.GetByTestId("approval-self")).ToHaveCountAsync(0);
        await DashboardServerFixture.ScreenshotAsync(olivia, "approval-submitted-by-operator");

        // Act: Anna (Approver) finds it in her inbox and opens it.
        var anna = await server.OpenAsync("/approvals", OrdersZone, user: "anna");
        await Assertions.Expect(anna.GetByTestId("local-mode-banner")).ToBeVisibleAsync();
        var item = anna.Locator($"[data-testid='approval-item'][data-window='{id}']");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item).ToContainTextAsync(OrdersTitle);
        await Assertions.Expect(item).ToContainTextAsync("by Olivia Operator");
        await Assertions.Expect(item).ToContainTextAsync($"Sat 19 Dec 2026 02:00 {OrdersZone}");
        await Assertions.Expect(anna.GetByTestId("approvals-badge")).ToHaveTextAsync(PositiveCount());
        await DashboardServerFixture.ScreenshotAsync(anna, "approval-inbox");
        await item.GetByRole(AriaRole.Link, new() { Name = OrdersTitle, Exact = true }).ClickAsync();
        await Assertions.Expect(anna).ToHaveURLAsync(new Regex($"/windows/{id}$"));
        await Assertions.Expect(anna.GetByTestId("window-status")).ToHaveTextAsync("Submitted");
        await Assertions.Expect(anna.GetByTestId("approval-self")).ToHaveCountAsync(0);

        // Act: she approves with a comment, after ticking each warning the window has now (one box per warning kind).
        await anna.GetByTestId("decision-comment").FillAsync(Comment);
        var acknowledgements = anna.GetByTestId("acknowledge-warnings").Locator("input[type='checkbox']");
        foreach (var box in await acknowledgements.AllAsync())
        {
            await box.CheckAsync();
        }

        await DashboardServerFixture.ScreenshotAsync(anna, "approval-acknowledge-warnings");
        await anna.GetByTestId("window-approve").ClickAsync();

        // Assert: approved by one approver (Approvals:Required is 1), and the decision is gone from her page and inbox.
        await Assertions.Expect(anna.GetByTestId("window-status")).ToHaveTextAsync("Approved");
        await Assertions.Expect(anna.GetByTestId("window-action-error")).ToHaveCountAsync(0);
        await Assertions.Expect(anna.GetByTestId("approval-count")).ToHaveTextAsync("1 of 1 approval for revision 1");
        var approval = anna.GetByTestId("approval");
        await Assertions.Expect(approval).ToHaveCountAsync(1);
        await Assertions.Expect(approval).ToContainTextAsync("Anna Approver approved revision 1");
        await Assertions.Expect(approval).ToContainTextAsync(Comment);
        await Assertions.Expect(anna.GetByTestId("window-approve")).ToHaveCountAsync(0);

        // The audit trail, oldest first: who did what, to which revision.
        var rows = anna.GetByTestId("audit-trail").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await ExpectAuditRowAsync(rows.Nth(0), "Created", "Olivia Operator");
        await ExpectAuditRowAsync(rows.Nth(1), "Submitted", "Olivia Operator");
        await ExpectAuditRowAsync(rows.Nth(2), "Approved", "Anna Approver");
        await Assertions.Expect(rows.Nth(2)).ToContainTextAsync($"{Comment} (1 of 1 approval)");
        await DashboardServerFixture.ScreenshotAsync(anna, "approval-approved");

        // The inbox no longer offers it.
        await anna.GetByTestId("nav-approvals").ClickAsync();
        await Assertions.Expect(anna).ToHaveURLAsync(new Regex("/approvals$"));
        await ExpectInboxLoadedAsync(anna);
        await Assertions.Expect(anna.Locator($"[data-testid='approval-item'][data-window='{id}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ApproverOwnWindow_Submitted_ShowsSelfApprovalRuleAndNoApproveButton()
    {
        // Arrange: Paul (Operator and Approver) plans a window himself.
        var paul = await server.OpenAsync(LegacyPlanLink, LegacyZone, user: "paul");
        await Assertions.Expect(paul.GetByTestId("local-mode-banner")).ToBeVisibleAsync();
        var id = await SaveDraftAsync(paul, LegacyTitle, LegacyZone, LegacyStart, "New node pool (blue/green) → Windows Server 2022 (Windows2022)");

        // Act
        await paul.GetByTestId("window-submit").ClickAsync();

        // Assert: submitted, but he wrote it, so he is told another approver must decide and gets no way to approve.
        await Assertions.Expect(paul.GetByTestId("window-status")).ToHaveTextAsync("Submitted");
        await Assertions.Expect(paul.GetByTestId("window-action-error")).ToHaveCountAsync(0);
        var approvals = paul.GetByTestId("window-approvals");
        await Assertions.Expect(approvals.GetByTestId("approval-self")).ToHaveTextAsync("You created this window, so you cannot approve it: another approver must.");
        await Assertions.Expect(approvals.GetByTestId("window-approve")).ToHaveCountAsync(0);
        await Assertions.Expect(approvals.GetByTestId("window-reject")).ToHaveCountAsync(0);
        await Assertions.Expect(approvals.GetByTestId("decision-comment")).ToHaveCountAsync(0);
        await Assertions.Expect(paul.GetByTestId("approval-count")).ToHaveTextAsync("0 of 1 approval for revision 1");
        await DashboardServerFixture.ScreenshotAsync(paul, "approval-self");

        // His inbox does not offer his own window either.
        await paul.GetByTestId("nav-approvals").ClickAsync();
        await Assertions.Expect(paul).ToHaveURLAsync(new Regex("/approvals$"));
        await ExpectInboxLoadedAsync(paul);
        await Assertions.Expect(paul.Locator($"[data-testid='approval-item'][data-window='{id}']")).ToHaveCountAsync(0);
    }

    /// <summary>Fills the prefilled plan form with a title and a start and saves it; returns the new draft's id.</summary>
    private static async Task<string> SaveDraftAsync(IPage page, string title, string zone, string start, string recommended)
    {
        await Assertions.Expect(page.GetByTestId("plan-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("plan-recommendation")).ToContainTextAsync($"Recommended: {recommended}");

        // The zone arrives from the browser after the first render and resets the start: wait for it before typing.
        await Assertions.Expect(page.GetByTestId("plan-timezone")).ToHaveValueAsync(zone);
        await page.GetByTestId("plan-title").FillAsync(title);
        await page.GetByTestId("plan-start").FillAsync(start);
        await Assertions.Expect(page.GetByTestId("plan-start")).ToHaveValueAsync(start);
        await page.GetByTestId("plan-save").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(WindowUrl());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("window-status")).ToHaveTextAsync("Draft");
        await Assertions.Expect(page.GetByTestId("approval-count")).ToHaveTextAsync("0 of 1 approval for revision 1");
        return WindowUrl().Match(page.Url).Groups["id"].Value;
    }

    private static async Task ExpectAuditRowAsync(ILocator row, string action, string actor)
    {
        await Assertions.Expect(row).ToHaveAttributeAsync("data-action", action);
        var cells = row.Locator("td");
        await Assertions.Expect(cells.Nth(1)).ToHaveTextAsync(actor);
        await Assertions.Expect(cells.Nth(2)).ToHaveTextAsync(action);
        await Assertions.Expect(cells.Nth(3)).ToHaveTextAsync("1");
    }

    /// <summary>The inbox has loaded (while it loads, it shows no items, which would make an absence trivially true).</summary>
    private static Task ExpectInboxLoadedAsync(IPage page) =>
        Assertions.Expect(page.GetByTestId("approvals-count").Or(page.GetByTestId("approvals-empty"))).ToBeVisibleAsync();

    [GeneratedRegex(@"/windows/(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")]
    private static partial Regex WindowUrl();

    [GeneratedRegex(@"^\s*[1-9][0-9]*\s*$")]
    private static partial Regex PositiveCount();
}
