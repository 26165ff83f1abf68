using AksUpgradeDashboard.Components.Pages;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;
using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AksUpgradeDashboard.Components.Tests.Pages;

public class SettingsTests : DashboardTestContext
{
    [Fact]
    public async Task BlackoutPeriods_Existing_ListedByStartWithUtcTimesAndLength()
    {
        // Arrange
        await SeedAsync("Year-end freeze", new(2026, 12, 19, 0, 0, 0, TimeSpan.Zero), new(2027, 1, 4, 8, 0, 0, TimeSpan.Zero));
        await SeedAsync("Black Friday", new(2026, 11, 27, 1, 0, 0, TimeSpan.FromHours(1)), new(2026, 11, 30, 6, 30, 0, TimeSpan.Zero));

        // Act
        var cut = Render<Settings>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(2, Rows(cut).Count));
        var cells = Rows(cut).Select(r => r.QuerySelectorAll("td").Take(4).Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(["Black Friday", "2026-11-27 00:00 UTC", "2026-11-30 06:30 UTC", "3 days 6 h 30 min"], cells[0]);
        Assert.Equal(["Year-end freeze", "2026-12-19 00:00 UTC", "2027-01-04 08:00 UTC", "16 days 8 h"], cells[1]);
        Assert.Equal("Edit Black Friday", Rows(cut)[0].QuerySelector("button[data-testid='blackout-edit']")!.GetAttribute("aria-label"));
        Assert.Equal("Delete Black Friday", Rows(cut)[0].QuerySelector("button[data-testid='blackout-delete']")!.GetAttribute("aria-label"));
        Assert.Contains("refused unless an operator records a justification", cut.Find("[data-testid='blackout-section']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditIntegrity_UnbrokenThenRewritten_SaysSoAndNamesTheEntry()
    {
        // Arrange: two windows planned (two audit entries), then the first entry rewritten with the trigger out of the way.
        await LoadStoreAsync();
        await using (var scope = Services.CreateAsyncScope())
        {
            var windows = scope.ServiceProvider.GetRequiredService<UpgradeWindowService>();
            foreach (var (title, day) in new[] { ("First", 20), ("Second", 22) })
            {
                var start = new DateTimeOffset(2026, 12, day, 22, 0, 0, TimeSpan.Zero);
                var request = new AksUpgradeDashboard.Model.Windows.UpgradeWindowRequest(title, "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10", "rg-payments-prod", "aks-payments-prod-weu", ["api"], "NodeImage", null, start, start.AddHours(6), "UTC", null);
                Assert.Equal(WindowChangeFailure.None, (await windows.CreateAsync(request, new Actor("paul@contoso.example", "paul@contoso.example"), Cancellation)).Failure);
            }
        }

        var cut = Render<Settings>();
        cut.WaitForAssertion(() => Assert.Contains("All 2 chained entries match their hashes", cut.Find("[data-testid='audit-integrity-valid']").TextContent, StringComparison.Ordinal));

        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
            var first = db.AuditEntries.OrderBy(e => e.ChainSequence).First().Id;
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER AuditEntries_NoUpdate", Cancellation);
            await db.Database.ExecuteSqlAsync($"UPDATE AuditEntries SET Comment = 'nothing to see' WHERE Id = {first}", Cancellation);

            // Act
            cut.Find("button[data-testid='audit-verify']").Click();

            // Assert
            cut.WaitForAssertion(() => Assert.Contains($"Entry {first} does not match its hash", cut.Find("[data-testid='audit-integrity-broken']").TextContent, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Save_MissingName_ShowsNameErrorAndSavesNothing()
    {
        // Arrange
        var cut = Render<Settings>();
        cut.WaitForElement("[data-testid='blackout-empty']");

        // Act
        cut.Find("input[data-testid='blackout-start']").Change("2026-12-19T00:00");
        cut.Find("input[data-testid='blackout-end']").Change("2027-01-04T00:00");
        cut.Find("button[data-testid='blackout-save']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("Name is required.", FieldError(cut, "blackout-name")));
        Assert.Null(FieldError(cut, "blackout-start"));
        Assert.Null(FieldError(cut, "blackout-end"));
        Assert.Empty(await ListAsync());
        Assert.Empty(Rows(cut));
        Assert.Equal("2026-12-19T00:00", cut.Find("input[data-testid='blackout-start']").GetAttribute("value"));
    }

    [Fact]
    public async Task Save_ValidPeriod_ShowsItInTheTableAndClearsTheForm()
    {
        // Arrange
        var cut = Render<Settings>();
        cut.WaitForElement("[data-testid='blackout-empty']");

        // Act
        cut.Find("input[data-testid='blackout-name']").Change("Year-end freeze");
        cut.Find("input[data-testid='blackout-start']").Change("2026-12-19T00:00");
        cut.Find("input[data-testid='blackout-end']").Change("2027-01-04T08:00");
        cut.Find("button[data-testid='blackout-save']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        var cells = Rows(cut)[0].QuerySelectorAll("td").Take(3).Select(c => c.TextContent.Trim());
        Assert.Equal(["Year-end freeze", "2026-12-19 00:00 UTC", "2027-01-04 08:00 UTC"], cells);
        var stored = Assert.Single(await ListAsync());
        Assert.Equal(new DateTime(2026, 12, 19, 0, 0, 0, DateTimeKind.Utc), stored.StartUtc);
        Assert.Equal(new DateTime(2027, 1, 4, 8, 0, 0, DateTimeKind.Utc), stored.EndUtc);
        Assert.True(string.IsNullOrEmpty(cut.Find("input[data-testid='blackout-name']").GetAttribute("value")));
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Blackout period 'Year-end freeze' added.");
    }

    [Fact]
    public async Task Delete_AfterConfirmation_RemovesThePeriod()
    {
        // Arrange
        await SeedAsync("Year-end freeze", new(2026, 12, 19, 0, 0, 0, TimeSpan.Zero), new(2027, 1, 4, 0, 0, 0, TimeSpan.Zero));
        await SeedAsync("Black Friday", new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero), new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));
        var cut = Render<Settings>();
        cut.WaitForAssertion(() => Assert.Equal(2, Rows(cut).Count));

        // Act: asking does not delete yet
        RowOf(cut, "Year-end freeze").QuerySelector("button[data-testid='blackout-delete']")!.Click();

        // Assert
        var confirm = cut.Find("[data-testid='blackout-delete-confirm']");
        Assert.Contains("Year-end freeze", confirm.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, (await ListAsync()).Count);

        // Act: confirming does
        cut.Find("button[data-testid='blackout-delete-yes']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(["Black Friday"], Rows(cut).Select(r => r.QuerySelector("td.name")!.TextContent.Trim())));
        Assert.Empty(cut.FindAll("[data-testid='blackout-delete-confirm']"));
        Assert.Equal("Black Friday", Assert.Single(await ListAsync()).Name);
    }

    [Fact]
    public async Task Save_EditOfAPeriodChangedElsewhere_ShowsConflictAndKeepsTheOtherEdit()
    {
        // Arrange
        var period = await SeedAsync("Year-end freeze", new(2026, 12, 19, 0, 0, 0, TimeSpan.Zero), new(2027, 1, 4, 0, 0, 0, TimeSpan.Zero));
        var cut = Render<Settings>();
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        RowOf(cut, "Year-end freeze").QuerySelector("button[data-testid='blackout-edit']")!.Click();
        Assert.Equal("Year-end freeze", cut.Find("input[data-testid='blackout-name']").GetAttribute("value"));
        Assert.Equal("2026-12-19T00:00", cut.Find("input[data-testid='blackout-start']").GetAttribute("value"));

        // Act: someone else saves first
        await using (var scope = Services.CreateAsyncScope())
        {
            var other = await scope.ServiceProvider.GetRequiredService<BlackoutPeriodService>()
                .UpdateAsync(period.Id, period.ConcurrencyStamp, "Edited elsewhere", new DateTimeOffset(period.StartUtc), new DateTimeOffset(period.EndUtc), new Actor("ada@contoso.example", "ada@contoso.example"), Cancellation);
            Assert.Equal(BlackoutChangeFailure.None, other.Failure);
        }

        cut.Find("input[data-testid='blackout-name']").Change("Edited here");
        cut.Find("button[data-testid='blackout-save']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Someone else changed this blackout period", cut.Find("[data-testid='blackout-form-error']").TextContent, StringComparison.Ordinal));
        Assert.Equal("Edited elsewhere", Assert.Single(await ListAsync()).Name);
        Assert.Equal("Edited elsewhere", RowOf(cut, "Edited elsewhere").QuerySelector("td.name")!.TextContent.Trim());
        Assert.Equal("Edited here", cut.Find("input[data-testid='blackout-name']").GetAttribute("value"));
    }

    private async Task<BlackoutPeriodEntity> SeedAsync(string name, DateTimeOffset start, DateTimeOffset end)
    {
        await using var scope = Services.CreateAsyncScope();
        var change = await scope.ServiceProvider.GetRequiredService<BlackoutPeriodService>().CreateAsync(name, start, end, new Actor("ada@contoso.example", "ada@contoso.example"), Cancellation);
        return change.Period ?? throw new InvalidOperationException(string.Join("; ", change.Errors.Select(e => e.Message)));
    }

    private async Task<List<BlackoutPeriodEntity>> ListAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlackoutPeriodService>().ListAsync(Cancellation);
    }

    private static List<IElement> Rows(IRenderedComponent<Settings> cut) =>
        [.. cut.FindAll("[data-testid='blackout-periods'] tbody tr")];

    private static IElement RowOf(IRenderedComponent<Settings> cut, string name) =>
        Assert.Single(Rows(cut), r => r.QuerySelector("td.name")!.TextContent.Trim() == name);

    /// <summary>The error MudBlazor shows under the field whose input has <paramref name="testId"/>, or null.</summary>
    private static string? FieldError(IRenderedComponent<Settings> cut, string testId) =>
        cut.Find($"input[data-testid='{testId}']").Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() is { Length: > 0 } text
            ? text
            : null;
}
