using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Tests.Catalog;

public class OsCatalogTests
{
    private static readonly OsCatalog s_catalog = OsCatalog.LoadDefault();

    [Fact]
    public void LoadDefault_ShippedData_IsValidAndDated()
    {
        Assert.NotNull(s_catalog.AsOf);
        Assert.True(s_catalog.OsVersions.Count >= 14);
        Assert.All(s_catalog.OsVersions.Values, os =>
        {
            Assert.False(string.IsNullOrWhiteSpace(os.Source), $"{os.Id} has no source");
            Assert.NotNull(os.AsOf);
        });
    }

    public static TheoryData<string, string?, string?, bool, bool, string?> Resolutions => new()
    {
        // osType, osSku, kubernetes, fips, cvm, expected OS id (null: cannot be told)
        { "Linux", "Ubuntu", "1.30", false, false, "Ubuntu2204" },
        { "Linux", "Ubuntu", "1.34.2", false, false, "Ubuntu2204" },
        { "Linux", "Ubuntu", "1.35", false, false, "Ubuntu2404" },
        { "Linux", "Ubuntu", "1.24", false, false, "Ubuntu1804" },
        { "Linux", null, "1.33", false, false, "Ubuntu2204" },
        { "Linux", "Ubuntu", "1.34", true, false, "Ubuntu2004" },
        { "Linux", "Ubuntu", "1.35", true, false, "Ubuntu2204" },
        { "Linux", "Ubuntu", "1.26", true, false, "Ubuntu1804" },
        { "Linux", "Ubuntu", "1.33", false, true, "Ubuntu2004" },
        { "Linux", "Ubuntu", "1.34", false, true, "Ubuntu2404" },
        { "Linux", "Ubuntu2204", "1.36", false, false, "Ubuntu2204" },
        { "Linux", "Ubuntu2204", "1.37", false, false, null },
        { "Linux", "Ubuntu2404", "1.32", false, false, "Ubuntu2404" },
        { "Linux", "Ubuntu2404", "1.31", false, false, null },
        { "Linux", "Ubuntu2404", "1.33", true, false, null },
        { "Linux", "AzureLinux", "1.31", false, false, "AzureLinux2" },
        { "Linux", "AzureLinux", "1.32", false, false, "AzureLinux3" },
        { "Linux", "AzureLinux", "1.37", false, false, null },
        { "Linux", "AzureLinux3", "1.28", false, false, "AzureLinux3" },
        { "Linux", "AzureLinux3", "1.27", false, false, null },
        { "Linux", "CBLMariner", "1.30", false, false, "AzureLinux2" },
        { "Linux", "Mariner", "1.33", false, false, "AzureLinux3" },
        { "Linux", "AzureLinuxOSGuard", "1.33", true, false, "AzureLinuxOSGuard3" },
        { "Linux", "Flatcar", "1.33", false, false, "Flatcar" },
        { "Linux", "AzureContainerLinux", "1.34", false, false, "AzureContainerLinux" },
        { "Linux", "AzureContainerLinux", "1.33", false, false, null },
        { "Windows", null, "1.24", false, false, "Windows2019" },
        { "Windows", null, "1.30", false, false, "Windows2022" },
        { "Windows", null, "1.37", false, false, "Windows2025" },
        { "Windows", "Windows2019", "1.32", false, false, "Windows2019" },
        { "Windows", "Windows2019", "1.33", false, false, null },
        { "Windows", "Windows2022", "1.36", false, false, "Windows2022" },
        { "Windows", "Windows2022", "1.37", false, false, null },
        { "Windows", "Windows2025", "1.32", false, false, "Windows2025" },
        { "Windows", "WindowsAnnual", "1.30", false, false, "WindowsAnnual23H2" },
        { "Windows", "WindowsAnnual", "1.37", false, false, null },
        { "Windows", "Windows2025", "1.37", false, false, "Windows2025" },
        { "Linux", "Ubuntu2604", "1.36", false, false, "Ubuntu2604" },
        { "Linux", "Ubuntu2604", "1.35", false, false, null },
        { "Linux", "Ubuntu2604", "1.36", false, true, null },
        { "Linux", "Ubuntu", "1.37", false, false, "Ubuntu2404" },
        { "Linux", "Ubuntu", "1.38", false, false, null },
        { "Linux", "Ubuntu", "1.36", true, false, "Ubuntu2204" },
        { "Linux", "Ubuntu", "1.37", true, false, null },
        { "Linux", "Ubuntu2204", "1.34", false, true, null },
        { "Linux", "Ubuntu2404", "1.33", false, true, null },
        { "Linux", "Ubuntu2404", "1.34", false, true, "Ubuntu2404" },
        { "Linux", "AzureLinux", "1.28", false, true, "AzureLinux3" },
        { "Linux", "Ubuntu", null, false, false, null },
        { "Linux", "Flatcar", null, false, false, "Flatcar" },
    };

    [Theory]
    [MemberData(nameof(Resolutions))]
    public void ResolveOs_SkuAndKubernetesVersion_GivesOsVersion(string osType, string? osSku, string? kubernetes, bool fips, bool cvm, string? expected)
    {
        var resolution = s_catalog.ResolveOs(osType, osSku, KubernetesVersion.ParseOrNull(kubernetes), fips, cvm);

        Assert.Equal(expected, resolution.Os?.Id);
        if (expected is null)
        {
            Assert.False(string.IsNullOrWhiteSpace(resolution.Reason));
        }
    }

    [Theory]
    [InlineData("Ubuntu2204", "Ubuntu", "22.04", "2027-06-30", "2028-04-30", "Ubuntu2404")]
    [InlineData("AzureLinux2", "Azure Linux", "2.0", "2025-11-30", "2026-03-31", "AzureLinux3")]
    [InlineData("Windows2019", "Windows Server", "2019", "2026-03-01", "2027-04-01", "Windows2022")]
    [InlineData("Windows2022", "Windows Server", "2022", "2028-06-30", "2029-06-30", "Windows2025")]
    [InlineData("Ubuntu2004", "Ubuntu", "20.04", "2027-03-17", "2027-03-17", "Ubuntu2204")]
    [InlineData("AzureLinuxOSGuard3", "Azure Linux with OS Guard", "3.0", "2026-12-10", "2027-03-10", "AzureContainerLinux")]
    public void FindOsVersion_KnownId_HasLifecycleFromSources(string id, string osName, string version, string endOfSupport, string imagesRemoved, string successor)
    {
        var os = s_catalog.FindOsVersion(id);

        Assert.NotNull(os);
        Assert.Equal(osName, os.OsName);
        Assert.Equal(version, os.Version);
        Assert.Equal(DateOnly.Parse(endOfSupport, System.Globalization.CultureInfo.InvariantCulture), os.EndOfSupport);
        Assert.Equal(DateOnly.Parse(imagesRemoved, System.Globalization.CultureInfo.InvariantCulture), os.ImagesRemoved);
        Assert.Equal(successor, os.SuccessorId);
    }

    [Fact]
    public void WindowsVersions_NextMajor_NeedsNewNodePool()
    {
        Assert.All(s_catalog.OsVersions.Values.Where(o => o.OsType == "Windows" && o.SuccessorId is not null),
            o => Assert.Equal(UpgradePath.NewNodePool, o.UpgradePath));
        Assert.All(s_catalog.OsVersions.Values.Where(o => o.OsType == "Linux" && o.SuccessorId is not null),
            o => Assert.Equal(UpgradePath.InPlaceOsSku, o.UpgradePath));
    }

    [Fact]
    public void AddDefaults_ConfigurationOverride_ReplacesOneDateAndKeepsTheRest()
    {
        // Arrange: the shipped data first, then a later source moving one date, as appsettings or env vars would.
        var builder = new ConfigurationBuilder();
        builder.AddInMemoryCollection(new Dictionary<string, string?> { ["OsCatalog:OsVersions:Ubuntu2204:EndOfSupport"] = "2027-09-30" });
        OsCatalog.AddDefaults(builder);
        var options = new OsCatalogOptions();

        // Act
        builder.Build().GetSection(OsCatalogOptions.SectionName).Bind(options);
        var catalog = OsCatalog.Create(options, out var errors);

        // Assert
        Assert.Empty(errors);
        Assert.Equal(new DateOnly(2027, 9, 30), catalog!.FindOsVersion("Ubuntu2204")!.EndOfSupport);
        Assert.Equal(new DateOnly(2028, 4, 30), catalog.FindOsVersion("Ubuntu2204")!.ImagesRemoved);
        Assert.Equal(new DateOnly(2025, 11, 30), catalog.FindOsVersion("AzureLinux2")!.EndOfSupport);
    }

    [Theory]
    [InlineData("OsCatalog:OsSkus:Ubuntu:Rules:0:Os", "Ubuntu2504", "OsCatalog:OsSkus:Ubuntu:Rules:0:Os 'Ubuntu2504' is not a key of OsCatalog:OsVersions.")]
    [InlineData("OsCatalog:OsSkus:Ubuntu:Rules:1:MinKubernetes", "one-dot-two", "OsCatalog:OsSkus:Ubuntu:Rules:1:MinKubernetes 'one-dot-two' is not a Kubernetes version such as 1.33.")]
    [InlineData("OsCatalog:OsVersions:Ubuntu2204:Successor", "Ubuntu9999", "OsCatalog:OsVersions:Ubuntu2204:Successor 'Ubuntu9999' is not a key of OsCatalog:OsVersions.")]
    [InlineData("OsCatalog:OsVersions:Ubuntu2204:UpgradePath", "Teleport", "OsCatalog:OsVersions:Ubuntu2204:UpgradePath must be one of InPlaceOsSku, NewNodePool (was 'Teleport').")]
    [InlineData("OsCatalog:OsVersions:Ubuntu2204:ImagesRemoved", "2027-01-01", "OsCatalog:OsVersions:Ubuntu2204:ImagesRemoved (2027-01-01) is before OsCatalog:OsVersions:Ubuntu2204:EndOfSupport (2027-06-30).")]
    [InlineData("OsCatalog:OsVersions:Ubuntu2204:OsType", "BeOS", "OsCatalog:OsVersions:Ubuntu2204:OsType must be 'Linux' or 'Windows' (was 'BeOS').")]
    public void Create_BadOverride_NamesTheKey(string key, string value, string expectedError)
    {
        var builder = new ConfigurationBuilder();
        builder.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        OsCatalog.AddDefaults(builder);
        var options = new OsCatalogOptions();
        builder.Build().GetSection(OsCatalogOptions.SectionName).Bind(options);

        var catalog = OsCatalog.Create(options, out var errors);

        Assert.Null(catalog);
        Assert.Contains(expectedError, errors);
    }

    [Theory]
    [InlineData("2026-12-05", false)]
    [InlineData("2027-03-05", false)]
    [InlineData("2027-03-06", true)]
    public void IsStale_MoreThan90DaysAfterTheAsOfDate(string today, bool stale)
    {
        Assert.Equal(new DateOnly(2026, 12, 5), s_catalog.AsOf);
        Assert.Equal(stale, s_catalog.IsStale(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void FactsToCheck_OldFactsSoonestDeadlineFirst_WithoutThoseLongPast()
    {
        var facts = s_catalog.FactsToCheck(new DateOnly(2027, 4, 1));

        Assert.NotEmpty(facts);
        Assert.All(facts, f => Assert.True(f.AsOf < new DateOnly(2027, 1, 1), f.Id));
        Assert.Equal(facts.OrderBy(f => f.EndOfSupport ?? DateOnly.MaxValue).Select(f => f.Id), facts.Select(f => f.Id));
        Assert.DoesNotContain(facts, f => f.Id is "CBLMariner1" or "AzureLinux2");
        Assert.Equal("Windows2019", facts[0].Id); // support ended, but its images are not removed until 2027-04-01
    }

    [Theory]
    [InlineData("Ubuntu2004", false, true, "Ubuntu2404")]
    [InlineData("Ubuntu2004", true, false, "Ubuntu2204")]
    [InlineData("Ubuntu2004", false, false, "Ubuntu2204")]
    [InlineData("Ubuntu2204", false, false, "Ubuntu2404")]
    [InlineData("Ubuntu2404", false, false, null)]
    public void ChooseSuccessor_FirstWithAnImageForTheVariant(string os, bool fips, bool cvm, string? expectedSku)
    {
        Assert.Equal(expectedSku, s_catalog.ChooseSuccessor(s_catalog.FindOsVersion(os), fips, cvm)?.OsSku);
    }

    [Theory]
    [InlineData("Ubuntu", "1.38", "AKS has not announced which OS osSKU 'Ubuntu' gives on Kubernetes 1.38 (known through 1.37).")]
    [InlineData("AzureLinux", "1.37", "AKS has not announced which OS osSKU 'AzureLinux' gives on Kubernetes 1.37 (known through 1.36).")]
    [InlineData("Ubuntu2204", "1.37", "osSKU 'Ubuntu2204' has no OS version for Kubernetes 1.37.")]
    public void ResolveOs_BeyondWhatIsAnnounced_SaysNotAnnounced(string sku, string kubernetes, string reason)
    {
        var resolution = s_catalog.ResolveOs("Linux", sku, KubernetesVersion.ParseOrNull(kubernetes), false, false);

        Assert.Null(resolution.Os);
        Assert.Equal(reason, resolution.Reason);
    }

    [Theory]
    [InlineData("ChangeArguments", "--enable-vtpm; rm -rf /")]
    [InlineData("AddArguments", "--enable-fips-image\n--x")]
    [InlineData("MinimumAzureCli", "latest")]
    public void Create_UnsafeFlagsOrVersion_RefusedNamingTheKey(string key, string value)
    {
        var options = new OsCatalogOptions();
        options.OsVersions["Ubuntu2404"] = new OsVersionOptions { OsName = "Ubuntu", Version = "24.04", OsType = "Linux" };
        var sku = new OsSkuOptions { OsType = "Linux", Rules = [new OsSkuRuleOptions { Os = "Ubuntu2404" }] };
        typeof(OsSkuOptions).GetProperty(key)!.SetValue(sku, value.Replace("\\n", "\n", StringComparison.Ordinal));
        options.OsSkus["Ubuntu2404"] = sku;

        var catalog = OsCatalog.Create(options, out var errors);

        Assert.Null(catalog);
        Assert.Contains(errors, e => e.StartsWith($"OsCatalog:OsSkus:Ubuntu2404:{key} ", StringComparison.Ordinal));
    }

    // Issue 16: osSKU ids were shown as ids ("Ubuntu2604") where people read OS names.
    [Theory]
    [InlineData("Ubuntu2604", "Ubuntu 26.04")]
    [InlineData("AzureLinux3", "Azure Linux 3.0")]
    [InlineData("Windows2022", "Windows Server 2022")]
    [InlineData("Ubuntu", "Ubuntu")]
    [InlineData("AzureLinux", "AzureLinux")]
    [InlineData("SomethingNew", "SomethingNew")]
    [InlineData(null, "default")]
    public void OsSkuDisplayName_VersionedSkusByTheirOs_OthersAsTheyAre(string? osSku, string expected) =>
        Assert.Equal(expected, OsCatalog.LoadDefault().OsSkuDisplayName(osSku));
}
