using System.Globalization;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Components.Controls;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Components.Tests.Controls;

/// <summary>Issue 16: counts without separators, an unknown end of support read as "none", targets as osSKU ids.</summary>
public class DisplayTextTests
{
    private static readonly OsCatalog s_catalog = OsCatalog.LoadDefault();

    [Theory]
    [InlineData("en-US", 10000, "10,000")]
    [InlineData("en-US", 4504, "4,504")]
    [InlineData("en-US", 81, "81")]
    [InlineData("de-DE", 10000, "10.000")]
    public void Number_InTheViewersCulture_HasThousandsSeparators(string culture, int value, string expected)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            Assert.Equal(expected, DisplayText.Number(value));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("Ubuntu2204", "2027-06-30")]
    [InlineData("Ubuntu2404", "not announced")]
    [InlineData(null, "unknown (OS not known)")]
    public void EndOfSupport_DateNotAnnouncedOrUnknown_ReadDifferently(string? osId, string expected) =>
        Assert.Equal(expected, DisplayText.EndOfSupport(s_catalog.FindOsVersion(osId)));

    [Theory]
    [InlineData(UpgradeKind.OsSkuChange, "AzureLinux3", "Azure Linux 3.0 (AzureLinux3)")]
    [InlineData(UpgradeKind.NewNodePool, "Windows2022", "Windows Server 2022 (Windows2022)")]
    [InlineData(UpgradeKind.NewNodePool, "SomethingNew", "SomethingNew")]
    [InlineData(UpgradeKind.KubernetesVersion, "1.35", "Kubernetes 1.35")]
    [InlineData(UpgradeKind.NodeImage, null, "the latest node image")]
    public void Target_ReadsAsTheOsBesideTheId(UpgradeKind kind, string? target, string expected) =>
        Assert.Equal(expected, DisplayText.Target(kind, target, s_catalog));
}
