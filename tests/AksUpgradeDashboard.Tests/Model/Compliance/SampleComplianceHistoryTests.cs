using AksUpgradeDashboard.Model.Compliance;

namespace AksUpgradeDashboard.Tests.Model.Compliance;

public class SampleComplianceHistoryTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    public static TheoryData<string, ComplianceCounts> Fleets => new()
    {
        { "the sample fleet", new ComplianceCounts(81, 52, 25, 4) },
        { "a small fleet, mostly compliant", new ComplianceCounts(12, 11, 1, 0) },
        { "a large fleet", new ComplianceCounts(10_000, 7_310, 2_402, 288) },
        { "nothing compliant today", new ComplianceCounts(20, 0, 18, 2) },
    };

    [Theory]
    [MemberData(nameof(Fleets))]
    public void Generate_AnyFleet_NinetyDaysEndingYesterdayWithTodaysSizeAndUnknowns(string because, ComplianceCounts now)
    {
        var days = SampleComplianceHistory.Generate(now, Today);

        Assert.True(days.Count == 90, because);
        Assert.Equal(Today.AddDays(-90), days[0].Day);
        Assert.Equal(Today.AddDays(-1), days[^1].Day);
        Assert.Equal(Enumerable.Range(0, 90).Select(i => Today.AddDays(i - 90)), days.Select(d => d.Day));
        Assert.All(days, d =>
        {
            Assert.Equal(now.Pools, d.Counts.Pools);
            Assert.Equal(now.Unknown, d.Counts.Unknown);
            Assert.Equal(d.Counts.Pools, d.Counts.Compliant + d.Counts.NonCompliant + d.Counts.Unknown);
            Assert.InRange(d.Counts.Compliant, 0, now.Pools - now.Unknown);
        });
    }

    [Theory]
    [MemberData(nameof(Fleets))]
    public void Generate_SameFleetTwice_SameHistory(string because, ComplianceCounts now)
    {
        Assert.True(SampleComplianceHistory.Generate(now, Today).SequenceEqual(SampleComplianceHistory.Generate(now, Today)), because);
    }

    [Fact]
    public void Generate_SampleFleet_ClimbsToTodayWithAWeeklySawtooth()
    {
        var now = new ComplianceCounts(810, 520, 250, 40);

        var days = SampleComplianceHistory.Generate(now, Today);

        var percent = days.Select(d => d.Counts.Percent!.Value).ToList();
        // About 25 points lower three months ago, close to today's 64.2 % yesterday.
        Assert.InRange(percent.Take(14).Average(), 35, 45);
        Assert.InRange(percent[^1], 56, 67);
        // By Saturday pools have drifted behind the week's new image; Sunday's upgrades lift them above it every week.
        var weekends = days.Zip(days.Skip(1)).Where(p => p.Second.Day.DayOfWeek == DayOfWeek.Sunday).ToList();
        Assert.Equal(13, weekends.Count);
        Assert.All(weekends, p => Assert.True(p.Second.Counts.Percent > p.First.Counts.Percent, $"{p.Second.Day}: {p.Second.Counts.PercentText} after {p.First.Counts.PercentText}"));
    }

    [Fact]
    public void Generate_AnotherSeed_AnotherNoise()
    {
        var now = new ComplianceCounts(810, 520, 250, 40);

        Assert.False(SampleComplianceHistory.Generate(now, Today).SequenceEqual(SampleComplianceHistory.Generate(now, Today, seed: 7)));
    }
}
