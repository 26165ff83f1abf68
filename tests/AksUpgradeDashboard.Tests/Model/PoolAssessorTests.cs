using System.Globalization;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Tests.Model;

public class PoolAssessorTests
{
    private static readonly OsCatalog s_catalog = OsCatalog.LoadDefault();
    private const string Today = "2026-11-25";

    // Releases published in westeurope in this test's world (several per lineage, so "versions behind" can be counted).
    private static readonly string[] s_published =
    [
        "AKSUbuntu-2204gen2containerd-202610.20.0", "AKSUbuntu-2204gen2containerd-202611.03.0", "AKSUbuntu-2204gen2containerd-202611.10.0",
        "AKSUbuntu-2404gen2containerd-202611.10.0",
        "AKSUbuntu-2004gen2fipscontainerd-202611.10.0",
        "AKSAzureLinux-V3gen2-202611.10.0",
        "AKSCBLMariner-V2gen2-202512.06.0",
        "AKSAzureLinux-OSGuardV3gen2fipsTL-202611.10.0",
        "AKSWindows-2019-containerd-17763.8230.260210",
        "AKSWindows-2022-containerd-gen2-20348.4780.261014", "AKSWindows-2022-containerd-gen2-20348.4851.261111",
        "AKSUbuntu-2604minimalgen2containerd-202611.10.0",
        "AKSUbuntu-1604-2021.11.06",
    ];

    public static TheoryData<string, string, string?, string, string?, string, int, PoolStatus, string> Cases => new()
    {
        // case, osType, osSku, kubernetes, nodeImageVersion, today, horizon, expected status, expected reason fragment
        { "ubuntu 22.04 on latest", "Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2containerd-202611.10.0", Today, 180, PoolStatus.Current, "supported until 2027-06-30" },
        { "ubuntu 22.04 two releases behind", "Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2containerd-202610.20.0", Today, 180, PoolStatus.Behind, "behind the latest 202611.10.0 (2 releases, 21 days)" },
        { "ubuntu 22.04 older than any listed release", "Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2containerd-202509.11.0", Today, 180, PoolStatus.Behind, "3 releases" },
        { "ubuntu 22.04 within horizon", "Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2containerd-202611.10.0", "2027-02-01", 180, PoolStatus.Retiring, "reaches end of support on 2027-06-30 (in 149 days)" },
        { "ubuntu 22.04 on its last day", "Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2containerd-202611.10.0", "2027-06-29", 180, PoolStatus.Retiring, "(in 1 days)" },
        { "ubuntu 22.04 on end of support day", "Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2containerd-202611.10.0", "2027-06-30", 180, PoolStatus.Unsupported, "reached end of support on 2027-06-30" },
        { "retiring beats behind", "Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2containerd-202610.20.0", "2027-02-01", 180, PoolStatus.Retiring, "Ubuntu 22.04 reaches end of support" },
        { "horizon zero", "Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2containerd-202611.10.0", "2027-02-01", 0, PoolStatus.Current, "On the latest node image" },
        { "ubuntu 24.04 no end announced", "Linux", "Ubuntu", "1.35.1", "AKSUbuntu-2404gen2containerd-202611.10.0", Today, 180, PoolStatus.Current, "On the latest node image 202611.10.0." },
        { "ubuntu 20.04 fips retiring", "Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2004gen2fipscontainerd-202611.10.0", Today, 180, PoolStatus.Retiring, "Ubuntu 20.04 reaches end of support on 2027-03-17 (in 112 days)" },
        { "azure linux 2 frozen image", "Linux", "CBLMariner", "1.31.9", "AKSCBLMariner-V2gen2-202512.06.0", Today, 180, PoolStatus.Unsupported, "Its images were removed on 2026-03-31" },
        { "azure linux 3 current", "Linux", "AzureLinux", "1.33.5", "AKSAzureLinux-V3gen2-202611.10.0", Today, 180, PoolStatus.Current, "On the latest node image" },
        { "os guard retiring soon", "Linux", "AzureLinuxOSGuard", "1.33.5", "AKSAzureLinux-OSGuardV3gen2fipsTL-202611.10.0", Today, 180, PoolStatus.Retiring, "(in 15 days)" },
        { "windows 2019", "Windows", "Windows2019", "1.32.7", "AKSWindows-2019-containerd-17763.8230.260210", Today, 180, PoolStatus.Unsupported, "Windows Server 2019 reached end of support on 2026-03-01. Its images are removed on 2027-04-01." },
        { "windows 2022 behind a month", "Windows", "Windows2022", "1.35.1", "AKSWindows-2022-containerd-gen2-20348.4780.261014", Today, 180, PoolStatus.Behind, "(1 release, 28 days)" },
        { "windows 2022 current", "Windows", "Windows2022", "1.35.1", "AKSWindows-2022-containerd-gen2-20348.4851.261111", Today, 180, PoolStatus.Current, "supported until 2028-06-30" },
        { "no image reported", "Linux", "Ubuntu", "1.34.2", null, Today, 180, PoolStatus.Unknown, "reports no node image version" },
        { "no image but os known retired", "Windows", "Windows2019", "1.32.7", null, Today, 180, PoolStatus.Unsupported, "Windows Server 2019 reached end of support" },
        { "unrecognised image", "Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2containerd-nightly", Today, 180, PoolStatus.Unknown, "AKSUbuntu-2204gen2containerd-nightly" },
        { "no latest known for lineage", "Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2arm64containerd-202611.10.0", Today, 180, PoolStatus.Unknown, "No latest image is known for AKSUbuntu-2204gen2arm64containerd in westeurope" },
        { "os not in catalog", "Linux", "Ubuntu", "1.34.2", "AKSUbuntu-1604-2021.11.06", Today, 180, PoolStatus.Unknown, "OS Ubuntu 16.04 is not in the catalog" },
        { "os not in catalog beats behind", "Linux", "Ubuntu", "1.34.2", "AKSUbuntu-1604-2020.03.11", Today, 180, PoolStatus.Unknown, "OS Ubuntu 16.04 is not in the catalog" },
        { "ubuntu 26.04 preview on latest", "Linux", "Ubuntu2604", "1.36.0", "AKSUbuntu-2604minimalgen2containerd-202611.10.0", Today, 180, PoolStatus.Current, "On the latest node image 202611.10.0." },
        { "unknown sku and no image", "Linux", "SomethingNew", "1.34.2", null, Today, 180, PoolStatus.Unknown, "reports no node image version" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Assess_Case_GivesStatusAndReason(string name, string osType, string? osSku, string kubernetes, string? image, string today, int horizon, PoolStatus expected, string reasonFragment)
    {
        // Arrange
        var (cluster, pool) = Pool(osType, osSku, kubernetes, image);
        var assessor = new PoolAssessor(s_catalog, new AssessmentPolicy(horizon));

        // Act
        var result = assessor.Assess(cluster, pool, Latest("westeurope"), DateOnly.Parse(today, CultureInfo.InvariantCulture));

        // Assert
        Assert.True(expected == result.Status, $"{name}: expected {expected}, got {result.Status} ({result.StatusReason})");
        Assert.Contains(reasonFragment, result.StatusReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_BehindPool_ReportsAgeDistanceAndLatest()
    {
        var (cluster, pool) = Pool("Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2containerd-202610.20.0");

        var result = Assessor().Assess(cluster, pool, Latest("westeurope"), new DateOnly(2026, 11, 25));

        Assert.Equal(36, result.ImageAgeDays);
        Assert.Equal(21, result.DaysBehindLatest);
        Assert.Equal(2, result.VersionsBehind);
        Assert.Equal("AKSUbuntu-2204gen2containerd-202611.10.0", result.LatestNodeImageVersion);
        Assert.Equal("Ubuntu2204", result.Os?.Id);
    }

    [Fact]
    public void Assess_WithoutReleaseHistory_LeavesVersionsBehindUnknown()
    {
        var (cluster, pool) = Pool("Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2containerd-202610.20.0");
        var latestOnly = new LatestImageIndex([new LatestNodeImage("westeurope", "AKSUbuntu-2204gen2containerd-202611.10.0")], hasReleaseHistory: false);

        var result = Assessor().Assess(cluster, pool, latestOnly, new DateOnly(2026, 11, 25));

        Assert.Equal(PoolStatus.Behind, result.Status);
        Assert.Null(result.VersionsBehind);
        Assert.Equal(21, result.DaysBehindLatest);
    }

    [Theory]
    [InlineData("West Europe")]
    [InlineData("WESTEUROPE")]
    public void Assess_LocationWrittenDifferently_StillFindsLatest(string location)
    {
        var (cluster, pool) = Pool("Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2containerd-202611.10.0");

        var result = Assessor().Assess(cluster with { Location = location }, pool, Latest("westeurope"), new DateOnly(2026, 11, 25));

        Assert.Equal(PoolStatus.Current, result.Status);
    }

    [Theory]
    [InlineData("Linux", "AzureLinux", "1.31.9", "AKSCBLMariner-V2gen2-202512.06.0", "AzureLinux3", UpgradePath.InPlaceOsSku, "Azure Linux 3.0")]
    [InlineData("Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2containerd-202611.10.0", "Ubuntu2404", UpgradePath.InPlaceOsSku, "Ubuntu 24.04")]
    [InlineData("Windows", "Windows2019", "1.32.7", "AKSWindows-2019-containerd-17763.8230.260210", "Windows2022", UpgradePath.NewNodePool, "Windows Server 2022")]
    [InlineData("Windows", "Windows2022", "1.35.1", "AKSWindows-2022-containerd-gen2-20348.4851.261111", "Windows2025", UpgradePath.NewNodePool, "Windows Server 2025")]
    public void Assess_OsWithSuccessor_OffersMajorUpgradeAndPath(string osType, string osSku, string kubernetes, string image, string targetSku, UpgradePath path, string nextOs)
    {
        var (cluster, pool) = Pool(osType, osSku, kubernetes, image);

        var result = Assessor().Assess(cluster, pool, Latest("westeurope"), new DateOnly(2026, 11, 25));

        Assert.True(result.MajorUpgradeAvailable);
        Assert.Equal(nextOs, result.NextOs?.DisplayName);
        Assert.Equal(path, result.UpgradePath);
        Assert.Equal(targetSku, result.UpgradeTargetOsSku);
    }

    [Fact]
    public void Assess_NewestOs_HasNoMajorUpgrade()
    {
        var (cluster, pool) = Pool("Linux", "Ubuntu", "1.35.1", "AKSUbuntu-2404gen2containerd-202611.10.0");

        var result = Assessor().Assess(cluster, pool, Latest("westeurope"), new DateOnly(2026, 11, 25));

        Assert.False(result.MajorUpgradeAvailable);
        Assert.Null(result.NextOs);
        Assert.Null(result.UpgradePath);
    }

    [Fact]
    public void Assess_SuccessorNotAvailableAtPoolsKubernetes_SaysWhy()
    {
        // Ubuntu2404 needs Kubernetes 1.32+, so a 1.30 pool must upgrade Kubernetes first.
        var (cluster, pool) = Pool("Linux", "Ubuntu2204", "1.30.4", "AKSUbuntu-2204gen2containerd-202611.10.0");

        var result = Assessor().Assess(cluster, pool, Latest("westeurope"), new DateOnly(2026, 11, 25));

        Assert.Equal("osSKU 'Ubuntu2404' has no OS version for Kubernetes 1.30.", result.UpgradeBlockedReason);
    }

    [Fact]
    public void Assess_DefaultSkuBeforeBoundary_TellsOsAtNextMinor()
    {
        var (cluster, pool) = Pool("Linux", "Ubuntu", "1.34.2", "AKSUbuntu-2204gen2containerd-202611.10.0");

        var result = Assessor().Assess(cluster, pool, Latest("westeurope"), new DateOnly(2026, 11, 25));

        Assert.Equal("Ubuntu2404", result.OsAtNextKubernetesMinor?.Id);
        Assert.Equal(217, result.DaysUntilEndOfSupport);
    }

    // Defect: an image naming an OS outside the catalog fell back to the osSKU's guess (Ubuntu 22.04 here) and was judged
    // Behind on that wrong OS. It is Unknown, with the OS named.
    [Theory]
    [InlineData("AKSUbuntu-1604-2020.03.11")]
    [InlineData("AKSUbuntu-1604-2021.11.06")]
    public void Assess_ImageNamesAnOsOutsideTheCatalog_UnknownWithTheOsNamed(string image)
    {
        var (cluster, pool) = Pool("Linux", "Ubuntu", "1.34.2", image);

        var result = Assessor().Assess(cluster, pool, Latest("westeurope"), new DateOnly(2026, 11, 25));

        Assert.Equal(PoolStatus.Unknown, result.Status);
        Assert.StartsWith("OS Ubuntu 16.04 is not in the catalog", result.StatusReason, StringComparison.Ordinal);
        Assert.Null(result.Os);
    }

    // Defect: Ubuntu 20.04 CVM pools were offered Ubuntu2204, which has no CVM image (use-cvm.md); the target is Ubuntu2404.
    [Theory]
    [InlineData("AKSUbuntu-2004gen2CVMcontainerd-202611.10.0", "1.34.2", "Ubuntu2404", null)]
    [InlineData("AKSUbuntu-2004gen2CVMcontainerd-202611.10.0", "1.33.5", "Ubuntu2404", "osSKU 'Ubuntu2404' on confidential VMs has no OS version for Kubernetes 1.33.")]
    [InlineData("AKSUbuntu-2004gen2fipscontainerd-202611.10.0", "1.34.2", "Ubuntu2204", null)]
    public void Assess_Ubuntu2004Variant_TargetsAnOsSkuWithAnImageForIt(string image, string kubernetes, string expectedTarget, string? expectedBlocked)
    {
        var (cluster, pool) = Pool("Linux", "Ubuntu", kubernetes, image);

        var result = Assessor().Assess(cluster, pool, Latest("westeurope"), new DateOnly(2026, 11, 25));

        Assert.Equal(expectedTarget, result.UpgradeTargetOsSku);
        Assert.Equal(expectedBlocked, result.UpgradeBlockedReason);
    }

    // Defect: a Windows pool without osSKU followed the default SKU's rule for new pools, so a 2022 pool on 1.36 was told
    // it becomes 2025 at 1.37. Windows pools keep their OS; 2022 is not offered on 1.37, so the path is a new pool.
    [Theory]
    [InlineData(null)]
    [InlineData("Windows2022")]
    public void Assess_Windows2022PoolBeforeKubernetes137_NoOsAtTheNextMinorButANewPool(string? osSku)
    {
        var (cluster, pool) = Pool("Windows", osSku, "1.36.1", "AKSWindows-2022-containerd-gen2-20348.4851.261111");

        var result = Assessor().Assess(cluster, pool, Latest("westeurope"), new DateOnly(2026, 11, 25));

        Assert.Null(result.OsAtNextKubernetesMinor);
        Assert.Equal("Windows Server 2022 is not offered on Kubernetes 1.37: add a Windows Server 2025 pool and move the workloads before upgrading.", result.OsAtNextKubernetesMinorReason);
    }

    [Fact]
    public void Assess_Windows2022PoolOnKubernetes135_KeepsItsOsAtTheNextMinor()
    {
        var (cluster, pool) = Pool("Windows", null, "1.35.1", "AKSWindows-2022-containerd-gen2-20348.4851.261111");

        var result = Assessor().Assess(cluster, pool, Latest("westeurope"), new DateOnly(2026, 11, 25));

        Assert.Equal("Windows2022", result.OsAtNextKubernetesMinor?.Id);
    }

    [Theory]
    [InlineData("AKSLongTermSupport", "1.33.5", "AKSUbuntu-2204gen2containerd-202611.10.0", true)]
    [InlineData("AKSLongTermSupport", "1.32.7", "AKSUbuntu-2204gen2containerd-202611.10.0", false)]
    [InlineData("AKSLongTermSupport", "1.33.5", "AKSUbuntu-2404gen2containerd-202611.10.0", false)]
    [InlineData("KubernetesOfficial", "1.33.5", "AKSUbuntu-2204gen2containerd-202611.10.0", false)]
    public void Assess_LtsClusterOn133OnUbuntu2204_GetsMicrosoftsWarning(string supportPlan, string kubernetes, string image, bool warned)
    {
        var (cluster, pool) = Pool("Linux", "Ubuntu", kubernetes, image);

        var result = Assessor().Assess(cluster with { SupportPlan = supportPlan }, pool, Latest("westeurope"), new DateOnly(2026, 11, 25));

        Assert.Equal(warned, result.Notes.Any(n => n.Contains("needs Ubuntu 24.04", StringComparison.Ordinal)));
    }

    [Fact]
    public void Assess_WithTheRegionsKubernetesVersions_JudgesThePoolsVersion()
    {
        var (cluster, pool) = Pool("Linux", "Ubuntu", "1.33.5", "AKSUbuntu-2204gen2containerd-202611.10.0");
        var versions = new KubernetesSupportIndex(
        [
            new KubernetesMinorRelease("westeurope", "1.33", false, false, ["AKSLongTermSupport"], [new KubernetesPatchRelease("1.33.5", ["1.34.2"])]),
            new KubernetesMinorRelease("westeurope", "1.34", false, true, ["KubernetesOfficial", "AKSLongTermSupport"], [new KubernetesPatchRelease("1.34.2", [])]),
        ]);

        var result = Assessor().Assess(cluster, pool, Latest("westeurope"), new DateOnly(2026, 11, 25), versions);

        Assert.Equal(KubernetesSupportStatus.OutOfSupport, result.KubernetesSupport.Status);
        Assert.Equal(["1.34.2"], result.KubernetesSupport.Upgrades);
    }

    private static PoolAssessor Assessor() => new(s_catalog, new AssessmentPolicy());

    private static LatestImageIndex Latest(string location) => new(
        s_published.Select(full => new LatestNodeImage(location, full)),
        hasReleaseHistory: true);

    private static (ClusterInfo Cluster, NodePoolInfo Pool) Pool(string osType, string? osSku, string kubernetes, string? image)
    {
        var cluster = new ClusterInfo
        {
            Id = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1",
            SubscriptionId = "s1",
            ResourceGroup = "rg",
            Name = "c1",
            Location = "westeurope",
            KubernetesVersion = kubernetes,
            CurrentKubernetesVersion = kubernetes,
        };
        var pool = new NodePoolInfo
        {
            Name = "pool1",
            OsType = osType,
            OsSku = osSku,
            NodeImageVersion = image,
            OrchestratorVersion = kubernetes,
            CurrentOrchestratorVersion = kubernetes,
        };
        return (cluster, pool);
    }
}
