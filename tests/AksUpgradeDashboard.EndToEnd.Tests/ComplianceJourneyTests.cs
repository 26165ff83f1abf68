using System.Globalization;
using System.Text.RegularExpressions;
using AksUpgradeDashboard.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AksUpgradeDashboard.EndToEnd.Tests;

/// <summary>
/// A manager's journey: the scorecard, a drill into the pools behind one number, the CSV for the meeting, and the
/// printable report. Counts are read from the page rather than fixed, since other journeys plan windows on the same server.
/// </summary>
[Collection(DashboardServerGroup.Name)]
public partial class ComplianceJourneyTests(DashboardServerFixture server)
{
    [Fact]
    public async Task Manager_OpensScorecardDrillsIntoANumberAndDownloadsCsv()
    {
        // Arrange: Victor (Viewer) opens the scorecard.
        var page = await server.OpenAsync("/compliance", user: "victor");
        await Assertions.Expect(page.GetByTestId("compliance-policy")).ToContainTextAsync("at most 30 days behind the latest");
        await Assertions.Expect(page.GetByTestId("compliance-percent")).ToHaveTextAsync(Percent());
        await Assertions.Expect(page.GetByTestId("chart-status").Locator("svg")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("at-risk-summary")).ToBeVisibleAsync();
        await DashboardServerFixture.ScreenshotAsync(page, "compliance-scorecard");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardServerFixture.ScreenshotDirectory, "compliance-scorecard-first-screen.png") });

        // Act: drill into the not-compliant pools of the worst subscription (the first row).
        var worst = page.GetByTestId("by-subscription").Locator("tbody tr").First;
        var link = worst.Locator("a[data-outcome='NonCompliant']");
        var expected = int.Parse((await link.TextContentAsync())!.Trim(), CultureInfo.InvariantCulture);
        await link.ClickAsync();

        // Assert: the pools grid, filtered to exactly those pools, says so.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/pools\\?subscription=[^&]+&compliance=NonCompliant$"));
        await page.Locator("[data-interactive='true']").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("pool-count")).ToHaveTextAsync(new Regex($"^{expected} of \\d+ pools$"));
        await Assertions.Expect(page.GetByTestId("drill-filter")).ToHaveTextAsync("not compliant (policy)");
        await DashboardServerFixture.ScreenshotAsync(page, "compliance-drill-into-pools");

        // Act: back on the scorecard, download the CSV.
        await page.GoBackAsync();
        await page.Locator("[data-interactive='true']").WaitForAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("compliance-csv").ClickAsync());
        var path = await download.PathAsync();
        var lines = await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken);

        // Assert: the scorecard as CSV, named for the day, the policy on every row.
        Assert.Matches("^aks-compliance-scorecard-20261125-\\d{4}\\.csv$", download.SuggestedFilename);
        Assert.Equal("assessedOn,dimension,group,pools,compliant,nonCompliant,unknown,percent,policy", lines[0]);
        Assert.StartsWith("2026-11-25,Overall,All pools,", lines[1], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.Contains("at most 30 days behind the latest", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Manager_PrintsReport_ChromeHiddenAndSignOffShown()
    {
        var page = await server.OpenAsync("/compliance/report", user: "victor");
        await Assertions.Expect(page.GetByTestId("report-percent")).ToHaveTextAsync(Percent());
        await Assertions.Expect(page.GetByTestId("report-policy")).ToContainTextAsync("at most 30 days");
        await Assertions.Expect(page.GetByTestId("report-date")).ToContainTextAsync("25 November 2026");

        // Act: render for paper, as the print dialog and "Save as PDF" do.
        await page.EmulateMediaAsync(new() { Media = Media.Print });

        await Assertions.Expect(page.Locator(".mud-appbar")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".mud-drawer")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("print")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("report-sign-off")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("report-by-subscription")).ToBeVisibleAsync();
        await DashboardServerFixture.ScreenshotAsync(page, "compliance-report-print");
        var pdf = await page.PdfAsync(new() { Format = "A4" });
        Assert.True(pdf.Length > 10_000, $"The PDF has {pdf.Length} bytes.");
    }

    [GeneratedRegex("^\\d{1,3}(\\.\\d)? %$")]
    private static partial Regex Percent();
}
