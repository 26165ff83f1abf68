using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;

namespace AksUpgradeDashboard.Model;

/// <summary>Where a cluster's or pool's Kubernetes minor stands in AKS's support window. Ordered from best to worst.</summary>
public enum KubernetesSupportStatus
{
    Supported,

    /// <summary>Listed as preview: no SLA, not for production.</summary>
    Preview,

    /// <summary>Supported only under the Long Term Support plan (Premium tier), which the cluster has.</summary>
    LtsOnly,

    /// <summary>Not listed for the region, or LTS-only while the cluster is not on the LTS plan.</summary>
    OutOfSupport,

    /// <summary>The region's versions were not read, or the cluster reports no version.</summary>
    Unknown,
}

/// <summary>One patch of a minor and the versions a cluster on it can upgrade to.</summary>
public sealed record KubernetesPatchRelease(string Version, ImmutableArray<string> Upgrades);

/// <summary>One item of ARM <c>locations/{location}/kubernetesVersions</c>: a minor offered in a region.</summary>
public sealed record KubernetesMinorRelease(
    string Location,
    string Version,
    bool IsPreview,
    bool IsDefault,
    ImmutableArray<string> SupportPlans,
    ImmutableArray<KubernetesPatchRelease> Patches);

/// <summary>The judgement of one Kubernetes version: its status, why, and what it can be upgraded to (oldest first).</summary>
public sealed record KubernetesSupport(KubernetesSupportStatus Status, string Reason, ImmutableArray<string> Upgrades)
{
    public static KubernetesSupport Unknown(string reason) => new(KubernetesSupportStatus.Unknown, reason, []);
}

/// <summary>
/// The Kubernetes minors AKS offers per region, built once per snapshot. Pure: the same releases, version and plan always
/// give the same answer. A minor whose support plans list only <see cref="LongTermSupportPlan"/> is supported only for
/// clusters on that plan; a minor that is not listed is out of support (arm-rest.md, aks-2026-updates.md).
/// </summary>
public sealed class KubernetesSupportIndex
{
    public const string OfficialPlan = "KubernetesOfficial";
    public const string LongTermSupportPlan = "AKSLongTermSupport";

    private readonly FrozenDictionary<string, ImmutableArray<KubernetesMinorRelease>> _byLocation;

    public KubernetesSupportIndex(IEnumerable<KubernetesMinorRelease> releases)
    {
        _byLocation = releases
            .GroupBy(r => LatestImageIndex.NormalizeLocation(r.Location), StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.OrdinalIgnoreCase);
    }

    public static KubernetesSupportIndex Empty { get; } = new([]);

    /// <summary>Judges <paramref name="version"/> in <paramref name="location"/> for a cluster on <paramref name="supportPlan"/>.</summary>
    public KubernetesSupport Assess(string location, string? version, string? supportPlan)
    {
        if (!_byLocation.TryGetValue(LatestImageIndex.NormalizeLocation(location), out var minors) || minors.IsEmpty)
        {
            return KubernetesSupport.Unknown($"The Kubernetes versions offered in {Region(location)} were not read.");
        }

        if (!KubernetesVersion.TryParse(version, out var current))
        {
            return KubernetesSupport.Unknown(string.IsNullOrWhiteSpace(version)
                ? "No Kubernetes version is reported."
                : $"'{version}' is not a Kubernetes version.");
        }

        var minorText = Minor(current);
        var release = minors.FirstOrDefault(m => KubernetesVersion.ParseOrNull(m.Version) is { } v && v.CompareTo(current) == 0);
        if (release is null)
        {
            var listed = minors.Select(m => KubernetesVersion.ParseOrNull(m.Version)).OfType<KubernetesVersion>().ToList();
            if (listed.Count > 0 && current > listed.Max())
            {
                return KubernetesSupport.Unknown($"Kubernetes {minorText} is newer than every version AKS lists in {Region(location)}.");
            }

            var oldest = listed.Count > 0 ? $" The oldest version offered there is {Minor(listed.Min())}." : "";
            return new(KubernetesSupportStatus.OutOfSupport,
                $"Kubernetes {minorText} is out of support: AKS no longer lists it in {Region(location)}.{oldest}",
                UpgradesFrom(minors, current));
        }

        var upgrades = UpgradesFrom(minors, current);
        if (release.IsPreview)
        {
            return new(KubernetesSupportStatus.Preview, $"Kubernetes {minorText} is a preview in {Region(location)}: no SLA, not for production.", upgrades);
        }

        var plans = release.SupportPlans;
        if (plans.IsDefaultOrEmpty || plans.Contains(OfficialPlan, StringComparer.OrdinalIgnoreCase))
        {
            return new(KubernetesSupportStatus.Supported, $"Kubernetes {minorText} is supported.", upgrades);
        }

        if (plans.Contains(LongTermSupportPlan, StringComparer.OrdinalIgnoreCase))
        {
            return string.Equals(supportPlan, LongTermSupportPlan, StringComparison.OrdinalIgnoreCase)
                ? new(KubernetesSupportStatus.LtsOnly, $"Kubernetes {minorText} is supported only under Long Term Support, which this cluster has (Premium tier).", upgrades)
                : new(KubernetesSupportStatus.OutOfSupport,
                    $"Kubernetes {minorText} is supported only under Long Term Support (Premium tier, support plan {LongTermSupportPlan}); this cluster is on {supportPlan ?? OfficialPlan}.",
                    upgrades);
        }

        return KubernetesSupport.Unknown($"Kubernetes {minorText} lists no support plan this dashboard knows ({string.Join(", ", plans)}).");
    }

    /// <summary>
    /// The versions ARM lists as upgrades of the exact patch; for a version without a listed patch, the newer patches of
    /// its minor and what the newest of them can reach. Sorted oldest first, so the next step leads.
    /// </summary>
    private static ImmutableArray<string> UpgradesFrom(ImmutableArray<KubernetesMinorRelease> minors, KubernetesVersion current)
    {
        var patches = minors.SelectMany(m => m.Patches)
            .Select(p => (Release: p, Version: KubernetesVersion.ParseOrNull(p.Version)))
            .Where(p => p.Version is not null)
            .Select(p => (p.Release, Version: p.Version!.Value))
            .ToList();
        IEnumerable<string> candidates;
        if (patches.FirstOrDefault(p => Compare(p.Version, current) == 0 && p.Version.Patch == current.Patch) is { Release: { } exact })
        {
            candidates = exact.Upgrades;
        }
        else
        {
            // Not a listed patch (e.g. "1.33", or a minor no longer offered): newer patches of the minor and what the newest
            // reaches, or else the patches of the oldest newer minor listed, which is where an out-of-support cluster goes.
            var sameMinor = patches.Where(p => p.Version.CompareTo(current) == 0 && Compare(p.Version, current) > 0).ToList();
            var nextListed = patches.Where(p => p.Version > current).Select(p => p.Version).DefaultIfEmpty().Min();
            candidates = sameMinor.Count > 0
                ? sameMinor.Select(p => p.Release.Version).Concat(sameMinor.MaxBy(p => p.Version, FullComparer.Instance).Release.Upgrades)
                : patches.Where(p => p.Version > current && p.Version.CompareTo(nextListed) == 0).Select(p => p.Release.Version);
        }

        return [.. candidates
            .Select(c => (Text: c, Version: KubernetesVersion.ParseOrNull(c)))
            .Where(c => c.Version is { } v && Compare(v, current) > 0)
            .DistinctBy(c => c.Text, StringComparer.OrdinalIgnoreCase)
            .OrderBy(c => c.Version!.Value, FullComparer.Instance)
            .Select(c => c.Text)];
    }

    private static int Compare(KubernetesVersion a, KubernetesVersion b) => FullComparer.Instance.Compare(a, b);

    private static string Minor(KubernetesVersion v) => string.Create(CultureInfo.InvariantCulture, $"{v.Major}.{v.Minor}");

    private static string Region(string location) => location.Length == 0 ? "the cluster's region" : location;

    /// <summary>Orders by major, minor, then patch (a missing patch first).</summary>
    private sealed class FullComparer : IComparer<KubernetesVersion>
    {
        public static readonly FullComparer Instance = new();

        public int Compare(KubernetesVersion x, KubernetesVersion y)
        {
            var byMinor = x.CompareTo(y);
            return byMinor != 0 ? byMinor : Nullable.Compare(x.Patch, y.Patch);
        }
    }
}
