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
        // Day one on the sample fleet: the trend is there already, labelled as generated sample data; overdue pools lead the at-risk list.
        await Assertions.Expect(page.GetByTestId("chart-trend").Locator("svg")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("trend-sample")).ToContainTextAsync("Sample data");
        await Assertions.Expect(page.GetByTestId("at-risk-overdue")).ToContainTextAsync("Azure Linux 2.0");
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

        // And on a phone: the trend and its sample label are there too.
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForTimeoutAsync(300); // the layout settles after the resize
        await Assertions.Expect(page.GetByTestId("trend-sample")).ToBeVisibleAsync();
        await DashboardServerFixture.ScreenshotAsync(page, "compliance-scorecard-phone");
        await page.GetByTestId("chart-trend").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardServerFixture.ScreenshotDirectory, "compliance-scorecard-phone-trend.png") });
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

    // Issue 16: page 1 was half empty with no charts, and pools past their OS dates were missing.
    [Fact]
    public async Task Manager_PrintsReport_FirstPageIsTheSummaryWithSvgChartsThenTheDetailWithOverdueFirst()
    {
        var page = await server.OpenAsync("/compliance/report", user: "victor");
        var summary = page.GetByTestId("report-summary-page");
        await Assertions.Expect(summary.GetByTestId("report-percent")).ToHaveTextAsync(Percent());
        await Assertions.Expect(summary.GetByTestId("report-chart-trend").Locator("svg polyline")).ToHaveCountAsync(2);
        await Assertions.Expect(summary.GetByTestId("report-trend-sample")).ToContainTextAsync("Sample data");
        Assert.True(await summary.GetByTestId("report-chart-status").Locator("svg path").CountAsync() >= 2);
        Assert.True(await summary.GetByTestId("report-chart-os").Locator("svg rect").CountAsync() >= 3);
        await Assertions.Expect(summary.GetByTestId("report-top-risks").Locator("li").First).ToHaveAttributeAsync("data-risk", "Overdue");

        // Act: lay it out for paper at the printable width of A4 (210 mm less 2 × 14 mm margins, at 96 px per inch).
        await page.SetViewportSizeAsync(688, 1017);
        await page.EmulateMediaAsync(new() { Media = Media.Print });

        // Assert: the title and the summary fit page 1 and end it; the detail, overdue first, follows.
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardServerFixture.ScreenshotDirectory, "compliance-report-page1.png"), Clip = new() { X = 0, Y = 0, Width = 688, Height = 1017 } });
        var bottom = await summary.EvaluateAsync<double>("e => e.getBoundingClientRect().bottom + window.scrollY");
        Assert.True(bottom <= 1017, $"The summary ends at {bottom} px, beyond the first A4 page (1017 px).");
        Assert.Equal("page", await summary.EvaluateAsync<string>("e => getComputedStyle(e).breakAfter"));
        var overdue = page.GetByTestId("at-risk-overdue");
        await Assertions.Expect(overdue).ToBeVisibleAsync();
        Assert.True(await overdue.EvaluateAsync<double>("e => e.getBoundingClientRect().top + window.scrollY") > bottom);
        Assert.StartsWith("Overdue: ", await page.Locator("section[data-testid^='at-risk-'] h3").First.TextContentAsync(), StringComparison.Ordinal);

        // And on a phone, on screen: the summary fits the width.
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForTimeoutAsync(300); // the layout settles after the resize
        Assert.True(await summary.EvaluateAsync<double>("e => e.scrollWidth") <= 390 - 16);
        await DashboardServerFixture.ScreenshotAsync(page, "compliance-report-phone");
        await summary.ScreenshotAsync(new() { Path = Path.Combine(DashboardServerFixture.ScreenshotDirectory, "compliance-report-phone-summary.png") });
    }

    [GeneratedRegex("^\\d{1,3}(\\.\\d)? %$")]
    private static partial Regex Percent();
}
