using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Model;

public class UpgradeWindowRulesTests
{
    private const string Production = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";
    private const string Retail = "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f43";
    private static readonly DateTimeOffset s_start = new(2026, 12, 5, 22, 0, 0, TimeSpan.FromHours(1));
    private static readonly OsCatalog s_catalog = OsCatalog.LoadDefault();

    /// <summary>A valid request: a six-hour node image window for one pool of the payments cluster.</summary>
    private static readonly UpgradeWindowRequest s_valid = new(
        "Payments API node image", Production, "rg-payments-prod", "aks-payments-prod-weu", ["api"], "NodeImage", null,
        s_start, s_start.AddHours(6), "Europe/Amsterdam", "Weekly patch window.");

    public static TheoryData<string, Func<UpgradeWindowRequest, UpgradeWindowRequest>, string, string> Errors => new()
    {
        // case, change, field, message fragment
        { "title missing", r => r with { Title = "  " }, "title", "Title is required." },
        { "title too long", r => r with { Title = new string('x', 201) }, "title", "the limit is 200" },
        { "notes too long", r => r with { Notes = new string('n', 4001) }, "notes", "the limit is 4000" },
        { "control characters", r => r with { Title = "bad\u0007title" }, "title", "control characters" },
        { "no time zone", r => r with { TimeZone = null }, "timeZone", "Time zone is required" },
        { "unknown time zone", r => r with { TimeZone = "Mars/Olympus" }, "timeZone", "'Mars/Olympus' is not an IANA time zone" },
        { "windows time zone id", r => r with { TimeZone = "W. Europe Standard Time" }, "timeZone", "is not an IANA time zone" },
        { "no start", r => r with { Start = null }, "start", "Start is required" },
        { "no end", r => r with { End = null }, "end", "End is required" },
        { "start in the past", r => r with { Start = new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2026, 11, 25, 17, 0, 0, TimeSpan.Zero) }, "start", "is in the past" },
        { "end before start", r => r with { End = s_start.AddHours(-1) }, "end", "End must be after start." },
        { "shorter than an hour", r => r with { End = s_start.AddMinutes(30) }, "end", "0.5 hours long; it must be at least 1 hour" },
        { "longer than a week", r => r with { End = s_start.AddDays(8) }, "end", "8 days long; it can be at most 7 days" },
        { "no cluster", r => r with { Cluster = null }, "cluster", "Cluster is required." },
        { "unknown cluster", r => r with { Cluster = "aks-gone" }, "cluster", "'aks-gone' in resource group 'rg-payments-prod'" },
        { "unknown pool", r => r with { NodePools = ["api", "ghost"] }, "nodePools", "Node pool 'ghost' is not in cluster 'aks-payments-prod-weu'" },
        { "no kind", r => r with { Kind = null }, "kind", "Kind is required: one of NodeImage, OsSkuChange, KubernetesVersion, NewNodePool." },
        { "unknown kind", r => r with { Kind = "Reboot" }, "kind", "Kind 'Reboot' is not one of" },
        { "numeric kind", r => r with { Kind = "1" }, "kind", "Kind '1' is not one of" },
        { "node image with target", r => r with { Target = "Ubuntu2404" }, "target", "A NodeImage window has no target" },
        { "sku change without target", r => r with { Kind = "OsSkuChange" }, "target", "needs a target osSKU" },
        { "unknown sku", r => r with { Kind = "OsSkuChange", Target = "Ubuntu9999" }, "target", "'Ubuntu9999' is not a known osSKU" },
        { "fips pool to 24.04", r => r with { Kind = "OsSkuChange", Target = "Ubuntu2404", NodePools = ["fips"] }, "target", "Pool 'fips': osSKU 'Ubuntu2404' with FIPS has no OS version for Kubernetes 1.34." },
        { "windows in place", r => r with { Cluster = "aks-web-prod-eus", ResourceGroup = "rg-web-prod", NodePools = ["win22"], Kind = "OsSkuChange", Target = "Windows2025" }, "target", "Pool 'win22' runs Windows: a Windows osSKU cannot be changed in place. Plan a NewNodePool window instead." },
        { "linux sku on windows pool", r => r with { Cluster = "aks-web-prod-eus", ResourceGroup = "rg-web-prod", NodePools = ["win22"], Kind = "NewNodePool", Target = "Ubuntu2404" }, "target", "osSKU Ubuntu2404 is for Linux pools; pool 'win22' runs Windows." },
        { "os downgrade", r => r with { Cluster = "aks-web-prod-eus", ResourceGroup = "rg-web-prod", NodePools = ["frontend"], Kind = "OsSkuChange", Target = "Ubuntu2204" }, "target", "runs Ubuntu 24.04; Ubuntu2204 gives Ubuntu 22.04, which would be a downgrade." },
        { "same sku", r => r with { SubscriptionId = Retail, ResourceGroup = "rg-retail-prod", Cluster = "aks-retail-web-eus2", NodePools = ["web"], Kind = "OsSkuChange", Target = "Ubuntu2204" }, "target", "Pool 'web' already uses osSKU Ubuntu2204." },
        { "kubernetes downgrade", r => r with { Kind = "KubernetesVersion", Target = "1.33" }, "target", "runs Kubernetes 1.34.2; 1.33 would be a downgrade" },
        { "kubernetes skips a minor", r => r with { Kind = "KubernetesVersion", Target = "1.36" }, "target", "AKS upgrades one minor version at a time, so the next target is 1.35" },
        { "kubernetes same minor", r => r with { Kind = "KubernetesVersion", Target = "1.34" }, "target", "already runs Kubernetes 1.34; give the patch version" },
        { "kubernetes same patch", r => r with { Kind = "KubernetesVersion", Target = "1.34.2" }, "target", "already runs Kubernetes 1.34.2." },
        { "kubernetes garbage", r => r with { Kind = "KubernetesVersion", Target = "latest" }, "target", "'latest' is not a Kubernetes version" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Check_BadRequest_RefusesWithFieldAndMessage(string name, Func<UpgradeWindowRequest, UpgradeWindowRequest> change, string field, string fragment)
    {
        var context = await ContextAsync();

        var check = UpgradeWindowRules.Check(change(s_valid), context);

        Assert.False(check.IsValid, name);
        Assert.Null(check.Plan);
        Assert.Contains(check.Errors, e => e.Field == field && e.Message.Contains(fragment, StringComparison.Ordinal));
    }

    public static TheoryData<string, Func<UpgradeWindowRequest, UpgradeWindowRequest>> Valid => new()
    {
        { "node image one pool", r => r },
        { "node image all pools", r => r with { NodePools = [] } },
        { "ubuntu 22.04 to 24.04 in place", r => r with { Kind = "OsSkuChange", Target = "Ubuntu2404", NodePools = ["api", "batch"] } },
        { "azure linux 2 to 3", r => r with { ResourceGroup = "rg-orders-prod", Cluster = "aks-orders-prod-uks", NodePools = ["workers"], Kind = "OsSkuChange", Target = "AzureLinux3" } },
        { "kubernetes next minor", r => r with { Kind = "KubernetesVersion", Target = "1.35" } },
        { "kubernetes patch", r => r with { Kind = "KubernetesVersion", Target = "1.34.3" } },
        { "windows 2019 blue green", r => r with { ResourceGroup = "rg-legacy-prod", Cluster = "aks-dotnetfx-prod-weu", NodePools = ["win19"], Kind = "NewNodePool", Target = "Windows2022" } },
        { "kind and names in other case", r => r with { Kind = "nodeimage", Cluster = "AKS-PAYMENTS-PROD-WEU", NodePools = ["API"] } },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task Check_ValidRequest_GivesPlanInUtc(string name, Func<UpgradeWindowRequest, UpgradeWindowRequest> change)
    {
        var context = await ContextAsync();
        var request = change(s_valid);

        var check = UpgradeWindowRules.Check(request, context);

        Assert.True(check.IsValid, $"{name}: {string.Join(" | ", check.Errors.Select(e => $"{e.Field}: {e.Message}"))}");
        Assert.Equal(TimeSpan.Zero, check.Plan!.StartUtc.Offset);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 21, 0, 0, TimeSpan.Zero), check.Plan.StartUtc);
        Assert.Equal("Europe/Amsterdam", check.Plan.TimeZone);
        Assert.Equal(request.NodePools is { Count: > 0 } ? request.NodePools.Count : check.Plan.Cluster.NodePools.Length, check.Plan.Pools.Count);
    }

    [Fact]
    public async Task Check_AllPoolsOfCluster_MarksPlanAsWholeCluster()
    {
        var check = UpgradeWindowRules.Check(s_valid with { NodePools = null }, await ContextAsync());

        Assert.True(check.Plan!.AllPools);
        Assert.Equal(4, check.Plan.Pools.Count);
    }

    [Fact]
    public async Task Check_ShortWindow_SavesWithWarning()
    {
        var check = UpgradeWindowRules.Check(s_valid with { End = s_start.AddHours(2) }, await ContextAsync());

        Assert.True(check.IsValid);
        var warning = Assert.Single(check.Warnings);
        Assert.Equal("end", warning.Field);
        Assert.Contains("AKS recommends at least 4 hours", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false, true)]   // active window overlapping: refused
    [InlineData(false, false, false)] // a cancelled or finished window does not block
    [InlineData(true, true, false)]   // the window being edited does not conflict with itself
    public async Task Check_OtherWindowOnSameCluster_OverlapRefusedOnlyWhenActive(bool active, bool editingIt, bool refused)
    {
        var id = Guid.NewGuid();
        var fleet = await TestFleet.SampleAsync();
        var clusterId = fleet.FindCluster(Production, "rg-payments-prod", "aks-payments-prod-weu")!.Cluster.Id;
        var other = new ScheduledWindow(id, clusterId, "Earlier window", s_start.AddHours(-2).ToUniversalTime(), s_start.AddHours(1).ToUniversalTime(), active);
        var context = await ContextAsync(windows: [other], editingId: editingIt ? id : null);

        var check = UpgradeWindowRules.Check(s_valid, context);

        Assert.Equal(refused, !check.IsValid);
        Assert.Equal(refused, check.Errors.Any(e => e.Field == "start" && e.Message.Contains("Overlaps window 'Earlier window' (2026-12-05 19:00 UTC to 2026-12-05 22:00 UTC)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Check_WindowOnAnotherCluster_DoesNotConflict()
    {
        var other = new ScheduledWindow(Guid.NewGuid(), "/subscriptions/x/resourceGroups/y/providers/Microsoft.ContainerService/managedClusters/z", "Elsewhere", s_start.ToUniversalTime(), s_start.AddHours(6).ToUniversalTime(), true);

        Assert.True(UpgradeWindowRules.Check(s_valid, await ContextAsync(windows: [other])).IsValid);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("  ", false)]
    [InlineData("CVE-2026-1234 fix cannot wait for January", true)]
    public async Task Check_InsideBlackout_RefusedUnlessJustified(string? justification, bool saved)
    {
        var freeze = new BlackoutPeriod("Year-end freeze", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero));

        var check = UpgradeWindowRules.Check(s_valid with { BlackoutJustification = justification }, await ContextAsync(blackouts: [freeze]));

        Assert.Equal(saved, check.IsValid);
        if (saved)
        {
            Assert.Contains(check.Warnings, w => w.Field == "blackoutJustification" && w.Message.Contains("Overrides blackout period 'Year-end freeze' with the justification: CVE-2026-1234", StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains(check.Errors, e => e.Field == "start" && e.Message.Contains("blackout period 'Year-end freeze'", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("CVE fix\u0000")]
    [InlineData("CVE fix \u001b[31m")]
    public async Task Check_JustificationWithControlCharacters_Refused(string justification)
    {
        var freeze = new BlackoutPeriod("Year-end freeze", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero));

        var check = UpgradeWindowRules.Check(s_valid with { BlackoutJustification = justification }, await ContextAsync(blackouts: [freeze]));

        Assert.Contains(check.Errors, e => e.Field == "blackoutJustification" && e.Message == "The justification contains control characters.");
    }

    [Fact]
    public async Task Check_PoolWhoseImagesAreAlreadyRemoved_WarnsTooLate()
    {
        var request = s_valid with { ResourceGroup = "rg-orders-prod", Cluster = "aks-orders-prod-uks", NodePools = ["workers"], Kind = "OsSkuChange", Target = "AzureLinux3" };

        var check = UpgradeWindowRules.Check(request, await ContextAsync());

        Assert.True(check.IsValid);
        Assert.Contains(check.Warnings, w => w.Message == "Too late for pool 'workers': Azure Linux 2.0 images are removed on 2026-03-31, before this window.");
    }

    [Fact]
    public async Task Check_ManyProblems_ReportsEveryOne()
    {
        var check = UpgradeWindowRules.Check(new UpgradeWindowRequest(null, null, null, null, null, null, null, null, null, null, null), await ContextAsync());

        Assert.Equal(["title", "timeZone", "start", "end", "kind", "subscriptionId", "resourceGroup", "cluster"], check.Errors.Select(e => e.Field));
    }

    public static TheoryData<string, string, string, string?> MaintenanceCases => new()
    {
        // kind, start (UTC), end (UTC), expected warning (null: none about maintenance)
        // The payments cluster's node OS schedule: Saturdays 01:00-09:00 UTC, not from 20 December to 4 January.
        { "NodeImage", "2026-12-12T01:00:00Z", "2026-12-12T07:00:00Z", null },
        { "NodeImage", "2026-12-05T21:00:00Z", "2026-12-06T03:00:00Z", "The window is outside the cluster's aksManagedNodeOSUpgradeSchedule maintenance window (Weekly on Saturday, 01:00 UTC+00:00 for 8 hours). The next occurrence is 2026-12-12 01:00 to 09:00 (UTC+00:00)." },
        { "NodeImage", "2026-12-26T01:00:00Z", "2026-12-26T07:00:00Z", "aksManagedNodeOSUpgradeSchedule" },
        // Kubernetes upgrades follow the auto-upgrade schedule instead: the first Sunday of the month, 02:00-08:00 at UTC+01:00.
        { "KubernetesVersion", "2026-12-06T01:00:00Z", "2026-12-06T07:00:00Z", null },
        { "KubernetesVersion", "2026-12-12T01:00:00Z", "2026-12-12T07:00:00Z", "aksManagedAutoUpgradeSchedule" },
        { "KubernetesVersion", "2026-12-13T01:00:00Z", "2026-12-13T07:00:00Z", "The next occurrence is 2027-02-07 02:00 to 08:00 (UTC+01:00)." },
    };

    [Theory]
    [MemberData(nameof(MaintenanceCases))]
    public async Task Check_AgainstPlannedMaintenance_WarnsOutsideTheMatchingSchedule(string kind, string start, string end, string? expected)
    {
        // Arrange
        var fleet = await TestFleet.SampleAsync();
        var cluster = fleet.FindCluster(Production, "rg-payments-prod", "aks-payments-prod-weu")!.Cluster;
        var configurations = await new AksUpgradeDashboard.Azure.Sample.SampleMaintenanceConfigurationReader().GetAsync(cluster, TestContext.Current.CancellationToken);
        var request = s_valid with
        {
            Kind = kind, Target = kind == "KubernetesVersion" ? "1.35" : null,
            Start = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), End = DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
        };
        var context = await ContextAsync() with { Maintenance = configurations.Configurations };

        // Act
        var check = UpgradeWindowRules.Check(request, context);

        // Assert
        Assert.True(check.IsValid, string.Join("; ", check.Errors.Select(e => e.Message)));
        var maintenance = check.Warnings.Where(w => w.Message.Contains("maintenance", StringComparison.OrdinalIgnoreCase) || w.Message.Contains("aksManaged", StringComparison.Ordinal)).ToList();
        if (expected is null)
        {
            Assert.Empty(maintenance);
        }
        else
        {
            var warning = Assert.Single(maintenance);
            Assert.Equal("start", warning.Field);
            Assert.Contains(expected, warning.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check_MaintenanceNotKnown_NoMaintenanceWarning()
    {
        // Arrange: the same out-of-schedule window, without configurations
        var context = await ContextAsync();

        // Act
        var check = UpgradeWindowRules.Check(s_valid, context);

        // Assert
        Assert.DoesNotContain(check.Warnings, w => w.Message.Contains("maintenance", StringComparison.OrdinalIgnoreCase));
    }

    // Defect: a Windows pool without osSKU was judged by the default SKU's rule for new pools, so a Kubernetes 1.37 window for
    // a Windows Server 2022 pool passed although 2022 is not offered on 1.37.
    [Theory]
    [InlineData(null)]
    [InlineData("Windows2022")]
    public async Task Check_KubernetesTo137WithAWindows2022Pool_RefusedWithTheNewPoolPath(string? osSku)
    {
        var sample = await new AksUpgradeDashboard.Azure.Sample.SampleInventorySource(TestFleet.Time()).LoadAsync(null, TestContext.Current.CancellationToken);
        var snapshot = sample with
        {
            Clusters = [.. sample.Clusters.Select(c => c.Name != "aks-web-prod-eus" ? c : c with
            {
                KubernetesVersion = "1.36.1",
                CurrentKubernetesVersion = "1.36.1",
                NodePools = [.. c.NodePools.Select(p => p with { OrchestratorVersion = "1.36.1", CurrentOrchestratorVersion = "1.36.1", OsSku = p.Name == "win22" ? osSku : p.OsSku })],
            })],
        };
        var fleet = AksUpgradeDashboard.Model.FleetState.Build(snapshot, TestFleet.Assessor(), DateOnly.FromDateTime(TestFleet.Now.UtcDateTime));
        var request = s_valid with { Cluster = "aks-web-prod-eus", ResourceGroup = "rg-web-prod", NodePools = ["win22"], Kind = "KubernetesVersion", Target = "1.37" };

        var check = UpgradeWindowRules.Check(request, new WindowContext(fleet, s_catalog, TestFleet.Now, [], [], null));

        var error = Assert.Single(check.Errors);
        Assert.Equal("target", error.Field);
        Assert.Equal("Pool 'win22': Windows Server 2022 is not offered on Kubernetes 1.37: add a Windows Server 2025 pool and move the workloads before upgrading.", error.Message);
    }

    private static async Task<WindowContext> ContextAsync(IReadOnlyList<ScheduledWindow>? windows = null, IReadOnlyList<BlackoutPeriod>? blackouts = null, Guid? editingId = null) =>
        new(await TestFleet.SampleAsync(), s_catalog, TestFleet.Now, windows ?? [], blackouts ?? [], editingId);
}
