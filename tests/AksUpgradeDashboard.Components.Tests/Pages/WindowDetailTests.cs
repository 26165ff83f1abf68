using AksUpgradeDashboard.Components.Pages;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AksUpgradeDashboard.Components.Tests.Pages;

public class WindowDetailTests : DashboardTestContext
{
    private const string Subscription = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";

    public WindowDetailTests()
    {
        JSInterop.SetupModule("./js/time-zone.js").Setup<string?>("timeZone").SetResult("Europe/Amsterdam");
    }

    [Fact]
    public async Task Window_Draft_ShowsFactsNotesAsTextAndTheRunbook()
    {
        // Arrange
        await LoadStoreAsync();
        var id = await SeedAsync("<img src=x onerror=alert(1)> first line\nsecond line");

        // Act
        var cut = RenderWindow(id);

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("Orders to Azure Linux 3", cut.Find("h1").TextContent.Trim()));
        Assert.Equal("Draft", cut.Find("[data-testid='window-status']").TextContent.Trim());
        Assert.Contains("Sat 5 Dec 2026 22:00 Europe/Amsterdam", cut.Find("[data-testid='window-facts']").TextContent, StringComparison.Ordinal);
        var notes = cut.Find("[data-testid='window-notes']");
        Assert.Empty(notes.QuerySelectorAll("img"));
        Assert.Contains("<img src=x onerror=alert(1)> first line", notes.TextContent, StringComparison.Ordinal);
        Assert.Contains("--os-sku AzureLinux3", cut.Find("[data-testid='runbook-steps']").TextContent, StringComparison.Ordinal);
        Assert.Equal($"/windows/{id}/edit", cut.Find("[data-testid='window-edit']").GetAttribute("href"));
    }

    [Fact]
    public async Task Delete_Confirmed_RemovesTheWindowAndGoesToTheList()
    {
        // Arrange
        await LoadStoreAsync();
        var id = await SeedAsync(null);
        var cut = RenderWindow(id);
        cut.WaitForElement("[data-testid='window-delete']");

        // Act: asking does not delete yet
        cut.Find("[data-testid='window-delete']").Click();

        // Assert
        Assert.Contains("Orders to Azure Linux 3", cut.Find("[data-testid='window-delete-confirm']").TextContent, StringComparison.Ordinal);
        Assert.NotNull(await FindAsync(id));

        // Act
        cut.Find("[data-testid='window-delete-yes']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("http://localhost/windows", Navigation.Uri));
        Assert.Null(await FindAsync(id));
    }

    [Theory]
    [InlineData(WindowStatus.Verified, "workers: on AzureLinux3")]
    [InlineData(WindowStatus.NotReached, "workers: still on AzureLinux, not AzureLinux3")]
    public async Task Completion_Recorded_ShownWithWhatWasFoundAndNoEditOrDelete(WindowStatus status, string found)
    {
        // Arrange
        await LoadStoreAsync();
        var id = await SeedAsync(null);
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
            var window = (await db.Windows.FindAsync([id], Cancellation))!;
            (window.Status, window.CompletionFound, window.CompletionCheckedAtUtc) = (status, found, new DateTime(2026, 12, 6, 6, 0, 0, DateTimeKind.Utc));
            await db.SaveChangesAsync(Cancellation);
        }

        // Act
        var cut = RenderWindow(id);

        // Assert
        cut.WaitForAssertion(() => Assert.Contains(found, cut.Find("[data-testid='window-completion']").TextContent, StringComparison.Ordinal));
        Assert.Contains(status.ToString(), cut.Find("[data-testid='window-completion']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='window-edit']"));
        Assert.Empty(cut.FindAll("[data-testid='window-delete']"));
    }

    [Fact]
    public async Task Approve_SubmittedBySomeoneElse_ApprovedWithCommentAndAudited()
    {
        // Arrange: Bob planned and submitted it; Paul (the test's person) is an approver
        await LoadStoreAsync();
        var id = await SeedAsync(null);
        await using (var scope = Services.CreateAsyncScope())
        {
            var submitted = await scope.ServiceProvider.GetRequiredService<WindowDecisionService>().SubmitAsync(id, 1, new Actor("bob@contoso.com", "bob@contoso.com"), null, Cancellation);
            Assert.Equal(WindowChangeFailure.None, submitted.Failure);
        }

        var cut = RenderWindow(id);
        cut.WaitForElement("[data-testid='window-approve']");
        Assert.Contains("Waiting for 1 more approval", cut.Find("[data-testid='approval-waiting']").TextContent, StringComparison.Ordinal);

        // Act: without a comment it is refused; with one but a warning not ticked too; with both it is approved
        cut.Find("[data-testid='window-approve']").Click();
        cut.WaitForAssertion(() => Assert.Contains("A comment is required", cut.Find("[data-testid='decision-comment']").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid='window-action-error']")); // on the field, not in a banner
        cut.Find("textarea[data-testid='decision-comment']").Change("Checked the runbook.");
        var warnings = cut.FindAll("[data-testid='acknowledge-warnings'] input[type='checkbox']");
        Assert.NotEmpty(warnings); // Azure Linux 2's images are gone before this window: "too late"
        cut.Find("[data-testid='window-approve']").Click();
        cut.WaitForAssertion(() => Assert.Contains("Acknowledge every current warning to approve", cut.Find("[data-testid='window-action-error']").TextContent, StringComparison.Ordinal));
        foreach (var index in Enumerable.Range(0, warnings.Count))
        {
            cut.FindAll("[data-testid='acknowledge-warnings'] input[type='checkbox']")[index].Change(true);
        }

        cut.Find("[data-testid='window-approve']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("Approved", cut.Find("[data-testid='window-status']").TextContent.Trim()));
        Assert.Equal("1 of 1 approval for revision 1", cut.Find("[data-testid='approval-count']").TextContent.Trim());
        Assert.Equal(["Created", "Submitted", "Approved"], cut.FindAll("[data-testid='audit-trail'] tbody tr").Select(r => r.GetAttribute("data-action")));
        Assert.Empty(cut.FindAll("[data-testid='window-approve']"));
        Assert.Equal(WindowStatus.Approved, (await FindAsync(id))!.Status);
    }

    // Issue 16: after a rejection the planner's page said "Not submitted…"; the reason was only in the audit trail.
    [Fact]
    public async Task Rejected_ThePlannerSeesTheDecisionAndItsCommentAtTheTop()
    {
        // Arrange: Bob's window, rejected by Anna
        await LoadStoreAsync();
        var id = await SeedAsync(null);
        await using (var scope = Services.CreateAsyncScope())
        {
            var decisions = scope.ServiceProvider.GetRequiredService<WindowDecisionService>();
            Assert.Equal(WindowChangeFailure.None, (await decisions.SubmitAsync(id, 1, new Actor("bob@contoso.com", "bob@contoso.com"), null, Cancellation)).Failure);
            Assert.Equal(WindowChangeFailure.None, (await decisions.RejectAsync(id, 1, new Actor("anna@contoso.com", "Anna Approver"), "Move it after the payroll run.", Cancellation)).Failure);
        }

        // Act
        var cut = RenderWindow(id);

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Rejected by Anna Approver", cut.Find("[data-testid='last-decision']").TextContent, StringComparison.Ordinal));
        Assert.Contains("Move it after the payroll run.", cut.Find("[data-testid='last-decision']").TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-chip-color-error", cut.Find("[data-testid='window-status']").ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("Not submitted", cut.Find("[data-testid='window-approvals']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_OwnWindow_ExplainsTheRuleAndOffersNoApproval()
    {
        // Arrange: Paul planned and submitted it himself
        await LoadStoreAsync();
        var id = await SeedAsync(null, "paul@contoso.example");
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WindowDecisionService>().SubmitAsync(id, 1, new Actor("paul@contoso.example", "paul@contoso.example"), null, Cancellation);
        }

        // Act
        var cut = RenderWindow(id);

        // Assert
        cut.WaitForElement("[data-testid='approval-self']");
        Assert.Empty(cut.FindAll("[data-testid='window-approve']"));
        Assert.Empty(cut.FindAll("[data-testid='window-reject']"));
    }

    private IRenderedComponent<WindowDetail> RenderWindow(Guid id)
    {
        Navigation.NavigateTo($"/windows/{id}");
        return Render<WindowDetail>(p => p.Add(c => c.Id, id));
    }

    private async Task<UpgradeWindowEntity?> FindAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UpgradeWindowService>().FindAsync(id, Cancellation);
    }

    private async Task<Guid> SeedAsync(string? notes, string user = "bob@contoso.com")
    {
        await using var scope = Services.CreateAsyncScope();
        var start = new DateTimeOffset(2026, 12, 5, 22, 0, 0, TimeSpan.FromHours(1));
        var change = await scope.ServiceProvider.GetRequiredService<UpgradeWindowService>().CreateAsync(
            new("Orders to Azure Linux 3", Subscription, "rg-orders-prod", "aks-orders-prod-uks", ["workers"], "OsSkuChange", "AzureLinux3", start, start.AddHours(6), "Europe/Amsterdam", notes),
            new Actor(user, user), Cancellation);
        return change.Window?.Id ?? throw new InvalidOperationException(string.Join("; ", change.Errors.Select(e => e.Message)));
    }
}
