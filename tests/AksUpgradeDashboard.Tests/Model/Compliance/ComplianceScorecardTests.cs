using System.Collections.Immutable;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Compliance;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Model.Compliance;

public class ComplianceScorecardTests
{
    [Theory]
    [InlineData(0, 0, 0, 0, null)]
    [InlineData(3, 3, 0, 0, 100.0)]
    [InlineData(3, 2, 1, 0, 66.7)]
    [InlineData(3, 1, 1, 1, 33.3)]
    [InlineData(8, 1, 7, 0, 12.5)]
    public void Percent_Counts_CompliantShareOfAllPoolsOneDecimal(int pools, int compliant, int nonCompliant, int unknown, double? expected)
    {
        Assert.Equal(expected, new ComplianceCounts(pools, compliant, nonCompliant, unknown).Percent);
    }

    [Fact]
    public async Task Build_SampleFleet_GroupsAddUpToTheOverallCounts()
    {
        var fleet = await TestFleet.SampleAsync();

        var scorecard = ComplianceScorecard.Build(fleet, CompliancePolicy.Default);

        Assert.Equal(fleet.Pools.Length, scorecard.Overall.Pools);
        Assert.Equal(scorecard.Overall.Pools, scorecard.Overall.Compliant + scorecard.Overall.NonCompliant + scorecard.Overall.Unknown);
        foreach (var dimension in new[] { ComplianceDimension.Subscription, ComplianceDimension.Region, ComplianceDimension.OsVersion, ComplianceDimension.KubernetesVersion })
        {
            var groups = scorecard.Groups(dimension);
            Assert.Equal(scorecard.Overall.Pools, groups.Sum(g => g.Counts.Pools));
            Assert.Equal(scorecard.Overall.Compliant, groups.Sum(g => g.Counts.Compliant));
            // Each group's filter finds exactly its pools in the grid.
            Assert.All(groups, g => Assert.Equal(g.Counts.Pools, g.Filter.Apply(fleet.Pools).Count()));
            Assert.All(groups, g => Assert.Equal(g.Counts.NonCompliant, (g.Filter with { Compliance = [ComplianceOutcome.NonCompliant] }).Apply(fleet.Pools).Count()));
        }

        Assert.Equal(fleet.Pools.Length, scorecard.ImageAges.Sum(b => b.Pools));
        Assert.Equal(fleet.Pools.Length, scorecard.StatusCounts.Sum(s => s.Value));
        Assert.Contains("env", scorecard.TagKeys);
    }

    [Fact]
    public void Build_Groups_WorstComplianceFirst()
    {
        var fleet = Fleet(
            CompliancePools.Pool(location: "westeurope", cluster: "a"),
            CompliancePools.Pool(location: "westeurope", cluster: "b"),
            CompliancePools.Pool(PoolStatus.Unsupported, location: "eastus", cluster: "c"),
            CompliancePools.Pool(location: "eastus", cluster: "d"),
            CompliancePools.Pool(PoolStatus.Behind, 90, location: "uksouth", cluster: "e"));

        var scorecard = ComplianceScorecard.Build(fleet, CompliancePolicy.Default);

        Assert.Equal(["uksouth", "eastus", "westeurope"], scorecard.ByRegion.Select(g => g.Label));
        Assert.Equal([0.0, 50.0, 100.0], scorecard.ByRegion.Select(g => g.Counts.Percent!.Value));
        Assert.Equal(60.0, scorecard.Overall.Percent);
    }

    [Fact]
    public void ByKubernetesVersion_PatchVersions_GroupedByMinor()
    {
        var fleet = Fleet(
            CompliancePools.Pool(cluster: "a", kubernetes: "1.33.2"),
            CompliancePools.Pool(cluster: "b", kubernetes: "1.33.5"),
            CompliancePools.Pool(cluster: "c", kubernetes: "1.32.9"));

        var groups = ComplianceScorecard.Build(fleet, CompliancePolicy.Default).ByKubernetesVersion;

        Assert.Equal([("1.33", 2), ("1.32", 1)], groups.Select(g => (g.Label, g.Counts.Pools)).OrderByDescending(g => g.Pools));
        Assert.Equal("?kubernetes=1.33", PoolQueryString.Format(groups.Single(g => g.Label == "1.33").Filter));
    }

    [Fact]
    public void ByTag_ClustersWithoutTheTag_OwnGroupWhoseFilterFindsThem()
    {
        var prod = ImmutableSortedDictionary.CreateRange([new KeyValuePair<string, string>("env", "prod")]);
        var fleet = Fleet(
            CompliancePools.Pool(cluster: "a", tags: prod),
            CompliancePools.Pool(PoolStatus.Unsupported, cluster: "b", tags: prod),
            CompliancePools.Pool(cluster: "c"));

        var groups = ComplianceScorecard.ByTag(fleet, CompliancePolicy.Default, "env");

        var withTag = Assert.Single(groups, g => g.Label == "env=prod");
        var without = Assert.Single(groups, g => g.Label == "no env tag");
        Assert.Equal((2, 1), (withTag.Counts.Pools, withTag.Counts.Compliant));
        Assert.Equal(["c"], without.Filter.Apply(fleet.Pools).Select(p => p.Cluster.Name));
        Assert.Equal(["a", "b"], withTag.Filter.Apply(fleet.Pools).Select(p => p.Cluster.Name).Order());
    }

    [Fact]
    public void ImageAges_Buckets_CountEveryPoolOnce()
    {
        var fleet = Fleet(
            CompliancePools.Pool(cluster: "a", imageAgeDays: 0),
            CompliancePools.Pool(cluster: "b", imageAgeDays: 7),
            CompliancePools.Pool(cluster: "c", imageAgeDays: 8),
            CompliancePools.Pool(cluster: "d", imageAgeDays: 181),
            CompliancePools.Pool(cluster: "e", imageAgeDays: null));

        var buckets = ComplianceScorecard.Build(fleet, CompliancePolicy.Default).ImageAges.ToDictionary(b => b.Label, b => b.Pools);

        Assert.Equal(2, buckets["0–7 days"]);
        Assert.Equal(1, buckets["8–14 days"]);
        Assert.Equal(1, buckets["over 180 days"]);
        Assert.Equal(1, buckets["unknown"]);
        Assert.Equal(5, buckets.Values.Sum());
    }

    internal static FleetState Fleet(params PoolViewModel[] pools)
    {
        var clusters = pools.GroupBy(p => p.Cluster.Id)
            .Select(g => g.First().Cluster with { NodePools = [.. g.Select(p => p.Pool)] })
            .ToImmutableArray();
        var byId = pools.ToDictionary(p => p.Id);
        var snapshot = new InventorySnapshot
        {
            Source = "Test",
            RefreshedAt = TestFleet.Now,
            Subscriptions = [new SubscriptionInfo(CompliancePools.Subscription, "Production", "Enabled"), new SubscriptionInfo(CompliancePools.OtherSubscription, "Other", "Enabled")],
            Clusters = clusters,
        };
        return FleetState.Build(snapshot, (cluster, pool) => byId[$"{cluster.Id}/agentPools/{pool.Name}"].Assessment, DateOnly.FromDateTime(TestFleet.Now.UtcDateTime));
    }
}
