using AksUpgradeDashboard.Components.Pages;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Rollouts;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AksUpgradeDashboard.Components.Tests.Pages;

/// <summary>Issue 18: an operator plans a rollout from the grid's query, sees the proposal, saves it and submits wave 1.</summary>
public class RolloutPagesTests : DashboardTestContext
{
    public RolloutPagesTests()
    {
        JSInterop.SetupModule("./js/time-zone.js").Setup<string?>("timeZone").SetResult("Europe/Amsterdam");
    }

    [Fact]
    public async Task PlanFromTheGridsQuery_ProposeSaveAndSubmitWaveOne()
    {
        // Arrange: every Ubuntu 22.04 pool of the sample fleet, as the grid's "Plan a rollout" links them
        await LoadStoreAsync();
        Navigation.NavigateTo("/rollouts/new?os=Ubuntu%2022.04");
        var plan = Render<PlanRollout>();
        plan.WaitForElement("[data-testid='rollout-form']");
        Assert.Contains("os=Ubuntu", plan.Find("[data-testid='rollout-pools']").TextContent, StringComparison.Ordinal);
        Assert.Equal("Ubuntu2404", plan.Find("input[data-testid='rollout-target']").GetAttribute("value"));
        var waves = plan.FindAll("[data-testid='rollout-wave']").Count;

        // Act: propose
        plan.Find("button[data-testid='rollout-propose']").Click();

        // Assert: one row per wave, and the managers' projection
        plan.WaitForElement("[data-testid='rollout-proposal']");
        Assert.Equal(waves, plan.FindAll("[data-testid='rollout-proposal-waves'] tbody tr").Count);
        Assert.Matches(@"Ubuntu 22.04 pool.* moved by \d{4}-\d{2}-\d{2}, [\d,]+ days before end of support", plan.Find("[data-testid='rollout-projection']").TextContent);

        // Act: drop the first proposed window, move the second a day later, and save the rest as drafts
        var proposed = plan.FindAll(ProposedRows);
        Assert.True(proposed.Count >= 2, "The sample fleet's Ubuntu 22.04 pools give at least two windows.");
        var dropped = proposed[0].QuerySelector("[data-testid='proposed-cluster']")!.TextContent.Trim();
        var movedCluster = proposed[1].QuerySelector("[data-testid='proposed-cluster']")!.TextContent.Trim();
        var movedStart = DateTime.ParseExact(proposed[1].QuerySelector("input[type='datetime-local']")!.GetAttribute("value")!, "yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture).AddDays(1);
        proposed[0].QuerySelector("input[type='checkbox']")!.Change(true);
        plan.FindAll(ProposedRows)[1].QuerySelector("input[type='datetime-local']")!
            .Change(movedStart.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        plan.Find("button[data-testid='rollout-save']").Click();

        // Assert: the rollout page, with every window a linked draft
        plan.WaitForAssertion(() => Assert.Matches("/rollouts/[0-9a-f-]{36}$", Navigation.Uri));
        var id = Guid.Parse(Navigation.Uri[^36..]);
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
            var windows = await db.Windows.Where(w => w.RolloutId == id).ToListAsync(Cancellation);
            Assert.NotEmpty(windows);
            Assert.All(windows, w => Assert.Equal(Model.Windows.WindowStatus.Draft, w.Status));
            Assert.DoesNotContain(windows, w => w.ClusterName == dropped);
            Assert.Equal(movedStart, windows.Single(w => w.ClusterName == movedCluster).StartUtc);
        }

        var detail = Render<RolloutDetail>(p => p.Add(c => c.Id, id));
        detail.WaitForElement("[data-testid='rollout-wave']");
        Assert.Equal(waves, detail.FindAll("[data-testid='rollout-wave']").Count);
        detail.Find("button[data-testid='wave-submit']").Click();
        detail.WaitForAssertion(() => Assert.Equal("Wave 1 submitted for approval.", detail.Find("[data-testid='rollout-message']").TextContent.Trim()));
        Assert.Contains("Submitted", detail.FindAll("[data-testid='wave-progress']")[0].TextContent, StringComparison.Ordinal);
    }

    // Item: the proposal table is paged (ten rows a page), and a window on page 2 can be dropped like any other.
    [Fact]
    public async Task Proposal_AWindowOnPageTwo_CanBeDroppedAndIsNotSaved()
    {
        // Arrange: every pool of the sample fleet to the latest node image: one window per cluster, more than a page
        await LoadStoreAsync();
        Navigation.NavigateTo("/rollouts/new?kind=NodeImage");
        var plan = Render<PlanRollout>();
        plan.WaitForElement("[data-testid='rollout-form']");
        plan.Find("button[data-testid='rollout-propose']").Click();
        plan.WaitForElement("[data-testid='rollout-proposal']");
        var firstPage = plan.FindAll(ProposedRows).Select(Cluster).ToList();
        Assert.Equal(10, firstPage.Count);

        // Act: the next page; drop its first window; save
        plan.Find("[data-testid='rollout-proposed-windows'] button[aria-label='Next page']").Click();
        var secondPage = plan.FindAll(ProposedRows);
        var dropped = Cluster(secondPage[0]);
        secondPage[0].QuerySelector("input[type='checkbox']")!.Change(true);
        var saveText = plan.Find("button[data-testid='rollout-save']").TextContent;
        plan.Find("button[data-testid='rollout-save']").Click();

        // Assert: page 2 held other windows; the saved rollout has every window but the dropped one
        Assert.DoesNotContain(dropped, firstPage);
        plan.WaitForAssertion(() => Assert.Matches("/rollouts/[0-9a-f-]{36}$", Navigation.Uri));
        var id = Guid.Parse(Navigation.Uri[^36..]);
        await using var scope = Services.CreateAsyncScope();
        var windows = await scope.ServiceProvider.GetRequiredService<DashboardDbContext>().Windows.Where(w => w.RolloutId == id).ToListAsync(Cancellation);
        Assert.DoesNotContain(windows, w => w.ClusterName == dropped);
        Assert.Contains(windows, w => w.ClusterName == firstPage[0]);
        Assert.Contains($"Save {windows.Count} windows", saveText, StringComparison.Ordinal);
    }

    // Item: the planner sees the proposal on the calendar too (the windows page's month grid), as edited.
    [Fact]
    public async Task Proposal_OnTheCalendar_ShowsEachWindowAndADroppedOneLeaves()
    {
        // Arrange
        await LoadStoreAsync();
        Navigation.NavigateTo("/rollouts/new?os=Ubuntu%2022.04");
        var plan = Render<PlanRollout>();
        plan.WaitForElement("[data-testid='rollout-form']");
        plan.Find("button[data-testid='rollout-propose']").Click();
        plan.WaitForElement("[data-testid='rollout-proposal']");
        var first = plan.FindAll(ProposedRows)[0];
        var title = $"{Cluster(first)} ({first.QuerySelector("td")!.TextContent.Trim()})";
        string[] Shown() => [.. plan.FindAll("[data-testid='rollout-proposal-calendar'] .calendar-row .calendar-slot .slot-title").Select(e => e.TextContent.Trim())];
        var before = Shown();

        // Act: drop the first proposed window
        first.QuerySelector("input[type='checkbox']")!.Change(true);

        // Assert: it was on the month shown, linked nowhere (it has no page yet), and is gone once dropped
        Assert.Contains(title, before);
        Assert.All(plan.FindAll("[data-testid='rollout-proposal-calendar'] a.calendar-slot"), a => Assert.Null(a.GetAttribute("href")));
        Assert.Equal(before.Where(t => t != title), Shown()); // a window past midnight shows on both days: both go
    }

    // Item: the rollout page draws its burn-down (pools to go per day, planned and actual) as a chart.
    [Fact]
    public async Task RolloutPage_Saved_DrawsTheBurnDown()
    {
        // Arrange: every Ubuntu 22.04 pool of the sample fleet, in one wave, saved as the planner saves it
        await LoadStoreAsync();
        Guid id;
        int pools, verifiedPools;
        await using (var scope = Services.CreateAsyncScope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<RolloutService>().SaveAsync(
                new RolloutRequest("Move Ubuntu 22.04", "OsSkuChange", "Ubuntu2404", "os=Ubuntu%2022.04", [new("All", "Tag", "env=prod", 28, 5, 0)], "UTC", 4, null),
                null, new Model.Windows.Actor("olivia@contoso.example", "Olivia"), Cancellation);
            id = Assert.IsType<RolloutEntity>(saved.Rollout, exactMatch: false).Id;
            pools = (await scope.ServiceProvider.GetRequiredService<RolloutReader>().FindAsync(id, Cancellation))!.Waves.Sum(w => w.Progress.PoolsRemaining);

            // The first window verified an hour after it ended, and the clock two days on.
            var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
            var first = await db.Windows.Where(w => w.RolloutId == id).OrderBy(w => w.EndUtc).FirstAsync(Cancellation);
            first.Status = Model.Windows.WindowStatus.Verified;
            first.CompletionCheckedAtUtc = first.EndUtc.AddHours(1);
            await db.SaveChangesAsync(Cancellation);
            verifiedPools = (await scope.ServiceProvider.GetRequiredService<RolloutReader>().FindAsync(id, Cancellation))!.Waves.Sum(w => w.Progress.PoolsDone);
            Time.SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(first.EndUtc, DateTimeKind.Utc)).AddDays(2));
        }

        // Act
        var detail = Render<RolloutDetail>(p => p.Add(c => c.Id, id));

        // Assert: a line chart of both series, described for those who cannot see it
        var chart = detail.WaitForElement("[data-testid='rollout-burndown']");
        Assert.NotEmpty(chart.QuerySelectorAll("svg path"));
        Assert.Contains("Planned", chart.TextContent, StringComparison.Ordinal);
        Assert.Contains("Actual", chart.TextContent, StringComparison.Ordinal);
        var summary = chart.QuerySelector("[role='img']")!.GetAttribute("aria-label");
        Assert.Matches(@"^Burn-down: on \d{4}-\d{2}-\d{2}, ", summary);
        Assert.Contains($", {pools - verifiedPools:N0} pools to go against ", summary, StringComparison.Ordinal);
        Assert.True(verifiedPools > 0);
    }

    // A waiver follows the no-self-approval rule (RolloutWaiver): the rollout's creator is not offered the button.
    [Theory]
    [InlineData("olivia@contoso.example", true)]
    [InlineData("paul@contoso.example", false)]
    public async Task RolloutPage_WindowNotReached_WaiveOfferedToApproversButTheRolloutsCreator(string creator, bool offered)
    {
        await LoadStoreAsync();
        Guid id;
        await using (var scope = Services.CreateAsyncScope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<RolloutService>().SaveAsync(
                new RolloutRequest("Move Ubuntu 22.04", "OsSkuChange", "Ubuntu2404", "os=Ubuntu%2022.04", [new("All", "Tag", "env=prod", 28, 5, 0)], "UTC", 4, null),
                null, new Model.Windows.Actor(creator, creator), Cancellation);
            id = Assert.IsType<RolloutEntity>(saved.Rollout, exactMatch: false).Id;
            var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
            var first = await db.Windows.Where(w => w.RolloutId == id).OrderBy(w => w.EndUtc).FirstAsync(Cancellation);
            first.Status = Model.Windows.WindowStatus.NotReached;
            await db.SaveChangesAsync(Cancellation);
        }

        var detail = Render<RolloutDetail>(p => p.Add(c => c.Id, id));
        detail.WaitForElement("[data-testid='rollout-burndown']");

        Assert.Equal(offered, detail.FindAll("[data-testid='wave-waive']").Count > 0);
    }

    private const string ProposedRows = "[data-testid='rollout-proposed-windows'] tbody tr";

    private static string Cluster(AngleSharp.Dom.IElement row) => row.QuerySelector("[data-testid='proposed-cluster']")!.TextContent.Trim();
}
