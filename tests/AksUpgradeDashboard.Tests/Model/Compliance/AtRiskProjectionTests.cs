using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Compliance;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Tests.Model.Compliance;

public class AtRiskProjectionTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly DateTimeOffset BeforeEndOfSupport = new(2027, 5, 1, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterEndOfSupport = new(2027, 7, 10, 6, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, WindowStatus, UpgradeKind, string, bool, AtRiskCoverage> Cases => new()
    {
        { "approved, before the date", WindowStatus.Approved, UpgradeKind.OsSkuChange, "before", false, AtRiskCoverage.Covered },
        { "in progress, before the date", WindowStatus.InProgress, UpgradeKind.NewNodePool, "before", false, AtRiskCoverage.Covered },
        { "approved, all pools of the cluster", WindowStatus.Approved, UpgradeKind.OsSkuChange, "before", true, AtRiskCoverage.Covered },
        { "approved, but after the date", WindowStatus.Approved, UpgradeKind.OsSkuChange, "after", false, AtRiskCoverage.Planned },
        { "submitted", WindowStatus.Submitted, UpgradeKind.OsSkuChange, "before", false, AtRiskCoverage.Planned },
        { "draft", WindowStatus.Draft, UpgradeKind.OsSkuChange, "before", false, AtRiskCoverage.Planned },
        { "rejected", WindowStatus.Rejected, UpgradeKind.OsSkuChange, "before", false, AtRiskCoverage.NotPlanned },
        { "cancelled", WindowStatus.Cancelled, UpgradeKind.OsSkuChange, "before", false, AtRiskCoverage.NotPlanned },
        { "approved node image only (keeps the OS)", WindowStatus.Approved, UpgradeKind.NodeImage, "before", false, AtRiskCoverage.NotPlanned },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Build_WindowOnThePool_Coverage(string because, WindowStatus status, UpgradeKind kind, string when, bool allPools, AtRiskCoverage expected)
    {
        var pool = CompliancePools.Pool(cluster: "aks-orders", pool: "workers");
        var window = Window(pool, status, kind, when == "before" ? BeforeEndOfSupport : AfterEndOfSupport, allPools ? [] : ["workers"], allPools);

        var endOfSupport = EndOfSupport(AtRiskProjection.Build(ComplianceScorecardTests.Fleet(pool), [CompliancePools.Ubuntu2204], [window], Today));

        Assert.True(expected == Assert.Single(endOfSupport.Pools).Coverage, because);
    }

    [Fact]
    public void Build_WindowOnAnotherPoolOrCluster_NotPlanned()
    {
        var pool = CompliancePools.Pool(cluster: "aks-orders", pool: "workers");
        var other = CompliancePools.Pool(cluster: "aks-payments", pool: "workers");
        PlannedWindow[] windows =
        [
            Window(pool, WindowStatus.Approved, UpgradeKind.OsSkuChange, BeforeEndOfSupport, ["system"], false),
            Window(other, WindowStatus.Approved, UpgradeKind.OsSkuChange, BeforeEndOfSupport, ["workers"], false),
        ];

        var deadline = EndOfSupport(AtRiskProjection.Build(ComplianceScorecardTests.Fleet(pool, other), [CompliancePools.Ubuntu2204], windows, Today));

        Assert.Equal(AtRiskCoverage.NotPlanned, deadline.Pools.Single(p => p.Pool.Cluster.Name == "aks-orders").Coverage);
        Assert.Equal(AtRiskCoverage.Covered, deadline.Pools.Single(p => p.Pool.Cluster.Name == "aks-payments").Coverage);
    }

    [Theory]
    [InlineData(true, AtRiskCoverage.Covered)]
    [InlineData(false, AtRiskCoverage.NotPlanned)]
    public void Build_KubernetesUpgrade_CoversOnlyWhenTheNextMinorBringsANewOs(bool nextMinorMovesOs, AtRiskCoverage expected)
    {
        var pool = CompliancePools.Pool(cluster: "aks-orders", pool: "workers", osAtNextMinor: nextMinorMovesOs ? CompliancePools.Ubuntu2404 : CompliancePools.Ubuntu2204);
        var window = Window(pool, WindowStatus.Approved, UpgradeKind.KubernetesVersion, BeforeEndOfSupport, ["workers"], false);

        var deadline = EndOfSupport(AtRiskProjection.Build(ComplianceScorecardTests.Fleet(pool), [CompliancePools.Ubuntu2204], [window], Today));

        Assert.Equal(expected, Assert.Single(deadline.Pools).Coverage);
    }

    [Fact]
    public void Build_EndOfSupportAndImageRemoval_BothListedInDateOrder()
    {
        var pool = CompliancePools.Pool();
        // Approved to finish after end of support but before the images go: covered for one date, not the other.
        var window = Window(pool, WindowStatus.Approved, UpgradeKind.OsSkuChange, AfterEndOfSupport, ["nodes"], false);

        var deadlines = AtRiskProjection.Build(ComplianceScorecardTests.Fleet(pool), [CompliancePools.Ubuntu2204], [window], Today);

        Assert.Equal([(OsDeadlineKind.EndOfSupport, new DateOnly(2027, 6, 30)), (OsDeadlineKind.ImagesRemoved, new DateOnly(2028, 4, 30))], deadlines.Select(d => (d.Kind, d.Date)));
        Assert.Equal([AtRiskCoverage.Planned, AtRiskCoverage.Covered], deadlines.Select(d => Assert.Single(d.Pools).Coverage));
    }

    public static TheoryData<string, DateOnly, OsDeadlineKind[], bool[]> OverdueCases => new()
    {
        // Ubuntu 22.04 (test catalog): end of support 2027-06-30, images removed 2028-04-30.
        { "both dates ahead", new DateOnly(2027, 6, 1), [OsDeadlineKind.EndOfSupport, OsDeadlineKind.ImagesRemoved], [false, false] },
        { "on the day of end of support: not overdue yet", new DateOnly(2027, 6, 30), [OsDeadlineKind.EndOfSupport, OsDeadlineKind.ImagesRemoved], [false, false] },
        { "a day past end of support", new DateOnly(2027, 7, 1), [OsDeadlineKind.EndOfSupport, OsDeadlineKind.ImagesRemoved], [true, false] },
        // Review of issue 16: past both, the same pools were listed twice as overdue; the later (worse) date stands.
        { "past both dates: only the later one", new DateOnly(2028, 5, 2), [OsDeadlineKind.ImagesRemoved], [true] },
    };

    [Theory]
    [MemberData(nameof(OverdueCases))]
    public void Build_PoolStillOnTheOs_PastDatesListedFirstAsOverdue(string because, DateOnly today, OsDeadlineKind[] kinds, bool[] overdue)
    {
        var pool = CompliancePools.Pool(cluster: "aks-orders", pool: "workers");

        var deadlines = AtRiskProjection.Build(ComplianceScorecardTests.Fleet(pool), [CompliancePools.Ubuntu2204], [], today);

        Assert.True(kinds.SequenceEqual(deadlines.Select(d => d.Kind)), because);
        Assert.True(overdue.SequenceEqual(deadlines.Select(d => d.Overdue)), because);
        Assert.All(deadlines, d => Assert.Equal(AtRiskCoverage.NotPlanned, Assert.Single(d.Pools).Coverage));
    }

    [Fact]
    public void Build_ApprovedWindowEndingAfterAPassedDate_OverdueAndPlanned()
    {
        var pool = CompliancePools.Pool(cluster: "aks-orders", pool: "workers");
        var window = Window(pool, WindowStatus.Approved, UpgradeKind.OsSkuChange, AfterEndOfSupport, ["workers"], false);

        var deadline = EndOfSupport(AtRiskProjection.Build(ComplianceScorecardTests.Fleet(pool), [CompliancePools.Ubuntu2204], [window], new DateOnly(2027, 7, 2)));

        Assert.True(deadline.Overdue);
        var only = Assert.Single(deadline.Pools);
        Assert.Equal(AtRiskCoverage.Planned, only.Coverage);
        Assert.Equal("Past the date; window \"Move to 24.04\" is approved and ends 2027-07-10.", only.Explanation);
    }

    [Fact]
    public void Build_DatesWithNoPoolOnTheOs_LeftOut()
    {
        var pool = CompliancePools.Pool(os: CompliancePools.Ubuntu2404);

        var deadlines = AtRiskProjection.Build(ComplianceScorecardTests.Fleet(pool), [CompliancePools.Ubuntu2204, CompliancePools.Ubuntu2404], [], Today);

        // Ubuntu 22.04's dates are ahead, but no pool is on it; Ubuntu 24.04 has no dates.
        Assert.Empty(deadlines);
    }

    private static OsDeadline EndOfSupport(IReadOnlyList<OsDeadline> deadlines) => deadlines.Single(d => d.Kind == OsDeadlineKind.EndOfSupport);

    private static PlannedWindow Window(PoolViewModel pool, WindowStatus status, UpgradeKind kind, DateTimeOffset end, string[] pools, bool allPools) =>
        new(Guid.NewGuid(), "Move to 24.04", pool.Cluster.SubscriptionId, pool.Cluster.ResourceGroup, pool.Cluster.Name, allPools, pools, kind, end, status);
}
