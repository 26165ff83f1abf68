using AksUpgradeDashboard.Components.Controls;
using AksUpgradeDashboard.Components.Pages;
using AksUpgradeDashboard.Data;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AksUpgradeDashboard.Components.Tests.Pages;

/// <summary>Issue 17: each person turns each kind of e-mail on or off; admins see the channels' health.</summary>
public class NotificationPreferencesTests : DashboardTestContext
{
    public NotificationPreferencesTests()
    {
        JSInterop.SetupModule("./js/time-zone.js").Setup<string?>("timeZone").SetResult("Europe/Amsterdam");
    }

    [Fact]
    public async Task Save_KindsTurnedOffAndTheDigestOn_StoredForThePerson_AndShownAgain()
    {
        // Arrange: Paul, known only from his sign-in
        var cut = Render<NotificationPreferences>();
        cut.WaitForElement("[data-testid='notifications-kinds']");
        Assert.Equal("paul@contoso.example", cut.Find("[data-testid='notifications-email']").TextContent);
        Assert.NotNull(cut.Find("[data-testid='notifications-email-off']"));
        Assert.False(Checked(cut, "WeeklyDigest")); // not an admin: opt-in
        Assert.True(Checked(cut, "Submitted"));

        // Act
        cut.Find("[data-kind='Submitted'] input[type='checkbox']").Change(false);
        cut.Find("[data-kind='Reminder'] input[type='checkbox']").Change(false);
        cut.Find("[data-kind='WeeklyDigest'] input[type='checkbox']").Change(true);
        cut.Find("button[data-testid='notifications-save']").Click();

        // Assert
        cut.WaitForElement("[data-testid='notifications-saved']");
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
            var paul = await db.People.SingleAsync(p => p.Id == "paul@contoso.example", Cancellation);
            Assert.Equal("Submitted,Reminder", paul.EmailOptOuts);
            Assert.True(paul.WeeklyDigest);
            Assert.Equal("paul@contoso.example", paul.Email);
        }

        var again = Render<NotificationPreferences>();
        again.WaitForElement("[data-testid='notifications-kinds']");
        Assert.False(Checked(again, "Submitted"));
        Assert.False(Checked(again, "Reminder"));
        Assert.True(Checked(again, "Approved"));
        Assert.True(Checked(again, "WeeklyDigest"));
    }

    [Fact]
    public void Viewer_OffersOnlyTheDigest_AndSaysWhy()
    {
        SignInAsViewer();

        var cut = Render<NotificationPreferences>();

        cut.WaitForElement("[data-testid='notifications-kinds']");
        Assert.Equal(["WeeklyDigest"], cut.FindAll("[data-kind]").Select(e => e.GetAttribute("data-kind")));
        Assert.NotNull(cut.Find("[data-testid='notifications-viewer-note']"));
    }

    [Fact]
    public void Channels_NotificationsOff_SaysWhichKeysTurnThemOn()
    {
        var cut = Render<NotificationChannels>();

        cut.WaitForElement("[data-testid='notification-channels-off']");
        Assert.Contains("Notifications:Smtp:Host", cut.Markup, StringComparison.Ordinal);
    }

    private static bool Checked(IRenderedComponent<NotificationPreferences> cut, string kind) =>
        cut.Find($"[data-kind='{kind}'] input[type='checkbox']").HasAttribute("checked");
}
