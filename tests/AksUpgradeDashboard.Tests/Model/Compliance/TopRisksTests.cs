using AksUpgradeDashboard.Model.Compliance;

namespace AksUpgradeDashboard.Tests.Model.Compliance;

public class TopRisksTests
{
    public static TheoryData<string, string, int, string[]> Cases => new()
    {
        {
            "dates ahead: the nearest one's unplanned pools", "2026-11-25", 5,
            ["NotPlanned: 2 pools on Ubuntu 22.04 with no window planned before its end of support on 2027-06-30.",
             "Laggard: Subscription Other is the furthest behind: 0 % compliant, 1 pool not."]
        },
        {
            "past end of support: overdue comes first", "2027-07-02", 5,
            ["Overdue: 2 pools still on Ubuntu 22.04, past its end of support on 2027-06-30.",
             "NotPlanned: 2 pools on Ubuntu 22.04 with no window planned before its image removal on 2028-04-30.",
             "Laggard: Subscription Other is the furthest behind: 0 % compliant, 1 pool not."]
        },
        {
            "past both dates: the later one only", "2028-05-01", 5,
            ["Overdue: 2 pools still on Ubuntu 22.04, past its image removal on 2028-04-30.",
             "Laggard: Subscription Other is the furthest behind: 0 % compliant, 1 pool not."]
        },
        {
            "room for two: the most urgent date and the laggard", "2027-07-02", 2,
            ["Overdue: 2 pools still on Ubuntu 22.04, past its end of support on 2027-06-30.",
             "Laggard: Subscription Other is the furthest behind: 0 % compliant, 1 pool not."]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Build_Fleet_MostUrgentFirst(string because, string today, int max, string[] expected)
    {
        // Two pools on Ubuntu 22.04 (one compliant in the main subscription, one far behind in the other) and one on 24.04.
        var fleet = ComplianceScorecardTests.Fleet(
            CompliancePools.Pool(cluster: "aks-orders", pool: "workers"),
            CompliancePools.Pool(cluster: "aks-payments", pool: "workers", daysBehind: 90, subscription: CompliancePools.OtherSubscription),
            CompliancePools.Pool(cluster: "aks-orders", pool: "system", os: CompliancePools.Ubuntu2404));
        var deadlines = AtRiskProjection.Build(fleet, [CompliancePools.Ubuntu2204, CompliancePools.Ubuntu2404], [], DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture));

        var risks = TopRisks.Build(ComplianceScorecard.Build(fleet, CompliancePolicy.Default), deadlines, max);

        Assert.True(expected.SequenceEqual(risks.Select(r => $"{r.Level}: {r.Text}")), $"{because}: {string.Join(" | ", risks.Select(r => $"{r.Level}: {r.Text}"))}");
    }

    [Fact]
    public void Build_EverySubscriptionAlike_NoLaggard()
    {
        var fleet = ComplianceScorecardTests.Fleet(CompliancePools.Pool(os: CompliancePools.Ubuntu2404), CompliancePools.Pool(pool: "system", os: CompliancePools.Ubuntu2404));

        var risks = TopRisks.Build(ComplianceScorecard.Build(fleet, CompliancePolicy.Default), [], 5);

        Assert.Empty(risks);
    }
}
