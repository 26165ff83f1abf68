using AksUpgradeDashboard.Components.Pages;
using AksUpgradeDashboard.Model.Compliance;
using Bunit;

namespace AksUpgradeDashboard.Components.Tests.Pages;

public class PrintableReportTests : DashboardTestContext
{
    [Fact]
    public async Task Render_SampleFleetWithItsHistory_FirstPageSummaryWithSvgChartsAndOverdueRisksFirst()
    {
        // Arrange: the sample fleet, its generated history and today's snapshot.
        var fleet = await LoadStoreAsync();
        var scorecard = ComplianceScorecard.Build(fleet, CompliancePolicy.Default);
        await SeedSampleHistoryAsync(fleet);

        // Act
        var cut = Render<PrintableReport>();

        // Assert: the headline, then three charts drawn as SVG (a line, a donut slice per status, a bar per OS).
        cut.WaitForAssertion(() => Assert.Equal(scorecard.Overall.PercentText, cut.Find("[data-testid='report-percent']").TextContent.Trim()));
        var summary = cut.Find("[data-testid='report-summary-page']");
        Assert.Equal(2, summary.QuerySelectorAll("[data-testid='report-chart-trend'] polyline").Length);
        Assert.Equal(scorecard.StatusCounts.Count(s => s.Value > 0), summary.QuerySelectorAll("[data-testid='report-chart-status'] path").Length);
        Assert.Equal(scorecard.LargestOsVersions().Count, summary.QuerySelectorAll("[data-testid='report-chart-os'] rect").Length);
        Assert.Contains("Sample data: the days up to 2026-11-24", summary.QuerySelector("[data-testid='report-trend-sample']")!.TextContent, StringComparison.Ordinal);
        Assert.Matches(@"^[+-]?[\d.]+ points since 2026-08-27 \(sample data\)$", summary.QuerySelector("[data-testid='report-change']")!.TextContent.Trim());

        // The top risks lead with what is overdue (the sample's Ubuntu 18.04 and Azure Linux 2.0 pools, each under its latest passed date).
        var risks = summary.QuerySelectorAll("[data-testid='report-top-risks'] li").Select(li => (Level: li.GetAttribute("data-risk"), li.TextContent)).ToList();
        Assert.Equal("Overdue", risks[0].Level);
        Assert.Equal(risks.OrderBy(r => r.Level == "Overdue" ? 0 : 1).Select(r => r.Level), risks.Select(r => r.Level));
        Assert.Contains(risks, r => r.Level == "Overdue" && r.TextContent.Contains("4 pools still on Azure Linux 2.0, past its image removal on 2026-03-31", StringComparison.Ordinal));

        // The detail after it: the at-risk list opens with its overdue section, every row naming a subscription.
        var markup = cut.Markup;
        Assert.True(markup.IndexOf("report-summary-page", StringComparison.Ordinal) < markup.IndexOf("at-risk-overdue", StringComparison.Ordinal));
        var subscriptions = fleet.Subscriptions.Select(s => s.Subscription.DisplayName).ToHashSet();
        Assert.All(cut.FindAll("[data-testid^='at-risk-'] tr[data-pool]"), r => Assert.Contains(r.Children[1].TextContent.Trim(), subscriptions));
        Assert.DoesNotContain(fleet.Subscriptions[0].Subscription.SubscriptionId, cut.Find("[data-testid='report-by-subscription']").TextContent, StringComparison.OrdinalIgnoreCase);
    }
}
