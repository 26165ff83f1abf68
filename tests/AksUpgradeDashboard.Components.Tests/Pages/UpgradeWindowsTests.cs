using AksUpgradeDashboard.Components.Pages;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AksUpgradeDashboard.Components.Tests.Pages;

public class UpgradeWindowsTests : DashboardTestContext
{
    private const string Subscription = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";

    public UpgradeWindowsTests()
    {
        JSInterop.SetupModule("./js/time-zone.js").Setup<string?>("timeZone").SetResult("America/New_York");
    }

    [Fact]
    public async Task Month_WindowCrossingMidnightUtc_ShownOnTheViewersLocalDay()
    {
        // Arrange: 02:00-08:00 UTC on Sunday 6 December is 21:00-03:00 from Saturday 5 December in New York
        await LoadStoreAsync();
        var id = await PlanAsync("Orders to Azure Linux 3", "rg-orders-prod", "aks-orders-prod-uks", "workers", new(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));
        Navigation.NavigateTo("/windows?view=month&date=2026-12-01");

        // Act
        var cut = Render<UpgradeWindows>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("21:00–…", SlotTime(cut, "2026-12-05", id)));
        Assert.Equal("…–03:00", SlotTime(cut, "2026-12-06", id));
        Assert.Equal("December 2026", cut.Find("[data-testid='calendar-title']").TextContent.Trim());
        Assert.Equal(35, cut.FindAll("[data-testid='windows-calendar'] [role='gridcell']").Count);
        Assert.Equal("/windows?view=month&date=2027-01-01", cut.Find("[data-testid='calendar-next']").GetAttribute("href"));
        Assert.Equal($"/windows/{id}", cut.Find($"[data-date='2026-12-05'] a[data-window='{id}']").GetAttribute("href"));
    }

    // Hole: the calendar at the ends of time answered 500 (a date one period before 0001-01-01 or after 9999-12-31).
    [Theory]
    [InlineData("month", "9999-12-27", "December 2199")]
    [InlineData("month", "0001-01-01", "January 1900")]
    [InlineData("week", "9999-12-31", "2199")]
    [InlineData("week", "0001-01-01", "1900")]
    public async Task Calendar_DateAtTheEndsOfTime_ShownAtTheNearestSupportedDate(string view, string date, string title)
    {
        await LoadStoreAsync();
        Navigation.NavigateTo($"/windows?view={view}&date={date}");

        var cut = Render<UpgradeWindows>();

        cut.WaitForAssertion(() => Assert.Contains(title, cut.Find("[data-testid='calendar-title']").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid='page-error']"));
        Assert.NotNull(cut.Find("[data-testid='calendar-next']").GetAttribute("href"));
    }

    [Fact]
    public async Task Week_OtherWeek_WindowNotShown()
    {
        // Arrange
        await LoadStoreAsync();
        await PlanAsync("Orders to Azure Linux 3", "rg-orders-prod", "aks-orders-prod-uks", "workers", new(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));
        Navigation.NavigateTo("/windows?view=week&date=2026-12-09");

        // Act
        var cut = Render<UpgradeWindows>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(7, cut.FindAll("[data-testid='windows-calendar'] [role='gridcell']").Count));
        Assert.Empty(cut.FindAll("[data-testid='windows-calendar'] a[data-window]"));
        Assert.Equal("Week of 7 Dec 2026", cut.Find("[data-testid='calendar-title']").TextContent.Trim());
    }

    [Fact]
    public async Task List_Search_ShowsOnlyMatchingWindows()
    {
        // Arrange
        await LoadStoreAsync();
        await PlanAsync("Orders to Azure Linux 3", "rg-orders-prod", "aks-orders-prod-uks", "workers", new(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));
        await PlanAsync("Payments node image", "rg-payments-prod", "aks-payments-prod-weu", "api", new(2026, 12, 8, 2, 0, 0, TimeSpan.Zero));
        Navigation.NavigateTo("/windows");
        var cut = Render<UpgradeWindows>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid='windows-list'] tbody tr").Count));

        // Act
        cut.Find("input[data-testid='window-search']").Input("payments");
        Time.Advance(TimeSpan.FromSeconds(1)); // MudBlazor's debounce runs on the TimeProvider

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("1 of 2 windows", cut.Find("[data-testid='window-count']").TextContent.Trim()));
        Assert.Contains("Payments node image", Assert.Single(cut.FindAll("[data-testid='windows-list'] tbody tr")).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_MineQuery_ShowsOnlyTheViewersWindows()
    {
        // Arrange: the test context signs in as Paul
        await LoadStoreAsync();
        await PlanAsync("Orders to Azure Linux 3", "rg-orders-prod", "aks-orders-prod-uks", "workers", new(2026, 12, 6, 2, 0, 0, TimeSpan.Zero), "paul@contoso.example");
        await PlanAsync("Payments node image", "rg-payments-prod", "aks-payments-prod-weu", "api", new(2026, 12, 8, 2, 0, 0, TimeSpan.Zero), "olivia@contoso.example");
        Navigation.NavigateTo("/windows?mine=true");

        // Act
        var cut = Render<UpgradeWindows>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("1 of 2 windows", cut.Find("[data-testid='window-count']").TextContent.Trim()));
        Assert.Contains("Orders to Azure Linux 3", Assert.Single(cut.FindAll("[data-testid='windows-list'] tbody tr")).TextContent, StringComparison.Ordinal);

        // Act: switching "Only mine" off shows everyone's windows
        cut.Find("input[data-testid='window-mine'], [data-testid='window-mine'] input").Change(false);

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("2 of 2 windows", cut.Find("[data-testid='window-count']").TextContent.Trim()));
    }

    // Issue 16: a rejection's reason was only in the window's audit trail; the list shows the last decision with it.
    [Fact]
    public async Task List_RejectedWindow_ShowsTheDecisionAndItsComment()
    {
        // Arrange
        await LoadStoreAsync();
        var id = await PlanAsync("Payments node image", "rg-payments-prod", "aks-payments-prod-weu", "api", new(2026, 12, 8, 2, 0, 0, TimeSpan.Zero), "olivia@contoso.example");
        await PlanAsync("Orders to Azure Linux 3", "rg-orders-prod", "aks-orders-prod-uks", "workers", new(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));
        await using (var scope = Services.CreateAsyncScope())
        {
            var decisions = scope.ServiceProvider.GetRequiredService<WindowDecisionService>();
            Assert.Equal(WindowChangeFailure.None, (await decisions.SubmitAsync(id, 1, new Actor("olivia@contoso.example", "Olivia"), null, Cancellation)).Failure);
            Assert.Equal(WindowChangeFailure.None, (await decisions.RejectAsync(id, 1, new Actor("anna@contoso.example", "Anna Approver"), "Not during the sale.", Cancellation)).Failure);
        }

        Navigation.NavigateTo("/windows");

        // Act
        var cut = Render<UpgradeWindows>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid='windows-list'] tbody tr").Count));
        var row = cut.Find($"[data-testid='windows-list'] tr[data-window='{id}']");
        Assert.Equal("Rejected", row.QuerySelector(".window-status-chip")!.GetAttribute("data-status"));
        Assert.Equal("Rejected by Anna Approver: “Not during the sale.”", row.QuerySelector("[data-testid='last-decision']")!.TextContent.Trim());
        Assert.Single(cut.FindAll("[data-testid='last-decision']"));
    }

    private async Task<Guid> PlanAsync(string title, string resourceGroup, string cluster, string pool, DateTimeOffset start, string plannedBy = "test")
    {
        await using var scope = Services.CreateAsyncScope();
        var fleet = Store.Current!;
        var recommendation = UpgradeRecommendation.For([.. fleet.FindCluster(Subscription, resourceGroup, cluster)!.Pools.Where(p => p.Pool.Name == pool)]);
        var change = await scope.ServiceProvider.GetRequiredService<UpgradeWindowService>().CreateAsync(
            new UpgradeWindowRequest(title, Subscription, resourceGroup, cluster, [pool], recommendation.Kind.ToString(), recommendation.Target,
                start, start.AddHours(6), "Europe/Amsterdam", null),
            new Actor(plannedBy, plannedBy), Cancellation);
        return change.Window?.Id ?? throw new InvalidOperationException(string.Join("; ", change.Errors.Select(e => e.Message)));
    }

    private static string SlotTime(IRenderedComponent<UpgradeWindows> cut, string date, Guid id) =>
        cut.Find($"[data-date='{date}'] a[data-window='{id}'] .slot-time").TextContent.Trim();
}
