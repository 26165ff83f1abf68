using System.Globalization;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Tests.Model;

/// <summary>
/// The parser against node image names seen in public sources (TestData/real-node-image-names.tsv: each line names its
/// source). A family that appears in the wild and does not parse fails here instead of turning pools Unknown.
/// </summary>
public class RealImageNameCorpusTests
{
    private const int MinimumCorpusSize = 80;

    // Families the corpus must hold: each of these prefixes starts at least one name.
    private static readonly string[] s_requiredLineages =
    [
        "AKSWindows-2019-containerd-", "AKSWindows-2022-containerd-", "AKSWindows-2022-containerd-gen2-", "AKSWindows-23H2-",
        "AKSWindows-23H2-gen2-", "AKSWindows-2025-", "AKSWindows-2025-gen2-",
        "AKSUbuntu-2204gen2fipsTLcontainerd-", "AKSUbuntu-2404gen2arm64gbcontainerd-", "AKSUbuntu-2604minimalgen2containerd-",
        "AKSUbuntu-2604minimalgen2arm64containerd-",
        "AKSAzureLinux-aclgen2TL-", "AKSAzureLinux-aclgen2arm64TL-", "AKSAzureLinux-aclgen2fipsTL-", "AKSAzureLinux-aclgen2arm64fipsTL-",
        "AKSAzureContainerLinux-", "AKSAzureLinuxEdgeZone-", "AKSUbuntuEdgeZone-",
        "AKSUbuntu-1804gpu-", "AKSUbuntu-1804gen2gpu-", "AKSUbuntu-1804gpucontainerd-", "AKSUbuntu-1804gen2gpucontainerd-",
        "AKSUbuntu-1604-", "AKSCBLMariner-V1-", "AKSCBLMariner-V2", "AKSAzureLinux-V2", "AKSAzureLinux-V3", "AKSAzureLinux-OSGuardV3",
        "AKSFlatcar-",
    ];

    // OS versions a real image names that the catalog deliberately does not list: pools on them are Unknown.
    private static readonly string[] s_outsideCatalog = ["Ubuntu1604"];

    public static TheoryData<string> CorpusNames() => [.. CorpusEntry.ReadAll().Select(e => e.FullName)];

    [Theory]
    [MemberData(nameof(CorpusNames))]
    public void Parse_RealName_GivesTheExpectedOsLineageVersionAndDate(string fullName)
    {
        var entry = CorpusEntry.ReadAll().Single(e => e.FullName == fullName);
        var image = NodeImageVersionParser.Parse(entry.FullName);

        Assert.True(image.IsRecognised, $"{entry.FullName} ({entry.Source}): {image.UnrecognisedReason}");
        Assert.Equal(entry.OsId, image.OsId);
        Assert.Equal(entry.Lineage, image.Lineage);
        Assert.Equal(entry.Version, image.Version);
        Assert.Equal(entry.BuildDate, image.BuildDate);
        Assert.Equal(entry.Features, image.Features);
    }

    [Fact]
    public void Corpus_IsLargeHasASourceForEachNameAndCoversEveryFamily()
    {
        var entries = CorpusEntry.ReadAll();

        Assert.True(entries.Count >= MinimumCorpusSize, $"The corpus has {entries.Count} names; it needs at least {MinimumCorpusSize}.");
        Assert.All(entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Source), $"{e.FullName} has no source."));
        Assert.Equal(entries.Count, entries.Select(e => e.FullName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var missing = s_requiredLineages
            .Where(prefix => !entries.Any(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();
        Assert.True(missing.Count == 0, "The corpus has no name for: " + string.Join(", ", missing));
    }

    [Fact]
    public void Catalog_KnowsEveryOsTheCorpusNames_ExceptTheOnesLeftOutOnPurpose()
    {
        var catalog = OsCatalog.LoadDefault();

        var unknown = CorpusEntry.ReadAll()
            .Select(e => e.OsId)
            .Distinct(StringComparer.Ordinal)
            .Where(id => catalog.FindOsVersion(id) is null)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(s_outsideCatalog, unknown);
    }

    /// <summary>One line of the corpus.</summary>
    public sealed record CorpusEntry(string FullName, string OsId, string Lineage, string Version, DateOnly BuildDate, NodeImageFeatures Features, string Source)
    {
        private static readonly string s_path = Path.Combine(AppContext.BaseDirectory, "TestData", "real-node-image-names.tsv");

        public static IReadOnlyList<CorpusEntry> ReadAll() =>
            [.. File.ReadLines(s_path)
                .Select((line, index) => (Line: line, Number: index + 1))
                .Where(l => l.Line.Length > 0 && !l.Line.StartsWith('#'))
                .Select(l => Parse(l.Line, l.Number))];

        private static CorpusEntry Parse(string line, int number)
        {
            var columns = line.Split('\t');
            if (columns.Length != 7)
            {
                throw new FormatException($"real-node-image-names.tsv line {number} has {columns.Length} columns; expected 7.");
            }

            var features = NodeImageFeatures.None;
            foreach (var name in columns[5].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                features |= Enum.Parse<NodeImageFeatures>(name);
            }

            return new CorpusEntry(
                columns[0], columns[1], columns[2], columns[3],
                DateOnly.ParseExact(columns[4], "yyyy-MM-dd", CultureInfo.InvariantCulture), features, columns[6]);
        }
    }
}
