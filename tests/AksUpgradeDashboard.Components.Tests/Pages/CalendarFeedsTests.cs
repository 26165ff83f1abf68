using AksUpgradeDashboard.Components.Pages;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Windows;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AksUpgradeDashboard.Components.Tests.Pages;

/// <summary>Issue 17: a person makes a personal calendar feed address, sees it once, and revokes it.</summary>
public class CalendarFeedsTests : DashboardTestContext
{
    public CalendarFeedsTests()
    {
        JSInterop.SetupModule("./js/time-zone.js").Setup<string?>("timeZone").SetResult("Europe/Amsterdam");
    }

    [Fact]
    public async Task Create_ShowsTheAddressOnceAndListsTheFeed_ThenRevokeStopsIt()
    {
        // Arrange
        await LoadStoreAsync();
        Navigation.NavigateTo("/calendar-feed");
        var cut = Render<CalendarFeeds>();
        cut.WaitForElement("[data-testid='feeds-empty']");

        // Act
        cut.Find("button[data-testid='feed-create']").Click();

        // Assert: the address opens the feed the service knows; it is shown now and never again
        cut.WaitForElement("[data-testid='feed-created']");
        var url = cut.Find("input[data-testid='feed-url']").GetAttribute("value")!;
        Assert.StartsWith("http://localhost/api/v1/calendar/cal_", url, StringComparison.Ordinal);
        var token = url["http://localhost/api/v1/calendar/".Length..^".ics".Length];
        Assert.NotNull(await FindAsync(token));
        Assert.Single(cut.FindAll("[data-testid='feeds'] tbody tr"));
        var again = Render<CalendarFeeds>();
        again.WaitForElement("[data-testid='feeds']");
        Assert.Empty(again.FindAll("[data-testid='feed-url']"));

        // Act: revoke it
        cut.Find("button[data-testid='feed-revoke']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("revoked", cut.Find("[data-testid='feeds'] tbody tr").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid='feed-url']"));
        Assert.Null(await FindAsync(token));
    }

    private async Task<CalendarFeedEntity?> FindAsync(string token)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CalendarFeedService>().FindActiveAsync(token, Cancellation);
    }
}
