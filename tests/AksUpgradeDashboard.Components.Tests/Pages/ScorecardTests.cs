using AksUpgradeDashboard.Compliance;
using AksUpgradeDashboard.Components.Pages;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Compliance;
using AksUpgradeDashboard.Model.Windows;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AksUpgradeDashboard.Components.Tests.Pages;

public class ScorecardTests : DashboardTestContext
{
    [Fact]
    public async Task Render_SampleFleet_SummaryAndEveryCountLinksToItsPools()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var scorecard = ComplianceScorecard.Build(fleet, CompliancePolicy.Default);

        // Act
        var cut = Render<Scorecard>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(scorecard.Overall.PercentText, cut.Find("[data-testid='compliance-percent']").TextContent.Trim()));
        Assert.Equal($"/pools?compliance=NonCompliant", cut.Find("[data-testid='compliance-count-NonCompliant']").GetAttribute("href"));
        Assert.Contains(CompliancePolicy.Default.Description, cut.Find("[data-testid='compliance-policy']").TextContent, StringComparison.Ordinal);
        var rows = cut.FindAll("[data-testid='by-subscription'] tbody tr");
        Assert.Equal(scorecard.BySubscription.Count, rows.Count);
        var worst = scorecard.BySubscription[0];
        Assert.Equal(worst.Label, rows[0].GetAttribute("data-group"));
        var drill = rows[0].QuerySelector("a[data-outcome='NonCompliant']")!.GetAttribute("href");
        Assert.Equal($"/pools?subscription={worst.Filter.Subscriptions[0]}&compliance=NonCompliant", drill);
        // The drill-down link finds exactly the pools the number counts.
        var query = PoolQueryString.FromUri(new Uri("http://localhost" + drill)) with { Policy = CompliancePolicy.Default };
        Assert.Equal(worst.Counts.NonCompliant, query.Apply(fleet.Pools).Count());
        Assert.Single(cut.FindAll("[data-testid='chart-status'] svg"));
    }

    [Fact]
    public async Task Render_SampleFleetWithPoolsPastEndOfSupport_OverdueSectionAboveTheComingDates()
    {
        // Arrange: the sample has Azure Linux 2.0 pools, past end of support (2025-11-30) and image removal (2026-03-31).
        await LoadStoreAsync();

        // Act
        var cut = Render<Scorecard>();

        // Assert
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='at-risk-overdue'] tbody tr")));
        var overdue = cut.FindAll("[data-testid='at-risk-overdue'] tbody tr");
        Assert.All(overdue, r => Assert.Equal("true", r.GetAttribute("data-overdue")));
        Assert.Contains(overdue, r => r.TextContent.Contains("Azure Linux 2.0", StringComparison.Ordinal) && r.TextContent.Contains("2026-03-31", StringComparison.Ordinal));
        Assert.All(cut.FindAll("[data-testid='at-risk-summary'] tbody tr"), r => Assert.Equal("false", r.GetAttribute("data-overdue")));
        var html = cut.Markup;
        Assert.True(html.IndexOf("data-testid=\"at-risk-overdue\"", StringComparison.Ordinal) < html.IndexOf("data-testid=\"at-risk-summary\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_AdminSavedPolicy_ScorecardJudgesByIt()
    {
        // Arrange: a one-day policy makes almost every pool too far behind.
        var fleet = await LoadStoreAsync();
        await using (var scope = Services.CreateAsyncScope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<CompliancePolicyService>().SaveAsync(new CompliancePolicy(1), null, new Actor("ada@contoso.example", "ada@contoso.example"), Cancellation);
            Assert.True(saved.Succeeded);
        }

        // Act
        var cut = Render<Scorecard>();

        // Assert
        var strict = ComplianceScorecard.Build(fleet, new CompliancePolicy(1));
        cut.WaitForAssertion(() => Assert.Equal(strict.Overall.PercentText, cut.Find("[data-testid='compliance-percent']").TextContent.Trim()));
        Assert.Contains("at most 1 days", cut.Find("[data-testid='compliance-policy']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Set by ada@contoso.example", cut.Find("[data-testid='compliance-policy']").TextContent, StringComparison.Ordinal);
        Assert.True(strict.Overall.Compliant < ComplianceScorecard.Build(fleet, CompliancePolicy.Default).Overall.Compliant);
    }

    [Fact]
    public async Task Render_TagQuery_BreaksDownByThatTag()
    {
        // Arrange
        var fleet = await LoadStoreAsync();
        var key = ComplianceScorecard.Build(fleet, CompliancePolicy.Default).TagKeys[^1];
        Navigation.NavigateTo($"/compliance?tag={key}");

        // Act
        var cut = Render<Scorecard>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-tab")));
        cut.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Cluster tag").Click();

        // Assert
        var expected = ComplianceScorecard.ByTag(fleet, CompliancePolicy.Default, key);
        cut.WaitForAssertion(() => Assert.Equal(expected.Select(g => g.Label), cut.FindAll("[data-testid='by-tag'] tbody tr").Select(r => r.GetAttribute("data-group"))));
        Assert.EndsWith($"/api/v1/compliance.csv?tag={key}", cut.Find("[data-testid='compliance-csv']").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_TwoDaysOfHistory_TrendChartWithBothDays()
    {
        // Arrange: yesterday's and today's snapshots.
        var fleet = await LoadStoreAsync();
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ComplianceHistory>().TakeSnapshotAsync(fleet, CompliancePolicy.Default, Cancellation);
        }

        Time.Advance(TimeSpan.FromDays(1));
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ComplianceHistory>().TakeSnapshotAsync(fleet, new CompliancePolicy(365, RetiringIsCompliant: true), Cancellation);
        }

        // Act
        var cut = Render<Scorecard>();

        // Assert
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid='chart-trend'] svg")));
        var label = cut.Find("[data-testid='chart-trend']").GetAttribute("aria-label");
        Assert.StartsWith($"Compliance from 2026-11-25 ({ComplianceScorecard.Build(fleet, CompliancePolicy.Default).Overall.PercentText}) to 2026-11-26", label, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='trend-empty']"));
    }

    [Fact]
    public async Task Render_SampleFleetWithItsGeneratedHistory_TrendShownAtOnceAndLabelledSample()
    {
        // Arrange: the sample's 90 generated days, then today's snapshot.
        await SeedSampleHistoryAsync(await LoadStoreAsync());

        // Act
        var cut = Render<Scorecard>();

        // Assert
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid='chart-trend'] svg")));
        Assert.Contains("Sample data: the days up to 2026-11-24 are generated for the embedded sample fleet", cut.Find("[data-testid='trend-sample']").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Sample data. Compliance from 2026-08-27", cut.Find("[data-testid='chart-trend']").GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='trend-empty']"));
    }

    [Fact]
    public async Task Render_OneSnapshotTakenToday_SaysWhenTheTrendLineAppears()
    {
        // Arrange: the first snapshot, at noon (no generated history: as on a real fleet).
        var fleet = await LoadStoreAsync();
        await using (var scope = Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ComplianceHistory>().TakeSnapshotAsync(fleet, CompliancePolicy.Default, Cancellation));
        }

        // Act
        var cut = Render<Scorecard>();

        // Assert: the default 15-minute refresh takes tomorrow's point by 00:15 UTC.
        var percent = ComplianceScorecard.Build(fleet, CompliancePolicy.Default).Overall.PercentText;
        cut.WaitForAssertion(() => Assert.Equal(
            $"The first point was taken today at 12:00 UTC ({percent} compliant); the trend line appears after tomorrow's snapshot, taken with the first inventory read after midnight UTC, by 2026-11-26 00:15 UTC.",
            cut.Find("[data-testid='trend-empty']").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid='chart-trend']"));
        Assert.Empty(cut.FindAll("[data-testid='trend-sample']"));
    }
}
