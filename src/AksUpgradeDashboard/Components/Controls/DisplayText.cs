using System.Globalization;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Components.Controls;

/// <summary>How values read on every page, so a date, a count or a missing date means the same everywhere.</summary>
public static class DisplayText
{
    /// <summary>A count with thousands separators in the viewer's culture (10,000 pools).</summary>
    public static string Number(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>
    /// The end of support of an OS: its date; "ended" when it is past without a date kept; "not announced" when the
    /// vendor has named none yet (a current OS); "unknown" when the pool's OS itself is not known.
    /// </summary>
    public static string EndOfSupport(OsVersionInfo? os) => os switch
    {
        null => "unknown (OS not known)",
        { EndOfSupport: { } date } => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        { SupportEnded: true } => "ended",
        _ => "not announced",
    };

    /// <summary>How a pool gets to its next OS, with the osSKU as the command takes it.</summary>
    public static string UpgradePath(UpgradePath? path, string? targetOsSku) => path switch
    {
        Catalog.UpgradePath.InPlaceOsSku => $"In place: --os-sku {targetOsSku}",
        Catalog.UpgradePath.NewNodePool => $"New node pool ({targetOsSku})",
        _ => "—",
    };

    /// <summary>The kind of change, as the plan form's choices say it.</summary>
    public static string Kind(UpgradeKind kind) => kind switch
    {
        UpgradeKind.NodeImage => "Node image upgrade",
        UpgradeKind.OsSkuChange => "OS SKU change (in place)",
        UpgradeKind.KubernetesVersion => "Kubernetes version upgrade",
        _ => "New node pool (blue/green)",
    };

    /// <summary>
    /// What a window moves its pools to, as people say it: "Azure Linux 3.0 (AzureLinux3)", "Kubernetes 1.35", "the latest
    /// node image". The osSKU id stays beside the name: it is what the commands take.
    /// </summary>
    public static string Target(UpgradeKind kind, string? target, OsCatalog catalog) => (kind, target) switch
    {
        (UpgradeKind.NodeImage, _) or (_, null) => "the latest node image",
        (UpgradeKind.KubernetesVersion, _) => $"Kubernetes {target}",
        _ when catalog.OsSkuDisplayName(target) is var name && name != target => $"{name} ({target})",
        _ => target,
    };
}
