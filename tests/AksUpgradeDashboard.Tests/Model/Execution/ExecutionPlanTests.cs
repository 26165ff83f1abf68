using System.Collections.Immutable;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Execution;
using AksUpgradeDashboard.Model.Windows;
using K = AksUpgradeDashboard.Model.Execution.StepKind;

namespace AksUpgradeDashboard.Tests.Model.Execution;

/// <summary>The steps that carry out a window, per kind of upgrade, as tables of (kind, pool) in order.</summary>
public class ExecutionPlanTests
{
    private static NodePoolInfo Linux(string name) => new() { Name = name, OsType = "Linux", OsSku = "Ubuntu", CurrentOrchestratorVersion = "1.33.1" };

    private static NodePoolInfo Windows(string name) => new() { Name = name, OsType = "Windows", OsSku = "Windows2019", CurrentOrchestratorVersion = "1.33.1" };

    private static ClusterInfo Cluster(string? kubernetesVersion = "1.33", string? current = "1.33.1", params NodePoolInfo[] pools) => new()
    {
        Id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks",
        SubscriptionId = "s",
        ResourceGroup = "rg",
        Name = "aks",
        Location = "westeurope",
        KubernetesVersion = kubernetesVersion,
        CurrentKubernetesVersion = current,
        NodePools = [.. pools.Length == 0 ? [Linux("system"), Linux("apps"), Linux("batch")] : pools],
    };

    private static string Steps(IReadOnlyList<PlannedStep> steps) => string.Join(" | ", steps.Select(s => s.NewPool is null ? $"{s.Kind} {s.Pool}" : $"{s.Kind} {s.Pool}>{s.NewPool}"));

    [Theory]
    [InlineData(UpgradeKind.NodeImage, "apps,system", "UpgradeNodeImage apps | UpgradeNodeImage system")]
    [InlineData(UpgradeKind.NodeImage, "batch,apps,system", "UpgradeNodeImage batch | UpgradeNodeImage apps | UpgradeNodeImage system")]
    [InlineData(UpgradeKind.NodeImage, "gone,apps,missing", "UpgradeNodeImage apps")]
    [InlineData(UpgradeKind.NodeImage, "APPS", "UpgradeNodeImage apps")]
    [InlineData(UpgradeKind.NodeImage, "gone", "")]
    [InlineData(UpgradeKind.NodeImage, "", "")]
    [InlineData(UpgradeKind.OsSkuChange, "batch,apps", "ChangeOsSku batch | ChangeOsSku apps")]
    [InlineData(UpgradeKind.OsSkuChange, "apps,gone", "ChangeOsSku apps")]
    public void For_PoolByPool_OneStepPerKnownPoolInTheOrderGiven(UpgradeKind kind, string pools, string expected)
    {
        var steps = ExecutionPlan.For(kind, "AzureLinux3", Cluster(), pools.Split(',', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(expected, Steps(steps));
        Assert.Equal(Enumerable.Range(1, steps.Count), steps.Select(s => s.Order));
    }

    [Theory]
    // Behind the target minor: the control plane first.
    [InlineData("1.33", "1.33.1", "1.34", true)]
    [InlineData("1.32", "1.32.9", "1.33", true)]
    [InlineData("1.33", "1.33.1", "2.0", true)]
    // At (any patch of) the target minor, or past it: the pools only.
    [InlineData("1.34", "1.34.0", "1.34", false)]
    [InlineData("1.34", "1.34.5", "1.34", false)]
    [InlineData("1.35", "1.35.1", "1.34", false)]
    // A target with a patch needs that patch.
    [InlineData("1.33", "1.33.1", "1.33.2", true)]
    [InlineData("1.33", "1.33.2", "1.33.2", false)]
    [InlineData("1.33", "1.33.3", "1.33.2", false)]
    [InlineData("1.32", "1.32.9", "1.33.2", true)]
    // The current version is what counts; the requested one only when no current one is reported.
    [InlineData("1.34", "1.33.1", "1.34", true)]
    [InlineData("1.34", null, "1.34", false)]
    [InlineData("1.33", null, "1.34", true)]
    // Unknown: send it (a no-op when it is already there) rather than leave the control plane behind.
    [InlineData(null, null, "1.34", true)]
    [InlineData("1.33", "1.33.1", null, true)]
    [InlineData("1.33", "1.33.1", "latest", true)]
    public void For_KubernetesVersion_ControlPlaneFirstOnlyWhenBehind(string? requested, string? current, string? target, bool controlPlane)
    {
        var steps = ExecutionPlan.For(UpgradeKind.KubernetesVersion, target, Cluster(requested, current), ["apps", "system"]);

        var expected = (controlPlane ? "UpgradeControlPlane  | " : "") + "UpgradePoolVersion apps | UpgradePoolVersion system";
        Assert.Equal(expected, Steps(steps));
        Assert.Equal(Enumerable.Range(1, steps.Count), steps.Select(s => s.Order));
        Assert.All(steps.Where(s => s.Kind == K.UpgradeControlPlane), s => Assert.Null(s.Pool));
    }

    [Fact]
    public void For_KubernetesVersion_UnknownPoolsDroppedButControlPlaneKept()
    {
        var steps = ExecutionPlan.For(UpgradeKind.KubernetesVersion, "1.34", Cluster(), ["gone"]);

        Assert.Equal("UpgradeControlPlane ", Steps(steps));
    }

    [Fact]
    public void For_NewNodePool_AllCreatesThenAllMovesThenAllDeletes()
    {
        var steps = ExecutionPlan.For(UpgradeKind.NewNodePool, "AzureLinux", Cluster(), ["batch", "apps"]);

        Assert.Equal(
            "CreatePool batch>batch2 | CreatePool apps>apps2 | MoveWorkloads batch>batch2 | MoveWorkloads apps>apps2 | DeletePool batch | DeletePool apps",
            Steps(steps));
        Assert.Equal(Enumerable.Range(1, 6), steps.Select(s => s.Order));
    }

    public static TheoryData<string, string[], string[], string> NewNames() => new()
    {
        // Existing pool names are never reused: "2" is taken, so "n".
        { "Linux", ["apps", "apps2"], ["apps"], "apps>appsn" },
        // Long names are cut to 12 (Linux) or 6 (Windows) characters, keeping room for the suffix.
        { "Linux", ["averyverylongpool"], ["averyverylongpool"], "averyverylongpool>averyverylo2" },
        { "Windows", ["windowspool19"], ["windowspool19"], "windowspool19>windo2" },
        { "Windows", ["npwin"], ["npwin"], "npwin>npwin2" },
        // Two old pools that shorten to the same stem get different new names.
        { "Windows", ["winpool1", "winpool2"], ["winpool1", "winpool2"], "winpool1>winpo2 | winpool2>winpon" },
        { "Linux", ["abcdefghijkx", "abcdefghijky"], ["abcdefghijkx", "abcdefghijky"], "abcdefghijkx>abcdefghijk2 | abcdefghijky>abcdefghijkn" },
    };

    [Theory]
    [MemberData(nameof(NewNames))]
    public void For_NewNodePool_NewNamesAvoidExistingPoolsAndEachOther(string os, string[] existing, string[] replaced, string expected)
    {
        var cluster = Cluster(pools: [.. existing.Select(n => os == "Windows" ? Windows(n) : Linux(n))]);

        var steps = ExecutionPlan.For(UpgradeKind.NewNodePool, os == "Windows" ? "Windows2022" : "AzureLinux", cluster, replaced);

        var creates = steps.Where(s => s.Kind == K.CreatePool).ToList();
        Assert.Equal(expected, string.Join(" | ", creates.Select(s => $"{s.Pool}>{s.NewPool}")));
        AssertNewNamesAreSafe(cluster, steps, os == "Windows" ? 6 : 12);
    }

    public static TheoryData<string, string[], string[]> Collisions() => new()
    {
        // Both candidates ("npwin2", "npwinn") already exist.
        { "Windows", ["npwin", "npwin2", "npwinn"], ["npwin"] },
        // A third pool with the same 5-letter stem runs out of candidates against the first two new pools.
        { "Windows", ["winpool1", "winpool2", "winpool3"], ["winpool1", "winpool2", "winpool3"] },
        // Linux: the 11-letter stem's candidates are an existing pool and the first pool's new name.
        { "Linux", ["abcdefghijk1", "abcdefghijk2"], ["abcdefghijk1", "abcdefghijk2"] },
    };

    /// <summary>
    /// A <c>PUT</c> of an agent pool creates or replaces it: a new pool named like an existing one would overwrite that
    /// pool (and its workloads' nodes), and a name used twice would overwrite the first new pool.
    /// </summary>
    [Theory]
    [MemberData(nameof(Collisions))]
    public void For_NewNodePool_NeverCreatesAPoolUnderANameInUse(string os, string[] existing, string[] replaced)
    {
        var cluster = Cluster(pools: [.. existing.Select(n => os == "Windows" ? Windows(n) : Linux(n))]);

        var steps = ExecutionPlan.For(UpgradeKind.NewNodePool, os == "Windows" ? "Windows2022" : "AzureLinux", cluster, replaced);

        AssertNewNamesAreSafe(cluster, steps, os == "Windows" ? 6 : 12);
    }

    [Fact]
    public void For_NewNodePool_WindowsPoolsGetShortNamesLinuxPoolsLong()
    {
        var cluster = Cluster(pools: [Linux("linuxpoolabc"), Windows("winpool")]);

        var steps = ExecutionPlan.For(UpgradeKind.NewNodePool, "Windows2022", cluster, ["winpool", "linuxpoolabc"]);

        Assert.Equal(["winpo2", "linuxpoolab2"], steps.Where(s => s.Kind == K.CreatePool).Select(s => s.NewPool));
    }

    [Fact]
    public void For_NewNodePool_DeleteOnlyOldPoolsNeverNewOnes()
    {
        var steps = ExecutionPlan.For(UpgradeKind.NewNodePool, "AzureLinux", Cluster(), ["apps", "gone"]);

        var delete = Assert.Single(steps, s => s.Kind == K.DeletePool);
        Assert.Equal("apps", delete.Pool);
        Assert.Null(delete.NewPool);
        Assert.Equal(3, steps.Count);
    }

    private static void AssertNewNamesAreSafe(ClusterInfo cluster, IReadOnlyList<PlannedStep> steps, int maxLength)
    {
        var existing = cluster.NodePools.Select(p => p.Name).ToImmutableHashSet(StringComparer.OrdinalIgnoreCase);
        var created = steps.Where(s => s.Kind == K.CreatePool).Select(s => s.NewPool!).ToList();
        Assert.All(created, name =>
        {
            Assert.DoesNotContain(name, existing);
            Assert.InRange(name.Length, 1, maxLength);
            Assert.All(name, c => Assert.True(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c), name));
        });
        Assert.Equal(created.Count, created.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        // Every pool that is created is moved to and its old pool deleted; a pool without a new one is left alone.
        var replaced = steps.Where(s => s.Kind == K.CreatePool).Select(s => s.Pool).ToList();
        Assert.Equal(replaced, steps.Where(s => s.Kind == K.MoveWorkloads).Select(s => s.Pool));
        Assert.Equal(replaced, steps.Where(s => s.Kind == K.DeletePool).Select(s => s.Pool));
    }
}
