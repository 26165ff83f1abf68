using AksUpgradeDashboard.Components.Controls;
using AksUpgradeDashboard.Components.Pages;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AksUpgradeDashboard.Components.Tests.Pages;

public class PlanWindowTests : DashboardTestContext
{
    private const string Subscription = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";
    private const string ViewerZone = "Europe/Amsterdam";

    public PlanWindowTests()
    {
        JSInterop.SetupModule("./js/time-zone.js").Setup<string?>("timeZone").SetResult(ViewerZone);
    }

    [Theory]
    [InlineData("rg-orders-prod", "aks-orders-prod-uks", "workers", "OS SKU change (in place)", "AzureLinux3")]
    [InlineData("rg-legacy-prod", "aks-dotnetfx-prod-weu", "win19", "New node pool (blue/green)", "Windows2022")]
    [InlineData("rg-payments-prod", "aks-payments-prod-weu", "api", "Node image upgrade", "")]
    public async Task Prefill_PoolLink_RecommendsKindAndTargetFromTheAssessment(string resourceGroup, string cluster, string pool, string kindText, string target)
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var info = fleet.FindCluster(Subscription, resourceGroup, cluster)!.Cluster;

        // Act
        var cut = RenderAt(PlanLinks.For(info, pool));

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Recommended:", cut.Find("[data-testid='plan-recommendation']").TextContent, StringComparison.Ordinal));
        Assert.Equal(kindText, InputValue(cut, "plan-kind"));
        Assert.Equal(target, InputValue(cut, "plan-target"));
        Assert.StartsWith($"{cluster} (", InputValue(cut, "plan-cluster"), StringComparison.Ordinal);
        Assert.Contains(pool, InputValue(cut, "plan-pools"), StringComparison.Ordinal);
        Assert.EndsWith($"on {cluster} ({pool})", InputValue(cut, "plan-title"), StringComparison.Ordinal);
    }

    // Issue 16: "Plan upgrade" on a whole cluster proposed moving every pool to AzureLinux3, and Save refused its own
    // suggestion because pool 'fipsal' already runs AzureLinux3. Only the pools that need the change are prefilled.
    [Fact]
    public async Task Prefill_WholeCluster_SelectsOnlyThePoolsThatNeedTheChangeAndSaves()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var cluster = fleet.FindCluster(Subscription, "rg-orders-prod", "aks-orders-prod-weu")!.Cluster;
        var cut = RenderAt(PlanLinks.For(cluster));
        cut.WaitForAssertion(() => Assert.Equal("AzureLinux3", InputValue(cut, "plan-target")));
        cut.Find("input[data-testid='plan-start']").Change("2026-12-05T21:30");

        // Act
        cut.Find("button[data-testid='plan-save']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Empty(FieldError(cut, "plan-pools")));
        cut.WaitForAssertion(() => Assert.Matches("/windows/[0-9a-f-]{36}$", Navigation.Uri));
        var stored = Assert.Single(await ListAsync());
        Assert.Equal(UpgradeKind.OsSkuChange, stored.Kind);
        Assert.Equal(["legacy"], stored.NodePools);
    }

    // Issue 16: the start was "next Saturday 22:00" although the app knows the cluster's maintenance slot (Saturdays
    // 01:00 UTC for 8 hours on aks-orders-prod-uks), shown in the planner's zone.
    [Fact]
    public async Task Prefill_ViewerTimeZoneKnown_StartsInTheClustersNextMaintenanceSlotInThatZone()
    {
        // Arrange
        await LoadStoreAsync();

        // Act: now is Wednesday 2026-11-25 12:00 UTC
        var cut = RenderOrdersWorkers();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(ViewerZone, InputValue(cut, "plan-timezone")));
        cut.WaitForAssertion(() => Assert.Equal("2026-11-28T02:00", InputValue(cut, "plan-start")));
        Assert.Equal("6", InputValue(cut, "plan-hours"));
        Assert.Contains("next aksManagedNodeOSUpgradeSchedule slot", cut.Find("[data-testid='plan-start']").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(cut.FindAll("[data-testid='plan-warning']"), w => w.TextContent.Contains("maintenance", StringComparison.Ordinal));
    }

    // Issue 16: warnings came only after Save; they follow the form as it changes.
    [Fact]
    public async Task Change_StartOutsideTheMaintenanceSlot_WarnsBeforeSaving()
    {
        // Arrange
        await LoadStoreAsync();
        var cut = RenderOrdersWorkers();
        cut.WaitForAssertion(() => Assert.Equal("2026-11-28T02:00", InputValue(cut, "plan-start")));

        // Act: a Tuesday afternoon
        cut.Find("input[data-testid='plan-start']").Change("2026-12-01T14:00");

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("outside the cluster's aksManagedNodeOSUpgradeSchedule maintenance window",
            string.Join(" ", cut.FindAll("[data-testid='plan-warning']").Select(w => w.TextContent)), StringComparison.Ordinal));
        Assert.DoesNotContain("next aksManagedNodeOSUpgradeSchedule slot", cut.Find("[data-testid='plan-start']").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task Save_ValidPlan_StoresDraftInThePlannersZoneAndOpensIt()
    {
        // Arrange
        await LoadStoreAsync();
        var cut = RenderOrdersWorkers();
        cut.WaitForAssertion(() => Assert.Equal(ViewerZone, InputValue(cut, "plan-timezone")));
        cut.Find("input[data-testid='plan-start']").Change("2026-12-05T21:30");
        cut.Find("textarea[data-testid='plan-notes']").Change("<b>Drain</b> batch first");

        // Act
        cut.Find("button[data-testid='plan-save']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.StartsWith("http://localhost/windows/", Navigation.Uri, StringComparison.Ordinal));
        var stored = Assert.Single(await ListAsync());
        Assert.Equal($"http://localhost/windows/{stored.Id}", Navigation.Uri);
        Assert.Equal(WindowStatus.Draft, stored.Status);
        Assert.Equal(UpgradeKind.OsSkuChange, stored.Kind);
        Assert.Equal("AzureLinux3", stored.Target);
        Assert.Equal(["workers"], stored.NodePools);
        Assert.Equal(ViewerZone, stored.TimeZone);
        // 21:30 in Amsterdam in December (UTC+1) is 20:30 UTC; six hours long.
        Assert.Equal(new DateTime(2026, 12, 5, 20, 30, 0, DateTimeKind.Utc), stored.StartUtc);
        Assert.Equal(new DateTime(2026, 12, 6, 2, 30, 0, DateTimeKind.Utc), stored.EndUtc);
        Assert.Equal("<b>Drain</b> batch first", stored.Notes);
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message?.StartsWith("Saved '", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("plan-title", "", "Title is required.")]
    [InlineData("plan-start", "2026-11-20T22:00", "is in the past.")]
    [InlineData("plan-start", "", "Start is required: a date and a time.")]
    [InlineData("plan-target", "Ubuntu9999", "Ubuntu9999")]
    public async Task Save_InvalidField_ShowsTheMessageOnThatFieldAndSavesNothing(string testId, string value, string expected)
    {
        // Arrange
        await LoadStoreAsync();
        var cut = RenderOrdersWorkers();
        cut.WaitForAssertion(() => Assert.Equal(ViewerZone, InputValue(cut, "plan-timezone")));
        cut.Find($"input[data-testid='{testId}']").Change(value);

        // Act
        cut.Find("button[data-testid='plan-save']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains(expected, FieldError(cut, testId), StringComparison.Ordinal));
        Assert.Empty(await ListAsync());
        Assert.Equal("http://localhost" + PlanPath, Navigation.Uri);
    }

    [Fact]
    public async Task Save_InsideBlackout_AsksForJustificationThenSavesItWithTheWindow()
    {
        // Arrange
        await LoadStoreAsync();
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BlackoutPeriodService>()
                .CreateAsync("December freeze", new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), new Actor("ada@contoso.example", "ada@contoso.example"), Cancellation);
        }

        var cut = RenderOrdersWorkers();
        cut.WaitForAssertion(() => Assert.Equal(ViewerZone, InputValue(cut, "plan-timezone")));
        cut.Find("input[data-testid='plan-start']").Change("2026-12-05T22:00");

        // Act: the first save is refused and asks why
        cut.Find("button[data-testid='plan-save']").Click();

        // Assert
        cut.WaitForElement("textarea[data-testid='plan-justification']");
        Assert.Contains("December freeze", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(await ListAsync());

        // Act: with a justification it is saved, and the justification with it
        cut.Find("textarea[data-testid='plan-justification']").Change("Azure Linux 2.0 images are removed; CAB-1234 approved.");
        cut.Find("button[data-testid='plan-save']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.StartsWith("http://localhost/windows/", Navigation.Uri, StringComparison.Ordinal));
        Assert.Equal("Azure Linux 2.0 images are removed; CAB-1234 approved.", Assert.Single(await ListAsync()).BlackoutJustification);
    }

    [Fact]
    public async Task Prefill_UnknownCluster_LeavesTheScopeEmptyAndSaveNamesTheCluster()
    {
        // Arrange
        await LoadStoreAsync();
        var cut = RenderAt("/windows/new?subscription=00000000-0000-0000-0000-000000000000&resourceGroup=rg&cluster=nope");
        cut.WaitForElement("[data-testid='plan-form']");

        // Act
        cut.Find("button[data-testid='plan-save']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("required", FieldError(cut, "plan-cluster"), StringComparison.OrdinalIgnoreCase));
        Assert.Empty(cut.FindAll("[data-testid='plan-recommendation']"));
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task Edit_ExistingWindow_FormShowsItAndSaveStoresANewRevision()
    {
        // Arrange
        await LoadStoreAsync();
        var id = await SeedAsync("Orders to Azure Linux 3");
        var cut = RenderEdit(id);
        cut.WaitForAssertion(() => Assert.Equal("Orders to Azure Linux 3", InputValue(cut, "plan-title")));
        Assert.Equal("2026-12-05T22:00", InputValue(cut, "plan-start"));
        Assert.Equal(ViewerZone, InputValue(cut, "plan-timezone"));
        Assert.Equal("Save changes", cut.Find("button[data-testid='plan-save']").TextContent.Trim());

        // Act
        cut.Find("input[data-testid='plan-title']").Change("Orders to Azure Linux 3, second attempt");
        cut.Find("button[data-testid='plan-save']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal($"http://localhost/windows/{id}", Navigation.Uri));
        var stored = Assert.Single(await ListAsync());
        Assert.Equal("Orders to Azure Linux 3, second attempt", stored.Title);
        Assert.Equal(2, stored.Revision);
        Assert.Equal(new DateTime(2026, 12, 5, 21, 0, 0, DateTimeKind.Utc), stored.StartUtc);
    }

    [Fact]
    public async Task Edit_SomeoneElseSavedFirst_ShowsTheConflictAndReloadsTheirVersion()
    {
        // Arrange
        await LoadStoreAsync();
        var id = await SeedAsync("Orders to Azure Linux 3");
        var cut = RenderEdit(id);
        cut.WaitForAssertion(() => Assert.Equal("Orders to Azure Linux 3", InputValue(cut, "plan-title")));
        await using (var scope = Services.CreateAsyncScope())
        {
            var windows = scope.ServiceProvider.GetRequiredService<UpgradeWindowService>();
            var theirs = WindowPlans.ToRequest((await windows.FindAsync(id, Cancellation))!) with { Title = "Alice's plan" };
            Assert.Equal(WindowChangeFailure.None, (await windows.UpdateAsync(id, 1, theirs, new Actor("alice@contoso.com", "alice@contoso.com"), Cancellation)).Failure);
        }

        // Act
        cut.Find("input[data-testid='plan-title']").Change("Bob's plan");
        cut.Find("button[data-testid='plan-save']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("alice@contoso.com saved this window while you were editing it", cut.Find("[data-testid='plan-conflict']").TextContent, StringComparison.Ordinal));
        Assert.Equal("Alice's plan", InputValue(cut, "plan-title"));
        var stored = Assert.Single(await ListAsync());
        Assert.Equal("Alice's plan", stored.Title);
        Assert.Equal(2, stored.Revision);
        Assert.Equal($"http://localhost/windows/{id}/edit", Navigation.Uri);

        // Act: saving again is now a deliberate edit of their version
        cut.Find("input[data-testid='plan-title']").Change("Bob's plan");
        cut.Find("button[data-testid='plan-save']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal($"http://localhost/windows/{id}", Navigation.Uri));
        Assert.Equal("Bob's plan", Assert.Single(await ListAsync()).Title);
    }

    [Fact]
    public async Task Edit_CancelledWindow_RefusedWithTheReason()
    {
        // Arrange
        await LoadStoreAsync();
        var id = await SeedAsync("Orders to Azure Linux 3");
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
            (await db.Windows.FindAsync([id], Cancellation))!.Status = WindowStatus.Cancelled;
            await db.SaveChangesAsync(Cancellation);
        }

        // Act
        var cut = RenderEdit(id);

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("'Orders to Azure Linux 3' is Cancelled and can no longer be edited.", cut.Find("[data-testid='plan-edit-blocked']").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid='plan-form']"));
    }

    private async Task<Guid> SeedAsync(string title)
    {
        await using var scope = Services.CreateAsyncScope();
        var start = new DateTimeOffset(2026, 12, 5, 22, 0, 0, TimeSpan.FromHours(1));
        var change = await scope.ServiceProvider.GetRequiredService<UpgradeWindowService>().CreateAsync(
            new(title, Subscription, "rg-orders-prod", "aks-orders-prod-uks", ["workers"], "OsSkuChange", "AzureLinux3", start, start.AddHours(6), ViewerZone, null),
            new Actor("bob@contoso.com", "bob@contoso.com"), Cancellation);
        return change.Window?.Id ?? throw new InvalidOperationException(string.Join("; ", change.Errors.Select(e => e.Message)));
    }

    private const string PlanPath = "/windows/new?subscription=6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10&resourceGroup=rg-orders-prod&cluster=aks-orders-prod-uks&pools=workers";

    private IRenderedComponent<PlanWindow> RenderOrdersWorkers() => RenderAt(PlanPath);

    private IRenderedComponent<PlanWindow> RenderAt(string uri)
    {
        Navigation.NavigateTo(uri);
        return Render<PlanWindow>();
    }

    // bUnit does not route: the edit route's id is passed as the parameter the router would set.
    private IRenderedComponent<PlanWindow> RenderEdit(Guid id)
    {
        Navigation.NavigateTo($"/windows/{id}/edit");
        return Render<PlanWindow>(p => p.Add(c => c.Id, id));
    }

    private async Task<List<UpgradeWindowEntity>> ListAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UpgradeWindowService>().ListAsync(null, null, Cancellation);
    }

    private static IElement Input(IRenderedComponent<PlanWindow> cut, string testId) => cut.Find($"[data-testid='{testId}']");

    /// <summary>A text field's value, or the text a MudSelect shows (it renders the choice in a div).</summary>
    private static string InputValue(IRenderedComponent<PlanWindow> cut, string testId) => Input(cut, testId) is var e && e.LocalName is "input" or "textarea"
        ? e.GetAttribute("value") ?? ""
        : e.TextContent.Trim();

    /// <summary>The error MudBlazor shows under the field, or an empty string.</summary>
    private static string FieldError(IRenderedComponent<PlanWindow> cut, string testId) =>
        Input(cut, testId).Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() ?? "";
}
