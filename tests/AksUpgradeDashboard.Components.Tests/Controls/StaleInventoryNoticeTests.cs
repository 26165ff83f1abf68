using AksUpgradeDashboard.Components.Controls;
using AksUpgradeDashboard.Inventory;
using Bunit;

namespace AksUpgradeDashboard.Components.Tests.Controls;

public class StaleInventoryNoticeTests : DashboardTestContext
{
    [Fact]
    public async Task Notice_RefreshFailsAfterAGoodOne_SaysStaleSinceAndWhy()
    {
        var source = new FakeInventorySource(FakeInventorySource.SnapshotOf(Now));
        UseInventorySource(source);
        await LoadStoreAsync();
        var cut = Render<StaleInventoryNotice>();
        Assert.Empty(cut.FindAll("[data-testid='stale-inventory']"));

        source.Failure = new InventoryLoadException("Azure subscriptions could not be listed (InvalidAuthenticationToken): The access token has expired.");
        Time.Advance(TimeSpan.FromMinutes(20));
        await cut.InvokeAsync(() => Store.RefreshAsync(Cancellation));

        cut.WaitForAssertion(() =>
        {
            var text = cut.Find("[data-testid='stale-inventory']").TextContent;
            Assert.Contains("Stale since 2026-11-25 12:00 UTC", text, StringComparison.Ordinal);
            Assert.Contains("(20 min ago)", text, StringComparison.Ordinal);
            Assert.Contains("The access token has expired.", text, StringComparison.Ordinal);
        });
    }
}
