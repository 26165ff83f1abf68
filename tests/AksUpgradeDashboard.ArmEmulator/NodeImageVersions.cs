using System.Globalization;

namespace AksUpgradeDashboard.ArmEmulator;

/// <summary>Node image naming helpers: one lineage per full name without its version.</summary>
public static class NodeImageVersions
{
    /// <summary>
    /// The lineage prefix of an image: its full name without the version (<c>AKSWindows-2022-containerd-gen2-</c>), or
    /// <c>"{os}-{sku}-"</c> when an item has no full name.
    /// </summary>
    public static string LineagePrefix(string? fullName, string os, string sku, string version) =>
        fullName is not null && fullName.EndsWith("-" + version, StringComparison.OrdinalIgnoreCase)
            ? fullName[..^version.Length]
            : $"{os}-{sku}-";

    /// <summary>
    /// Compares two image versions segment by segment (<c>202611.10.0</c>, <c>20348.4851.261111</c>): numeric segments as
    /// numbers, others ordinally; a version with more segments sorts after its prefix.
    /// </summary>
    public static int CompareVersions(string? left, string? right)
    {
        if (ReferenceEquals(left, right))
        {
            return 0;
        }

        if (left is null)
        {
            return -1;
        }

        if (right is null)
        {
            return 1;
        }

        var a = left.Split('.');
        var b = right.Split('.');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var bothNumeric = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var x)
                & long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var y);
            var result = bothNumeric ? x.CompareTo(y) : string.CompareOrdinal(a[i], b[i]);
            if (result != 0)
            {
                return result;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
