using System.Collections.Immutable;
using System.Globalization;
using AksUpgradeDashboard.Azure.Sample;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Rollouts;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Model.Rollouts;

/// <summary>Issue 18: the rollout proposal, on small hand-made fleets (and once over the whole sample fleet).</summary>
public class RolloutProposerTests
{
    // Wednesday 2026-11-25 12:00 UTC. Amsterdam is UTC+1 then, so the default slot, 22:00 there, is 21:00 UTC.
    private static readonly DateTimeOffset s_now = TestFleet.Now;
    private static readonly TimeZoneInfo s_amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
    private static readonly OsCatalog s_catalog = OsCatalog.LoadDefault();

    private static readonly LatestImageIndex s_latest = new(
        [
            new("westeurope", "AKSUbuntu-2204gen2containerd-202611.10.0"),
            new("westeurope", "AKSUbuntu-2404gen2containerd-202611.10.0"),
            new("westeurope", "AKSUbuntu-2004gen2fipscontainerd-202611.10.0"),
            new("westeurope", "AKSWindows-2019-containerd-17763.8230.260210"),
            new("westeurope", "AKSWindows-2022-containerd-gen2-20348.4851.261111"),
        ],
        hasReleaseHistory: false);

    private static readonly RolloutChange s_toUbuntu2404 = new(UpgradeKind.OsSkuChange, "Ubuntu2404");

    // Node OS schedule: Saturdays 01:00 UTC for 8 hours (the sample fleet's production one); auto-upgrade: daily 03:00 UTC for 4 hours.
    private static readonly MaintenanceConfigurationInfo s_saturdayNodeOs = Configuration("aksManagedNodeOSUpgradeSchedule",
        new WeeklySchedule(new MaintenanceTiming(new DateOnly(2026, 1, 3), new TimeOnly(1, 0), 8, TimeSpan.Zero), 1, DayOfWeek.Saturday));

    private static readonly MaintenanceConfigurationInfo s_dailyAutoUpgrade = Configuration("aksManagedAutoUpgradeSchedule",
        new DailySchedule(new MaintenanceTiming(new DateOnly(2026, 1, 1), new TimeOnly(3, 0), 4, TimeSpan.Zero), 1));

    public static TheoryData<string, UpgradeKind, string, bool, string[], string[], string, string> SlotCases => new()
    {
        // case, kind, target, has schedules, blackouts (UTC), the cluster's other windows (UTC; "!" = inactive, "~" = its id in upper case), expected start (UTC), slot text starts with
        { "default slot: 22:00 in the zone, tonight", UpgradeKind.OsSkuChange, "Ubuntu2404", false, [], [], "2026-11-25T21:00", "At 22:00 in Europe/Amsterdam: the cluster has no planned maintenance schedule" },
        { "the node OS maintenance slot", UpgradeKind.OsSkuChange, "Ubuntu2404", true, [], [], "2026-11-28T01:00", "In the cluster's aksManagedNodeOSUpgradeSchedule slot." },
        { "Kubernetes follows the auto-upgrade slot", UpgradeKind.KubernetesVersion, "1.35", true, [], [], "2026-11-26T03:00", "In the cluster's aksManagedAutoUpgradeSchedule slot." },
        { "a blackout over tonight and tomorrow night", UpgradeKind.OsSkuChange, "Ubuntu2404", false, ["2026-11-25T00:00/2026-11-27T00:00"], [], "2026-11-27T21:00", "At 22:00" },
        { "a blackout over the slot's first half: its second half", UpgradeKind.OsSkuChange, "Ubuntu2404", true, ["2026-11-28T00:00/2026-11-28T04:00"], [], "2026-11-28T05:00", "In the cluster's" },
        { "a blackout over the whole Saturday: the next one", UpgradeKind.OsSkuChange, "Ubuntu2404", true, ["2026-11-28T00:00/2026-11-29T00:00"], [], "2026-12-05T01:00", "In the cluster's" },
        { "another window tonight", UpgradeKind.OsSkuChange, "Ubuntu2404", false, [], ["2026-11-25T20:00/2026-11-25T23:00"], "2026-11-26T21:00", "At 22:00" },
        { "another window, its cluster id spelt in another case", UpgradeKind.OsSkuChange, "Ubuntu2404", false, [], ["~2026-11-25T20:00/2026-11-25T23:00"], "2026-11-26T21:00", "At 22:00" },
        { "a cancelled window does not count", UpgradeKind.OsSkuChange, "Ubuntu2404", false, [], ["!2026-11-25T20:00/2026-11-25T23:00"], "2026-11-25T21:00", "At 22:00" },
        { "other windows over both halves of the slot", UpgradeKind.OsSkuChange, "Ubuntu2404", true, [], ["2026-11-28T02:00/2026-11-28T03:00", "2026-11-28T06:00/2026-11-28T07:00"], "2026-12-05T01:00", "In the cluster's" },
    };

    [Theory]
    [MemberData(nameof(SlotCases))]
    public void Propose_OneCluster_TakesTheFirstClearSlot(string name, UpgradeKind kind, string target, bool hasSchedules, string[] blackouts, string[] windows, string expectedStart, string slot)
    {
        var cluster = Cluster("aks-a");
        var others = windows.Select(w => new ScheduledWindow(
            Guid.NewGuid(), w.StartsWith('~') ? cluster.Id.ToUpperInvariant() : cluster.Id, "other", Utc(w.TrimStart('~', '!').Split('/')[0]), Utc(w.Split('/')[1]), Active: !w.StartsWith('!')));

        var proposal = Propose([Pool(cluster, "user1")], new RolloutChange(kind, target),
            // Keyed by the id as ARM may spell it in another call: looked up ignoring case.
            maintenance: hasSchedules ? new() { [cluster.Id.ToUpperInvariant()] = [s_saturdayNodeOs, s_dailyAutoUpgrade] } : null,
            blackouts: [.. blackouts.Select(b => new BlackoutPeriod("freeze", Utc(b.Split('/')[0]), Utc(b.Split('/')[1])))],
            existing: [.. others]);

        var window = Assert.Single(proposal.Waves.Single().Windows);
        Assert.True(Utc(expectedStart) == window.StartUtc, $"{name}: {window.StartUtc:O}");
        Assert.Equal(4, (window.EndUtc - window.StartUtc).TotalHours);
        Assert.Equal(kind, window.Kind);
        Assert.StartsWith(slot, window.Slot, StringComparison.Ordinal);
    }

    // Ten clusters without schedules, all wanting 22:00: at most `limit` a night, the rest on the nights after.
    [Theory]
    [InlineData(1, 10)]
    [InlineData(3, 4)]
    [InlineData(10, 1)]
    public void Propose_ConcurrencyLimit_IsHeldAtEveryInstant(int limit, int nights)
    {
        var pools = Enumerable.Range(1, 10).Select(i => Pool(Cluster($"aks-{i:D2}"), "user1")).ToList();

        var proposal = Propose(pools, waves: [Wave("all", new RegionWaveRule("westeurope"), days: 14, limit)]);

        var windows = proposal.Waves.Single().Windows;
        Assert.Equal(10, windows.Length);
        Assert.Equal(nights, windows.Select(w => w.StartUtc).Distinct().Count());
        Assert.True(MostAtOnce(windows) <= limit, $"{MostAtOnce(windows)} at once");
        Assert.Equal(Math.Min(limit, 10), MostAtOnce(windows));
    }

    // The limit counts windows running at the same instant, not every window the new one touches: with X 18–22 and
    // Y 22–02, a Z 20–24 has two running at any instant, which a limit of 2 allows.
    [Theory]
    [InlineData(2, "2026-11-25T20:00")]
    [InlineData(1, "2026-11-26T20:00")]
    public void Propose_WindowTouchingTwoThatDoNotOverlap_CountsTheMostAtOneInstant(int limit, string expectedZ)
    {
        var (x, y, z) = (Cluster("aks-x"), Cluster("aks-y"), Cluster("aks-z"));
        var maintenance = new Dictionary<string, IReadOnlyList<MaintenanceConfigurationInfo>>
        {
            [x.Id] = [DailyNodeOs(18)],
            [y.Id] = [DailyNodeOs(22)],
            [z.Id] = [DailyNodeOs(20)],
        };

        var proposal = Propose([Pool(x, "user1"), Pool(y, "user1"), Pool(z, "user1")],
            waves: [Wave("all", new RegionWaveRule("westeurope"), days: 7, limit)], maintenance: maintenance);

        var windows = proposal.Waves.Single().Windows;
        Assert.Equal(Utc(expectedZ), windows.Single(w => w.Cluster.Name == "aks-z").StartUtc);
        Assert.True(MostAtOnce(windows) <= limit);
    }

    [Fact]
    public void Propose_ClusterNoWaveTakes_ItsPoolsAreUnassignedNotDropped()
    {
        var (dev, prod, test) = (Cluster("aks-dev", env: "dev"), Cluster("aks-prod", env: "prod"), Cluster("aks-test", env: "test"));
        var pools = new[] { Pool(dev, "user1"), Pool(prod, "user1"), Pool(test, "user1"), Pool(test, "user2") };

        var proposal = Propose(pools, waves: [Wave("dev", new TagWaveRule("env", "dev")), Wave("prod", new TagWaveRule("env", "prod"))]);

        Assert.Equal(["aks-dev"], proposal.Waves[0].Windows.Select(w => w.Cluster.Name));
        Assert.Equal(["aks-prod"], proposal.Waves[1].Windows.Select(w => w.Cluster.Name));
        Assert.Equal(["user1", "user2"], proposal.Unassigned.Select(p => p.Pool.Pool.Name));
        Assert.All(proposal.Unassigned, p => Assert.Equal("No wave takes cluster aks-test.", p.Reason));
        Assert.Equal(2, proposal.PoolsNotScheduled);
    }

    [Fact]
    public void Propose_ClusterSeveralWavesMatch_GoesToTheFirst()
    {
        var cluster = Cluster("aks-dev-weu", env: "dev");

        var proposal = Propose([Pool(cluster, "user1")], waves: [Wave("Europe", new RegionWaveRule("westeurope")), Wave("dev", new TagWaveRule("env", "dev"))]);

        Assert.Single(proposal.Waves[0].Windows);
        Assert.Empty(proposal.Waves[1].Windows);
    }

    public static TheoryData<string, UpgradeKind, string?, string, string> OnTargetCases => new()
    {
        // case, change kind, target, pool (see Pool), reason
        { "osSKU already the target", UpgradeKind.OsSkuChange, "Ubuntu2404", "ubuntu2404", "Already on osSKU Ubuntu2404." },
        { "osSKU target in another case", UpgradeKind.OsSkuChange, "ubuntu2404", "ubuntu2404", "Already on osSKU Ubuntu2404." },
        { "default Ubuntu already gives 24.04 on 1.35", UpgradeKind.OsSkuChange, "Ubuntu2404", "ubuntu-on-1.35", "Already runs Ubuntu 24.04." },
        { "a new pool of the osSKU it has", UpgradeKind.NewNodePool, "Ubuntu2404", "ubuntu2404", "Already on osSKU Ubuntu2404." },
        { "on the latest node image", UpgradeKind.NodeImage, null, "ubuntu2204-latest", "Already on the latest node image (AKSUbuntu-2204gen2containerd-202611.10.0)." },
        { "on the target Kubernetes minor", UpgradeKind.KubernetesVersion, "1.34", "ubuntu2204", "Already runs Kubernetes 1.34.2." },
        { "past the target Kubernetes minor", UpgradeKind.KubernetesVersion, "1.34", "ubuntu-on-1.35", "Already runs Kubernetes 1.35.1." },
    };

    [Theory]
    [MemberData(nameof(OnTargetCases))]
    public void Propose_PoolAlreadyOnTarget_IsLeftOutWithTheReason(string name, UpgradeKind kind, string? target, string pool, string reason)
    {
        var cluster = Cluster("aks-a");
        var needing = Pool(cluster, "needs", "ubuntu2204-behind-on-1.33");

        var proposal = Propose([Pool(cluster, "done", pool), needing], new RolloutChange(kind, target));

        var left = Assert.Single(proposal.OnTarget);
        Assert.True(left.Pool.Pool.Name == "done", name);
        Assert.Equal(reason, left.Reason);
        Assert.Equal(["needs"], proposal.Waves.Single().Windows.Single().Pools);
    }

    public static TheoryData<string, UpgradeKind, string?, string, string> BlockedCases => new()
    {
        // case, change kind, target, pool (see Pool), the window rules' reason
        // In place is refused (a Windows osSKU), and so is a new pool: the reason is the new pool's, which says more.
        { "a Linux osSKU for a Windows pool", UpgradeKind.OsSkuChange, "Ubuntu2404", "win2022", "osSKU Ubuntu2404 is for Linux pools; pool 'p' runs Windows." },
        { "a Windows osSKU for a Linux pool", UpgradeKind.OsSkuChange, "Windows2022", "ubuntu2204", "osSKU Windows2022 is for Windows pools; pool 'p' runs Linux." },
        { "no FIPS image of the target", UpgradeKind.OsSkuChange, "Ubuntu2404", "fips2004", "Pool 'p': osSKU 'Ubuntu2404' with FIPS has no OS version for Kubernetes 1.34." },
        { "two Kubernetes minors at once", UpgradeKind.KubernetesVersion, "1.35", "ubuntu2204-behind-on-1.33", "Pool 'p' runs Kubernetes 1.33.5; AKS upgrades one minor version at a time, so the next target is 1.34." },
        { "an osSKU the catalog does not know", UpgradeKind.OsSkuChange, "Ubuntu2804", "ubuntu2204", "'Ubuntu2804' is not a known osSKU." },
    };

    [Theory]
    [MemberData(nameof(BlockedCases))]
    public void Propose_PoolTheRulesRefuse_IsBlockedWithTheirReason(string name, UpgradeKind kind, string? target, string pool, string reason)
    {
        var cluster = Cluster("aks-a");

        var proposal = Propose([Pool(cluster, "p", pool)], new RolloutChange(kind, target));

        var blocked = Assert.Single(proposal.Blocked);
        Assert.True(blocked.Reason.StartsWith(reason, StringComparison.Ordinal), $"{name}: {blocked.Reason}");
        Assert.Empty(proposal.Waves.Single().Windows);
    }

    public static TheoryData<string, string, string[], string[]> MixedCases => new()
    {
        // case, target osSKU, windows ("kind:pools"), blocked pools
        { "to Windows Server 2022: the 2019 pool gets a new pool", "Windows2022", ["NewNodePool:win19"], ["system"] },
        { "to Ubuntu 24.04: the Linux pool in place", "Ubuntu2404", ["OsSkuChange:system"], ["win19"] },
        // Windows 2019's successor is 2022: a move straight to 2025 is off the catalog's path, and a new pool is the way.
        { "to Windows Server 2025, off the catalog's path", "Windows2025", ["NewNodePool:win19"], ["system"] },
    };

    [Theory]
    [MemberData(nameof(MixedCases))]
    public void Propose_MixedWindowsAndLinuxPools_EachGetsTheKindItNeeds(string name, string target, string[] expectedWindows, string[] blockedPools)
    {
        var cluster = Cluster("aks-dotnetfx", kubernetes: "1.32.7");
        var pools = new[] { Pool(cluster, "system", "ubuntu2204-on-1.32"), Pool(cluster, "win19", "win2019") };

        var proposal = Propose(pools, new RolloutChange(UpgradeKind.OsSkuChange, target));

        Assert.True(expectedWindows.SequenceEqual(proposal.Waves.Single().Windows.Select(w => $"{w.Kind}:{string.Join(",", w.Pools)}")), name);
        Assert.Equal(blockedPools, proposal.Blocked.Select(p => p.Pool.Pool.Name));
    }

    // The catalog's paths are data: where it sends one pool of a cluster to a new pool and another in place, the cluster
    // gets a window of each kind, one after the other.
    [Fact]
    public void Propose_ClusterWhosePoolsNeedTwoKinds_GetsOneWindowPerKindNeverOverlapping()
    {
        var cluster = Cluster("aks-a");
        var inPlace = Pool(cluster, "user1");
        var user2 = Pool(cluster, "user2");
        var blueGreen = user2 with { Assessment = user2.Assessment with { UpgradePath = UpgradePath.NewNodePool } };

        var proposal = Propose([inPlace, blueGreen]);

        var windows = proposal.Waves.Single().Windows;
        Assert.Equal(["OsSkuChange:user1", "NewNodePool:user2"], windows.Select(w => $"{w.Kind}:{string.Join(",", w.Pools)}"));
        Assert.Equal(Utc("2026-11-25T21:00"), windows[0].StartUtc);
        Assert.Equal(Utc("2026-11-26T21:00"), windows[1].StartUtc);
    }

    // Each wave's span begins when the previous wave's last window has ended and its soak has passed.
    [Theory]
    [InlineData(0, "2026-11-26T01:00", "2026-11-26T21:00")]
    [InlineData(2, "2026-11-28T01:00", "2026-11-28T21:00")]
    [InlineData(3.5, "2026-11-29T13:00", "2026-11-29T21:00")]
    public void Propose_Waves_EachStartsAfterThePreviousOneAndItsSoak(double soakDays, string secondSpanStart, string secondFirstWindow)
    {
        var (dev, prod) = (Cluster("aks-dev", env: "dev"), Cluster("aks-prod", env: "prod"));
        var waves = new[] { Wave("dev", new TagWaveRule("env", "dev"), soakDays: soakDays), Wave("prod", new TagWaveRule("env", "prod")) };

        var proposal = Propose([Pool(prod, "user1"), Pool(dev, "user1")], waves: waves);

        Assert.Equal(Utc("2026-11-25T21:00"), proposal.Waves[0].FirstStart);
        Assert.Equal(Utc("2026-11-26T01:00"), proposal.Waves[0].LastEnd);
        Assert.Equal(Utc(secondSpanStart), proposal.Waves[1].SpanStart);
        Assert.Equal(Utc(secondFirstWindow), proposal.Waves[1].FirstStart);
        Assert.Equal(proposal.Waves[1].LastEnd, proposal.Finish);
    }

    [Fact]
    public void Propose_WaveWithNothingToDo_TheNextStartsWhenItWould()
    {
        var prod = Cluster("aks-prod", env: "prod");
        var waves = new[] { Wave("dev", new TagWaveRule("env", "dev"), soakDays: 5), Wave("prod", new TagWaveRule("env", "prod")) };

        var proposal = Propose([Pool(prod, "user1")], waves: waves, notBefore: Utc("2026-12-01T00:00"));

        Assert.Empty(proposal.Waves[0].Windows);
        Assert.Null(proposal.Waves[0].LastEnd);
        Assert.Equal(Utc("2026-12-01T00:00"), proposal.Waves[1].SpanStart);
        Assert.Equal(Utc("2026-12-01T21:00"), proposal.Waves[1].FirstStart);
    }

    public static TheoryData<string, int, double, bool, string[], string> UnscheduledCases => new()
    {
        // case, limit, wave days, cluster aks-c has the Saturday schedule, blackouts (UTC), aks-c's reason
        { "two nights, one cluster a night, three clusters", 1, 2, false, [],
            "No 22:00 start in Europe/Amsterdam between 2026-11-25 13:00 and 2026-11-27 13:00 UTC (the wave's span) is free (2 tried): 2 at the wave's limit of 1 cluster at a time." },
        { "a span shorter than a window", 5, 0.1, false, [],
            "No 22:00 start in Europe/Amsterdam holds a window between 2026-11-25 13:00 and 2026-11-25 15:24 UTC (the wave's span)." },
        { "its maintenance slot falls after the span", 5, 2, true, [],
            "No aksManagedNodeOSUpgradeSchedule slot of the cluster holds a window between 2026-11-25 13:00 and 2026-11-27 13:00 UTC (the wave's span)." },
        { "a blackout and the limit", 1, 3, false, ["2026-11-25T00:00/2026-11-26T12:00"],
            "No 22:00 start in Europe/Amsterdam between 2026-11-25 13:00 and 2026-11-28 13:00 UTC (the wave's span) is free (3 tried): 1 in a blackout, 2 at the wave's limit of 1 cluster at a time." },
        { "the cluster's other windows and the limit", 2, 2, false, [],
            "No 22:00 start in Europe/Amsterdam between 2026-11-25 13:00 and 2026-11-27 13:00 UTC (the wave's span) is free (2 tried): 1 overlapping the cluster's other windows, 1 at the wave's limit of 2 clusters at a time." },
    };

    [Theory]
    [MemberData(nameof(UnscheduledCases))]
    public void Propose_ClusterThatCannotFit_IsUnscheduledWithTheReason(string name, int limit, double days, bool saturdaySchedule, string[] blackouts, string reason)
    {
        // aks-c comes last (by name); with a limit of 2 it has a window of its own on the second night.
        var clusters = new[] { Cluster("aks-a"), Cluster("aks-b"), Cluster("aks-c") };
        ScheduledWindow[] existing = limit == 2 ? [new(Guid.NewGuid(), clusters[2].Id, "other", Utc("2026-11-26T20:00"), Utc("2026-11-26T23:00"), Active: true)] : [];

        var proposal = Propose([.. clusters.Select(c => Pool(c, "user1"))],
            waves: [Wave("all", new RegionWaveRule("westeurope"), days, limit)],
            maintenance: saturdaySchedule ? new() { [clusters[2].Id] = [s_saturdayNodeOs] } : null,
            blackouts: [.. blackouts.Select(b => new BlackoutPeriod("freeze", Utc(b.Split('/')[0]), Utc(b.Split('/')[1])))],
            existing: existing);

        var unscheduled = proposal.Waves.Single().Unscheduled.SingleOrDefault(u => u.Cluster.Name == "aks-c");
        Assert.True(unscheduled is not null, name);
        Assert.Equal(reason, unscheduled.Reason);
        Assert.Equal(["user1"], unscheduled.Pools);
        Assert.Equal(proposal.Waves.Single().Unscheduled.Length, proposal.PoolsNotScheduled);
    }

    public static TheoryData<WaveRule, string[], bool, string> RuleCases => new()
    {
        // rule, the cluster's tags ("key=value"), matches, description
        { new TagWaveRule("env", "dev"), ["env=dev"], true, "clusters tagged env=dev" },
        { new TagWaveRule("ENV", "dev"), ["env=dev"], true, "clusters tagged ENV=dev" },
        // Values ignore case too: the grid's tag filter, which picks the rollout's pools, takes env=Dev for env=dev.
        { new TagWaveRule("env", "dev"), ["Env=Dev"], true, "clusters tagged env=dev" },
        { new TagWaveRule("env", "dev"), ["environment=dev"], false, "clusters tagged env=dev" },
        { new TagWaveRule("env", "dev"), ["env=development"], false, "clusters tagged env=dev" },
        { new TagWaveRule("env", ""), ["team=web"], true, "clusters with no env tag" },
        { new TagWaveRule("env", ""), ["env=dev"], false, "clusters with no env tag" },
        { new SubscriptionWaveRule("SUB-1"), [], true, "clusters in subscription SUB-1" },
        { new SubscriptionWaveRule("sub-2"), [], false, "clusters in subscription sub-2" },
        { new RegionWaveRule("WestEurope"), [], true, "clusters in WestEurope" },
        { new RegionWaveRule("northeurope"), [], false, "clusters in northeurope" },
        { new ClusterListWaveRule([Cluster("aks-a").Id.ToUpperInvariant()]), [], true, "cluster AKS-A" },
        { new ClusterListWaveRule([Cluster("aks-b").Id, Cluster("aks-c").Id]), [], false, "clusters aks-b and aks-c" },
        { new ClusterListWaveRule(["b", "c", "d", "e", "f"]), [], false, "clusters b, c, d and 2 more" },
    };

    [Theory]
    [MemberData(nameof(RuleCases))]
    public void WaveRule_Table(WaveRule rule, string[] tags, bool matches, string description)
    {
        var cluster = Cluster("aks-a") with
        {
            Tags = tags.Select(t => t.Split('=')).ToImmutableSortedDictionary(t => t[0], t => t[1], StringComparer.OrdinalIgnoreCase),
        };

        Assert.Equal(matches, rule.Matches(cluster));
        Assert.Equal(description, rule.Description);
        if (rule is TagWaveRule tag)
        {
            // One tag rule: the wave agrees with the pools grid's filter about every cluster.
            Assert.Equal(new PoolQuery { Tags = [$"{tag.Key}={tag.Value}"] }.Matches(Pool(cluster, "user1")), rule.Matches(cluster));
        }
    }

    public static TheoryData<string[], int, string, string> ProjectionCases => new()
    {
        // last window ends (UTC), pools without a window, end of support, sentence
        { ["2027-03-14T23:30"], 0, "2027-06-30", "Every Ubuntu 22.04 pool is moved by 2027-03-15, 107 days before end of support." },
        { ["2027-01-10T03:00", "2027-06-30T01:00"], 0, "2027-06-30", "Every Ubuntu 22.04 pool is moved by 2027-06-30, the day support ends." },
        { ["2027-07-02T01:00"], 0, "2027-06-30", "Every Ubuntu 22.04 pool is moved by 2027-07-02, 2 days after end of support." },
        { ["2027-03-15T01:00"], 3, "2027-06-30", "1 of 4 Ubuntu 22.04 pools are moved by 2027-03-15, 107 days before end of support; 3 have no window (see why)." },
        { [], 0, "2027-06-30", "No Ubuntu 22.04 pool needs this change." },
        { [], 1, "2027-06-30", "No Ubuntu 22.04 pool is scheduled: 1 has no window (see why)." },
    };

    [Theory]
    [MemberData(nameof(ProjectionCases))]
    public void Projection_Table(string[] windowEnds, int notScheduled, string endOfSupport, string expected)
    {
        var cluster = Cluster("aks-a");
        var wave = Wave("all", new RegionWaveRule("westeurope"));
        var windows = windowEnds.Select(end => new ProposedWindow(cluster, UpgradeKind.OsSkuChange, "Ubuntu2404", ["user1"], Utc(end).AddHours(-4), Utc(end), "slot")).ToImmutableArray();
        var proposal = new RolloutProposal(
            new Rollout(s_toUbuntu2404, [wave], 4, s_amsterdam),
            [new WaveProposal(wave, s_now, s_now.AddDays(200), windows, [])],
            [.. Enumerable.Range(0, notScheduled).Select(_ => new PoolLeftOut(Pool(cluster, "user9"), "No wave takes cluster aks-a."))],
            [],
            []);

        Assert.Equal(expected, proposal.Projection("Ubuntu 22.04", DateOnly.Parse(endOfSupport, CultureInfo.InvariantCulture)));
    }

    // Every pool of the sample fleet ends up in exactly one place, and every window keeps the rules of its wave.
    [Theory]
    [InlineData(UpgradeKind.OsSkuChange, "Ubuntu2404")]
    [InlineData(UpgradeKind.OsSkuChange, "Windows2022")]
    [InlineData(UpgradeKind.NodeImage, null)]
    [InlineData(UpgradeKind.KubernetesVersion, "1.35")]
    public async Task Propose_SampleFleet_AccountsForEveryPoolAndKeepsEveryRule(UpgradeKind kind, string? target)
    {
        var fleet = await TestFleet.SampleAsync();
        var reader = new SampleMaintenanceConfigurationReader();
        var maintenance = new Dictionary<string, IReadOnlyList<MaintenanceConfigurationInfo>>();
        foreach (var cluster in fleet.Clusters)
        {
            maintenance[cluster.Cluster.Id] = (await reader.GetAsync(cluster.Cluster, TestContext.Current.CancellationToken)).Configurations;
        }

        var blackout = new BlackoutPeriod("year-end freeze", Utc("2026-12-18T00:00"), Utc("2027-01-04T00:00"));
        var waves = new[] { Wave("dev", new TagWaveRule("env", "dev"), days: 7, limit: 1, soakDays: 2), Wave("staging", new TagWaveRule("env", "staging"), days: 14, limit: 2, soakDays: 3), Wave("prod", new TagWaveRule("env", "prod"), days: 28, limit: 2) };

        var proposal = RolloutProposer.Propose(new Rollout(new RolloutChange(kind, target), waves, 4, s_amsterdam),
            new RolloutContext(fleet.Pools, maintenance, [blackout], [], s_catalog, s_now));

        var placed = proposal.Waves.SelectMany(w => w.Windows.SelectMany(x => x.Pools.Select(p => $"{x.Cluster.Id}/agentPools/{p}"))
                .Concat(w.Unscheduled.SelectMany(u => u.Pools.Select(p => $"{u.Cluster.Id}/agentPools/{p}"))))
            .Concat(proposal.Unassigned.Concat(proposal.OnTarget).Concat(proposal.Blocked).Select(p => p.Pool.Id))
            .ToList();
        Assert.Equal(fleet.Pools.Select(p => p.Id).Order(StringComparer.Ordinal), placed.Order(StringComparer.Ordinal));
        Assert.NotEmpty(proposal.Waves.SelectMany(w => w.Windows));
        for (var i = 0; i < proposal.Waves.Length; i++)
        {
            var wave = proposal.Waves[i];
            Assert.All(wave.Windows, w => Assert.True(w.StartUtc >= wave.SpanStart && w.EndUtc <= wave.SpanEnd && w.StartUtc >= s_now.AddHours(1)));
            Assert.All(wave.Windows, w => Assert.Empty(UpgradeWindowRules.BlackoutsHit(w.StartUtc, w.EndUtc, [blackout])));
            Assert.All(wave.Windows, w => Assert.True(wave.Wave.Rule.Matches(w.Cluster)));
            Assert.True(MostAtOnce(wave.Windows) <= wave.Wave.MaxConcurrentClusters);
            Assert.All(wave.Windows.GroupBy(w => w.Cluster.Id), c => Assert.Equal(1, MostAtOnce([.. c])));
            Assert.All(wave.Windows, w => Assert.Empty(UpgradeWindowRules.TargetProblems(w.Kind, w.Target, w.Cluster, [.. fleet.Pools.Where(p => p.Cluster.Id == w.Cluster.Id && w.Pools.Contains(p.Pool.Name))], s_catalog)));
            if (i > 0 && proposal.Waves[i - 1].LastEnd is { } previousEnd)
            {
                Assert.Equal(previousEnd + proposal.Waves[i - 1].Wave.Soak, wave.SpanStart);
            }
        }
    }

    [Theory]
    [InlineData(0, 7, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 7, 0)]
    [InlineData(1, 7, 200)]
    public void Propose_ImpossibleSettings_AreRefused(int limit, double days, int windowHours)
    {
        var rollout = new Rollout(s_toUbuntu2404, [Wave("all", new RegionWaveRule("westeurope"), days, limit)], windowHours, s_amsterdam);

        Assert.Throws<ArgumentOutOfRangeException>(() => RolloutProposer.Propose(rollout, Context([])));
    }

    private static RolloutProposal Propose(
        IEnumerable<PoolViewModel> pools,
        RolloutChange? change = null,
        RolloutWave[]? waves = null,
        Dictionary<string, IReadOnlyList<MaintenanceConfigurationInfo>>? maintenance = null,
        BlackoutPeriod[]? blackouts = null,
        ScheduledWindow[]? existing = null,
        DateTimeOffset? notBefore = null) =>
        RolloutProposer.Propose(
            new Rollout(change ?? s_toUbuntu2404, waves ?? [Wave("all", new RegionWaveRule("westeurope"))], 4, s_amsterdam, notBefore),
            Context([.. pools], maintenance, blackouts, existing));

    private static RolloutContext Context(
        IReadOnlyList<PoolViewModel> pools,
        Dictionary<string, IReadOnlyList<MaintenanceConfigurationInfo>>? maintenance = null,
        BlackoutPeriod[]? blackouts = null,
        ScheduledWindow[]? existing = null) =>
        new(pools, maintenance ?? [], blackouts ?? [], existing ?? [], s_catalog, s_now);

    private static RolloutWave Wave(string name, WaveRule rule, double days = 14, int limit = 5, double soakDays = 0) =>
        new(name, rule, TimeSpan.FromDays(days), limit, TimeSpan.FromDays(soakDays));

    private static ClusterInfo Cluster(string name, string env = "dev", string kubernetes = "1.34.2") => new()
    {
        Id = $"/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/{name}",
        SubscriptionId = "sub-1",
        ResourceGroup = "rg",
        Name = name,
        Location = "westeurope",
        KubernetesVersion = kubernetes,
        CurrentKubernetesVersion = kubernetes,
        Tags = ImmutableSortedDictionary.CreateRange(StringComparer.OrdinalIgnoreCase, [KeyValuePair.Create("env", env)]),
    };

    // A pool as ARM reports it, judged on the test day against s_latest.
    private static PoolViewModel Pool(ClusterInfo cluster, string name, string kind = "ubuntu2204")
    {
        var (osType, osSku, image, kubernetes, fips) = kind switch
        {
            "ubuntu2204" => ("Linux", "Ubuntu", "AKSUbuntu-2204gen2containerd-202611.03.0", "1.34.2", false),
            "ubuntu2204-latest" => ("Linux", "Ubuntu", "AKSUbuntu-2204gen2containerd-202611.10.0", "1.34.2", false),
            "ubuntu2204-behind-on-1.33" => ("Linux", "Ubuntu", "AKSUbuntu-2204gen2containerd-202610.06.0", "1.33.5", false),
            "ubuntu2204-on-1.32" => ("Linux", "Ubuntu", "AKSUbuntu-2204gen2containerd-202611.03.0", "1.32.7", false),
            "ubuntu2404" => ("Linux", "Ubuntu2404", "AKSUbuntu-2404gen2containerd-202611.10.0", "1.34.2", false),
            "ubuntu-on-1.35" => ("Linux", "Ubuntu", "AKSUbuntu-2404gen2containerd-202611.10.0", "1.35.1", false),
            "fips2004" => ("Linux", "Ubuntu", "AKSUbuntu-2004gen2fipscontainerd-202611.03.0", "1.34.2", true),
            "win2019" => ("Windows", "Windows2019", "AKSWindows-2019-containerd-17763.8230.260210", "1.32.7", false),
            "win2022" => ("Windows", "Windows2022", "AKSWindows-2022-containerd-gen2-20348.4851.261111", "1.34.2", false),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a pool of this table."),
        };
        var pool = new NodePoolInfo
        {
            Name = name, OsType = osType, OsSku = osSku, NodeImageVersion = image, OrchestratorVersion = kubernetes, CurrentOrchestratorVersion = kubernetes, EnableFips = fips,
        };
        return new PoolViewModel(cluster, pool, TestFleet.Assessor().Assess(cluster, pool, s_latest, DateOnly.FromDateTime(s_now.UtcDateTime)), "Contoso");
    }

    private static MaintenanceConfigurationInfo DailyNodeOs(int hour) => Configuration("aksManagedNodeOSUpgradeSchedule",
        new DailySchedule(new MaintenanceTiming(new DateOnly(2026, 1, 1), new TimeOnly(hour, 0), 4, TimeSpan.Zero), 1));

    private static MaintenanceConfigurationInfo Configuration(string name, MaintenanceSchedule schedule) =>
        new(name, "test schedule", null, null, null, null, [], schedule);

    // The most windows running at one instant (a sweep over starts and ends; an end frees its place before a start at the same instant takes one).
    private static int MostAtOnce(IReadOnlyList<ProposedWindow> windows) =>
        windows.SelectMany(w => new[] { (At: w.StartUtc, Step: 1), (At: w.EndUtc, Step: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Step)
            .Aggregate((Now: 0, Most: 0), (s, e) => (s.Now + e.Step, Math.Max(s.Most, s.Now + e.Step))).Most;

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text + "Z", CultureInfo.InvariantCulture);
}
