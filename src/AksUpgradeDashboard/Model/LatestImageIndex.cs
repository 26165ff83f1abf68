using System.Collections.Frozen;
using System.Collections.Immutable;

namespace AksUpgradeDashboard.Model;

/// <summary>
/// Latest node image per (region, image lineage), built once per snapshot so each pool is a dictionary lookup. The lineage
/// comes from parsing each image's full name, the same way as a pool's, so both sides always agree.
/// </summary>
public sealed class LatestImageIndex
{
    private readonly FrozenDictionary<string, ImmutableArray<NodeImageVersion>> _releasesByKey;

    public LatestImageIndex(IEnumerable<LatestNodeImage> images, bool hasReleaseHistory)
    {
        HasReleaseHistory = hasReleaseHistory;
        _releasesByKey = images
            .Select(i => (i.Location, Image: NodeImageVersionParser.Parse(i.FullName)))
            .Where(x => x.Image.IsRecognised)
            .Select(x => (Key: Key(x.Location, x.Image.Lineage), x.Image))
            .GroupBy(x => x.Key, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(
                g => g.Key,
                g => g.Select(x => x.Image)
                    .DistinctBy(i => i.Raw, StringComparer.OrdinalIgnoreCase) // a SecurityPatch suffix makes another release of the same version
                    .OrderByDescending(i => i, NodeImageVersionComparer.Instance)
                    .ToImmutableArray(),
                StringComparer.OrdinalIgnoreCase);
    }

    public static LatestImageIndex Empty { get; } = new([], hasReleaseHistory: false);

    public bool HasReleaseHistory { get; }

    public NodeImageVersion? FindLatest(string location, string lineage) =>
        _releasesByKey.TryGetValue(Key(location, lineage), out var releases) && releases.Length > 0 ? releases[0] : null;

    /// <summary>How many known releases of the lineage are newer than <paramref name="current"/>; null without release history.</summary>
    public int? CountNewer(string location, NodeImageVersion current)
    {
        if (!HasReleaseHistory || !_releasesByKey.TryGetValue(Key(location, current.Lineage), out var releases))
        {
            return null;
        }

        return releases.Count(r => NodeImageVersionParser.CompareVersions(r, current) > 0);
    }

    /// <summary>ARM writes regions as <c>westeurope</c>; some tools write <c>West Europe</c>.</summary>
    public static string NormalizeLocation(string location) =>
        location.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();

    private static string Key(string location, string lineage) => $"{NormalizeLocation(location)}|{lineage}";

    private sealed class NodeImageVersionComparer : IComparer<NodeImageVersion>
    {
        public static readonly NodeImageVersionComparer Instance = new();

        public int Compare(NodeImageVersion? x, NodeImageVersion? y) =>
            x is null || y is null ? 0 : NodeImageVersionParser.CompareVersions(x, y) ?? 0;
    }
}
