using System.Globalization;
using System.Text.RegularExpressions;

namespace AksUpgradeDashboard.Model;

/// <summary>
/// Parses AKS <c>nodeImageVersion</c> strings (<c>&lt;Gallery&gt;-&lt;SKU&gt;-&lt;Version&gt;[-&lt;SecurityPatch date&gt;]</c>)
/// and compares them numerically. Nothing here throws: input that is not understood gives an unrecognised result.
/// </summary>
public static partial class NodeImageVersionParser
{
    // Real values are about 60 characters; anything far longer is not a node image version.
    private const int MaxLength = 256;

    // Keeps reasons readable when the input is long.
    private const int MaxQuotedLength = 80;

    // Old API examples use ':' (AKSUbuntu:1604:2020.03.11), so both separators are accepted.
    private static readonly char[] s_separators = ['-', ':'];

    private static readonly Dictionary<string, (string Name, NodeImageFamily Family)> s_galleries =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["AKSUbuntu"] = ("AKSUbuntu", NodeImageFamily.Ubuntu),
            ["AKSUbuntuEdgeZone"] = ("AKSUbuntuEdgeZone", NodeImageFamily.UbuntuEdgeZone),
            ["AKSAzureLinux"] = ("AKSAzureLinux", NodeImageFamily.AzureLinux),
            ["AKSAzureLinuxEdgeZone"] = ("AKSAzureLinuxEdgeZone", NodeImageFamily.AzureLinuxEdgeZone),
            ["AKSCBLMariner"] = ("AKSCBLMariner", NodeImageFamily.CblMariner),
            ["AKSWindows"] = ("AKSWindows", NodeImageFamily.Windows),
            ["AKSFlatcar"] = ("AKSFlatcar", NodeImageFamily.Flatcar),
            ["AKSAzureContainerLinux"] = ("AKSAzureContainerLinux", NodeImageFamily.AzureContainerLinux),
        };

    private static readonly Dictionary<string, NodeImageFeatures> s_skuFlags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gen2"] = NodeImageFeatures.Gen2,
        ["arm64"] = NodeImageFeatures.Arm64,
        ["fips"] = NodeImageFeatures.Fips,
        ["CVM"] = NodeImageFeatures.ConfidentialVm,
        ["kata"] = NodeImageFeatures.Kata,
        ["minimal"] = NodeImageFeatures.Minimal,
        ["gb200"] = NodeImageFeatures.Gb200,
        ["gb"] = NodeImageFeatures.Gb200,
        ["gpu"] = NodeImageFeatures.Gpu,
        ["TL"] = NodeImageFeatures.TrustedLaunch,
    };

    // Standard Windows build numbers, used when the SKU does not name the OS.
    private static readonly Dictionary<int, string> s_windowsBuilds = new()
    {
        [17763] = "Windows2019",
        [20348] = "Windows2022",
        [25398] = "WindowsAnnual23H2",
        [26100] = "Windows2025",
    };

    // [0-9] rather than \d everywhere: \d also matches non-ASCII digits.
    [GeneratedRegex(@"^[0-9]+\.[0-9]+\.[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionShapeRegex();

    [GeneratedRegex(@"^(?<year>[0-9]{4})(?<month>[0-9]{2})\.(?<day>[0-9]{2})\.(?<patch>[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DatedBuildRegex();

    [GeneratedRegex(@"^(?<year>[0-9]{4})\.(?<month>[0-9]{2})\.(?<day>[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex CalendarDateRegex();

    [GeneratedRegex(@"^(?<build>[0-9]+)\.(?<ubr>[0-9]+)\.(?<year>[0-9]{2})(?<month>[0-9]{2})(?<day>[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WindowsVersionRegex();

    // Flags in any order (AgentBaker writes 2204gen2fipsTL and 2604minimalgen2); containerd is optional: Docker-era SKUs
    // were plain "1804" / "1604". gb200 before gb, so the longer spelling wins.
    [GeneratedRegex(
        @"^(?<os>[0-9]{4})(?<flag>gen2|arm64|gb200|gb|gpu|fips|TL|CVM|minimal)*(?:containerd)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UbuntuSkuRegex();

    // Flags after V<major> are taken in any order; the alternatives start with different letters, so matching stays linear.
    [GeneratedRegex(@"^(?<osguard>OSGuard)?V(?<major>[0-9]{1,2})(?<flag>kata|gen2|arm64|fips|TL|CVM)*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AzureLinuxSkuRegex();

    // Azure Container Linux in the AKSAzureLinux gallery (AgentBaker: aclgen2TL, aclgen2arm64TL, aclgen2fipsTL, aclgen2arm64fipsTL).
    [GeneratedRegex(@"^acl(?<flag>gen2|arm64|fips|TL)*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AzureLinuxAclSkuRegex();

    [GeneratedRegex(@"^flatcar(?<flag>gen2|arm64)*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FlatcarSkuRegex();

    // AgentBaker folders are gen2tl and arm64gen2tl; the docs also show no SKU at all.
    [GeneratedRegex(@"^(?<flag>arm64|gen2|TL)*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AzureContainerLinuxSkuRegex();

    // 2022-containerd-gen2, 2025-gen2-tl (Trusted Launch), 23H2, or no OS at all (the build number tells it then).
    [GeneratedRegex(@"^(?<os>2019|2022|23H2|2025)?(?:-?containerd)?(?:-?(?<flag>gen2|tl))*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WindowsSkuRegex();

    /// <summary>
    /// A readable name for an OS id this parser produces (<c>Ubuntu1604</c> → "Ubuntu 16.04"), for messages about an OS the
    /// catalog does not know; the catalog's own names are used for the OS versions it lists.
    /// </summary>
    public static string DescribeOsId(string osId)
    {
        var ubuntu = UbuntuOsIdRegex().Match(osId);
        if (ubuntu.Success)
        {
            return $"Ubuntu {ubuntu.Groups["year"].Value}.{ubuntu.Groups["month"].Value}";
        }

        var azureLinux = AzureLinuxOsIdRegex().Match(osId);
        if (azureLinux.Success)
        {
            return $"Azure Linux {azureLinux.Groups["major"].Value}.0";
        }

        return osId.StartsWith("Windows", StringComparison.Ordinal) && osId.Length > "Windows".Length
            ? $"Windows Server {osId["Windows".Length..]}"
            : osId;
    }

    [GeneratedRegex(@"^Ubuntu(?<year>[0-9]{2})(?<month>[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex UbuntuOsIdRegex();

    [GeneratedRegex(@"^AzureLinux(?<major>[0-9]{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex AzureLinuxOsIdRegex();

    /// <summary>Parses a node image version string. Never throws.</summary>
    public static NodeImageVersion Parse(string? value)
    {
        var raw = value?.Trim() ?? "";
        if (raw.Length == 0)
        {
            return Unrecognised(raw, "No node image version reported.");
        }

        if (raw.Length > MaxLength)
        {
            return Unrecognised(raw, $"{Quote(raw)} is too long to be an AKS node image version.");
        }

        var parts = raw.Split(s_separators);
        if (!s_galleries.TryGetValue(parts[0], out var gallery))
        {
            var detail = parts.Length > 1 && parts[0].StartsWith("AKS", StringComparison.OrdinalIgnoreCase)
                ? $": unknown image gallery {Quote(parts[0])}"
                : "";
            return Unrecognised(raw, $"{Quote(raw)} is not a known AKS node image version{detail}.");
        }

        if (Array.Exists(parts, p => p.Length == 0))
        {
            return Unrecognised(raw, $"{Quote(raw)} has an empty segment.");
        }

        // The SecurityPatch channel appends "-YYYY.MM.DD" after the version.
        var versionIndex = parts.Length - 1;
        string? securityPatch = null;
        if (parts.Length >= 3 && CalendarDateRegex().IsMatch(parts[^1]) && VersionShapeRegex().IsMatch(parts[^2]))
        {
            securityPatch = parts[^1];
            versionIndex = parts.Length - 2;
        }

        if (versionIndex < 1 || !VersionShapeRegex().IsMatch(parts[versionIndex]))
        {
            return Unrecognised(raw, $"{Quote(raw)} has no version part (expected e.g. {gallery.Name}-<SKU>-202509.11.0).");
        }

        var version = parts[versionIndex];
        var sku = string.Join('-', parts, 1, versionIndex - 1);
        if (sku.Length == 0 && gallery.Family != NodeImageFamily.AzureContainerLinux)
        {
            return Unrecognised(raw, $"{Quote(raw)} has no image SKU between the gallery and the version.");
        }

        var isWindows = gallery.Family == NodeImageFamily.Windows;
        if (isWindows && securityPatch is not null)
        {
            return Unrecognised(raw, $"{Quote(raw)} has a SecurityPatch suffix, which Windows images do not use.");
        }

        var parsedVersion = isWindows ? ParseWindowsVersion(version) : ParseLinuxVersion(version);
        if (parsedVersion.Error is not null)
        {
            return Unrecognised(raw, $"{Quote(raw)} is not a valid {gallery.Name} image version: {parsedVersion.Error}");
        }

        DateOnly? securityPatchDate = null;
        if (securityPatch is not null)
        {
            securityPatchDate = ParseCalendarDate(securityPatch);
            if (securityPatchDate is null)
            {
                return Unrecognised(raw, $"{Quote(raw)} has a SecurityPatch suffix {Quote(securityPatch)} that is not a valid date.");
            }
        }

        var parsedSku = gallery.Family switch
        {
            NodeImageFamily.Ubuntu or NodeImageFamily.UbuntuEdgeZone => ParseUbuntuSku(sku),
            NodeImageFamily.AzureLinux or NodeImageFamily.AzureLinuxEdgeZone or NodeImageFamily.CblMariner => ParseAzureLinuxSku(sku),
            NodeImageFamily.Flatcar => ParseFlagsSku(FlatcarSkuRegex().Match(sku), "Flatcar"),
            NodeImageFamily.AzureContainerLinux => ParseFlagsSku(AzureContainerLinuxSkuRegex().Match(sku), "AzureContainerLinux"),
            NodeImageFamily.Windows => ParseWindowsSku(sku, parsedVersion.WindowsBuild),
            _ => new SkuInfo(null, NodeImageFeatures.None, "unsupported gallery."),
        };
        if (parsedSku.Error is not null)
        {
            return Unrecognised(raw, $"{Quote(raw)} has an image SKU {Quote(sku)} that is not understood for {gallery.Name}: {parsedSku.Error}");
        }

        return new NodeImageVersion
        {
            Raw = raw,
            Format = parsedVersion.Format,
            Gallery = gallery.Name,
            Family = gallery.Family,
            Sku = sku,
            OsId = parsedSku.OsId,
            Features = parsedSku.Features,
            Version = version,
            BuildDate = parsedVersion.BuildDate,
            Patch = parsedVersion.Patch,
            WindowsBuild = parsedVersion.WindowsBuild,
            WindowsRevision = parsedVersion.WindowsRevision,
            SecurityPatchDate = securityPatchDate,
        };
    }

    /// <summary>
    /// Compares the versions of two images of the same family: negative when <paramref name="a"/> is older, 0 when equal,
    /// positive when newer. Null when either is unrecognised or the families differ. The SKU is not compared.
    /// </summary>
    public static int? CompareVersions(NodeImageVersion a, NodeImageVersion b)
    {
        if (a is null || b is null || !a.IsRecognised || !b.IsRecognised || a.Family != b.Family)
        {
            return null;
        }

        var aWindows = a.Format == NodeImageVersionFormat.WindowsBuild;
        if (aWindows != (b.Format == NodeImageVersionFormat.WindowsBuild))
        {
            return null;
        }

        int result;
        if (aWindows)
        {
            result = Nullable.Compare(a.WindowsBuild, b.WindowsBuild);
            if (result == 0)
            {
                result = Nullable.Compare(a.WindowsRevision, b.WindowsRevision);
            }

            if (result == 0)
            {
                result = Nullable.Compare(a.BuildDate, b.BuildDate);
            }
        }
        else
        {
            // Legacy YYYY.MM.DD has Patch 0, so it lines up with YYYYMM.DD.0 of the same day.
            result = Nullable.Compare(a.BuildDate, b.BuildDate);
            if (result == 0)
            {
                result = a.Patch.CompareTo(b.Patch);
            }
        }

        if (result == 0)
        {
            // Nullable.Compare puts null first: an unpatched base image is older than a patched one.
            result = Nullable.Compare(a.SecurityPatchDate, b.SecurityPatchDate);
        }

        return Math.Sign(result);
    }

    private static VersionInfo ParseLinuxVersion(string version)
    {
        var dated = DatedBuildRegex().Match(version);
        if (dated.Success)
        {
            var date = ToDate(dated);
            if (date is null)
            {
                return VersionInfo.Invalid($"{Quote(version)} does not hold a valid YYYYMM.DD build date.");
            }

            if (!TryParseInt(dated.Groups["patch"].ValueSpan, out var patch))
            {
                return VersionInfo.Invalid($"the patch number in {Quote(version)} is out of range.");
            }

            return new VersionInfo(NodeImageVersionFormat.DatedBuild, date, patch, null, null, null);
        }

        var legacy = CalendarDateRegex().Match(version);
        if (legacy.Success)
        {
            var date = ToDate(legacy);
            return date is null
                ? VersionInfo.Invalid($"{Quote(version)} is not a valid YYYY.MM.DD date.")
                : new VersionInfo(NodeImageVersionFormat.LegacyDate, date, 0, null, null, null);
        }

        return VersionInfo.Invalid($"{Quote(version)} is neither YYYYMM.DD.patch nor YYYY.MM.DD.");
    }

    private static VersionInfo ParseWindowsVersion(string version)
    {
        var match = WindowsVersionRegex().Match(version);
        if (!match.Success)
        {
            return VersionInfo.Invalid($"{Quote(version)} is not build.revision.YYMMDD.");
        }

        if (!TryParseInt(match.Groups["build"].ValueSpan, out var build)
            || !TryParseInt(match.Groups["ubr"].ValueSpan, out var revision))
        {
            return VersionInfo.Invalid($"the build or revision number in {Quote(version)} is out of range.");
        }

        // YYMMDD: the century is implied.
        var date = ToDate(match, 2000);
        return date is null
            ? VersionInfo.Invalid($"{Quote(version)} does not end in a valid YYMMDD date.")
            : new VersionInfo(NodeImageVersionFormat.WindowsBuild, date, 0, build, revision, null);
    }

    private static SkuInfo ParseUbuntuSku(string sku)
    {
        var match = UbuntuSkuRegex().Match(sku);
        if (!match.Success)
        {
            return SkuInfo.Invalid("expected e.g. 2204gen2containerd.");
        }

        // Ubuntu releases are YY.04 or YY.10; this rejects numbers such as 2022 that are not Ubuntu versions.
        var os = match.Groups["os"].Value;
        if (!os.EndsWith("04", StringComparison.Ordinal) && !os.EndsWith("10", StringComparison.Ordinal))
        {
            return SkuInfo.Invalid($"'{os}' is not an Ubuntu release.");
        }

        var features = CollectFlags(match);
        return features is null
            ? SkuInfo.Invalid("unknown variant.")
            : new SkuInfo("Ubuntu" + os, features.Value, null);
    }

    private static SkuInfo ParseAzureLinuxSku(string sku)
    {
        var acl = AzureLinuxAclSkuRegex().Match(sku);
        if (acl.Success)
        {
            return ParseFlagsSku(acl, "AzureContainerLinux");
        }

        var match = AzureLinuxSkuRegex().Match(sku);
        if (!match.Success)
        {
            return SkuInfo.Invalid("expected e.g. V3gen2 or aclgen2TL.");
        }

        if (CollectFlags(match) is not { } features)
        {
            return SkuInfo.Invalid("a variant is unknown or repeated.");
        }

        // Both groups are at most two ASCII digits, so parsing cannot fail.
        var major = int.Parse(match.Groups["major"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        if (match.Groups["osguard"].Success)
        {
            return major >= 3
                ? new SkuInfo($"AzureLinuxOSGuard{major}", features | NodeImageFeatures.OsGuard, null)
                : SkuInfo.Invalid("OS Guard images exist only for Azure Linux 3 and later.");
        }

        return major switch
        {
            0 => SkuInfo.Invalid("V0 is not an Azure Linux version."),
            1 => new SkuInfo("CBLMariner1", features, null),
            _ => new SkuInfo($"AzureLinux{major}", features, null),
        };
    }

    private static SkuInfo ParseFlagsSku(Match match, string osId)
    {
        if (!match.Success)
        {
            return SkuInfo.Invalid("unknown variant.");
        }

        var features = CollectFlags(match);
        return features is null ? SkuInfo.Invalid("a variant is unknown or repeated.") : new SkuInfo(osId, features.Value, null);
    }

    private static SkuInfo ParseWindowsSku(string sku, int? build)
    {
        var match = WindowsSkuRegex().Match(sku);
        if (!match.Success)
        {
            return SkuInfo.Invalid("expected e.g. 2022-containerd-gen2.");
        }

        // The SKU names the OS; the build number is only a fallback. A mismatch (2022 with build 17763) keeps the SKU's OS.
        string? osId = match.Groups["os"].Value.ToUpperInvariant() switch
        {
            "2019" => "Windows2019",
            "2022" => "Windows2022",
            "23H2" => "WindowsAnnual23H2",
            "2025" => "Windows2025",
            _ => build is { } b ? s_windowsBuilds.GetValueOrDefault(b) : null,
        };

        // Only the name tells Gen2: AKSWindows-2025-… (without gen2) is a Gen1 image of its own lineage.
        return CollectFlags(match) is { } features
            ? new SkuInfo(osId, features, null)
            : SkuInfo.Invalid("unknown or repeated variant.");
    }

    /// <summary>Features from the "flag" captures; null when one appears twice (e.g. gen2gen2) or is unknown.</summary>
    private static NodeImageFeatures? CollectFlags(Match match)
    {
        var features = NodeImageFeatures.None;
        foreach (Capture capture in match.Groups["flag"].Captures)
        {
            // TryGetValue, not the indexer: case-insensitive regex matching can accept letters (e.g. the Kelvin sign for k)
            // that the ordinal dictionary does not.
            if (!s_skuFlags.TryGetValue(capture.Value, out var flag) || (features & flag) != 0)
            {
                return null;
            }

            features |= flag;
        }

        return features;
    }

    private static DateOnly? ParseCalendarDate(string value)
    {
        var match = CalendarDateRegex().Match(value);
        return match.Success ? ToDate(match) : null;
    }

    /// <summary>Date from the year/month/day groups; null when it is not a calendar date (e.g. month 13).</summary>
    private static DateOnly? ToDate(Match match, int century = 0)
    {
        // The groups are 2 or 4 ASCII digits, so parsing cannot overflow.
        var year = century + int.Parse(match.Groups["year"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups["month"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["day"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        return new DateOnly(year, month, day);
    }

    private static bool TryParseInt(ReadOnlySpan<char> digits, out int value) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static NodeImageVersion Unrecognised(string raw, string reason) => new()
    {
        Raw = raw,
        Format = NodeImageVersionFormat.Unrecognised,
        UnrecognisedReason = reason,
    };

    private static string Quote(string text) =>
        text.Length <= MaxQuotedLength ? $"'{text}'" : $"'{text[..MaxQuotedLength]}…'";

    private readonly record struct VersionInfo(
        NodeImageVersionFormat Format,
        DateOnly? BuildDate,
        int Patch,
        int? WindowsBuild,
        int? WindowsRevision,
        string? Error)
    {
        public static VersionInfo Invalid(string error) =>
            new(NodeImageVersionFormat.Unrecognised, null, 0, null, null, error);
    }

    private readonly record struct SkuInfo(string? OsId, NodeImageFeatures Features, string? Error)
    {
        public static SkuInfo Invalid(string error) => new(null, NodeImageFeatures.None, error);
    }
}
