using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AksUpgradeDashboard.Model;

/// <summary>A Kubernetes version as AKS reports it: <c>1.33</c> or <c>1.33.2</c>. Only major and minor matter for the OS rules.</summary>
public readonly record struct KubernetesVersion(int Major, int Minor, int? Patch = null) : IComparable<KubernetesVersion>
{
    public static bool TryParse([NotNullWhen(true)] string? value, out KubernetesVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var parts = value.Trim().TrimStart('v', 'V').Split('.');
        if (parts.Length is < 2 or > 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }

        int? patch = null;
        if (parts.Length == 3)
        {
            if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                return false;
            }

            patch = p;
        }

        version = new KubernetesVersion(major, minor, patch);
        return true;
    }

    public static KubernetesVersion? ParseOrNull(string? value) => TryParse(value, out var v) ? v : null;

    public KubernetesVersion NextMinor => new(Major, Minor + 1);

    /// <summary>Compares major and minor only; patch releases never change the OS a SKU gives.</summary>
    public int CompareTo(KubernetesVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public override string ToString() => Patch is { } p
        ? string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{p}")
        : string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    public static bool operator <(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) >= 0;
}
