using System.Collections.Frozen;
using System.Collections.Immutable;
using AksUpgradeDashboard.Model;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration.Json;

namespace AksUpgradeDashboard.Catalog;

/// <summary>How a pool moves to the next OS major version.</summary>
public enum UpgradePath
{
    /// <summary><c>az aks nodepool update --os-sku</c> reimages the pool in place (Linux only).</summary>
    InPlaceOsSku,

    /// <summary>Add a pool on the new OS, move workloads, delete the old pool (Windows, or blue/green).</summary>
    NewNodePool,
}

/// <summary>An OS version a pool can move to, the osSKU that gives it and how the move is made.</summary>
public sealed record OsSuccessor(string OsId, string OsSku, UpgradePath UpgradePath);

/// <summary>One OS version and its lifecycle, with the source the dates came from.</summary>
public sealed record OsVersionInfo(
    string Id,
    string OsName,
    string Version,
    string OsType,
    DateOnly? EndOfSupport,
    DateOnly? ImagesRemoved,
    bool SupportEnded,
    string? Source,
    DateOnly? AsOf,
    string? SuccessorId,
    UpgradePath? UpgradePath,
    string? SuccessorOsSku,
    string? Note)
{
    public string DisplayName => Version.Length == 0 ? OsName : $"{OsName} {Version}";

    /// <summary>Offered as a preview only: shown as such, never proposed as a target.</summary>
    public bool Preview { get; init; }

    /// <summary>Where a pool can go from here, in order of preference (the first is <see cref="SuccessorId"/>).</summary>
    public ImmutableArray<OsSuccessor> Successors { get; init; } = [];
}

public sealed record OsSkuRule(string OsId, KubernetesVersion? MinKubernetes, KubernetesVersion? MaxKubernetes, bool? Fips, bool? Cvm)
{
    public bool Matches(KubernetesVersion? kubernetes, bool fips, bool cvm)
    {
        if (Fips is { } f && f != fips)
        {
            return false;
        }

        if (Cvm is { } c && c != cvm)
        {
            return false;
        }

        if (kubernetes is not { } k)
        {
            // Without a version only an unbounded rule can be trusted.
            return MinKubernetes is null && MaxKubernetes is null;
        }

        return (MinKubernetes is not { } min || k >= min) && (MaxKubernetes is not { } max || k <= max);
    }
}

public sealed record OsSkuInfo(string Name, string OsType, bool Versioned, bool Deprecated, ImmutableArray<OsSkuRule> Rules, string? Note)
{
    public bool Preview { get; init; }

    /// <summary>The last Kubernetes minor for which AKS has said what this SKU gives (beyond it: "not announced").</summary>
    public KubernetesVersion? AnnouncedThrough { get; init; }

    public string? MinimumAzureCli { get; init; }

    /// <summary>Extra flags for <c>az aks nodepool update --os-sku</c> to this SKU; already validated as plain <c>--flag</c> words.</summary>
    public string? ChangeArguments { get; init; }

    /// <summary>Extra flags for <c>az aks nodepool add --os-sku</c> with this SKU; already validated as plain <c>--flag</c> words.</summary>
    public string? AddArguments { get; init; }

    /// <summary>Whether AKS has an image of this SKU for the variant at any Kubernetes version (e.g. Ubuntu2204 has no CVM image).</summary>
    public bool SupportsVariant(bool fips, bool cvm) =>
        Rules.Any(r => (r.Fips is not { } f || f == fips) && (r.Cvm is not { } c || c == cvm));
}

/// <summary>The result of resolving an osSKU to an OS version; <see cref="Os"/> is null with a reason when it cannot be told.</summary>
public sealed record OsResolution(OsVersionInfo? Os, string? Reason);

/// <summary>
/// OS versions, their lifecycle dates, and which OS each osSKU gives at each Kubernetes version. Immutable; built from
/// <see cref="OsCatalogOptions"/> (the shipped os-catalog.json plus configuration overrides).
/// </summary>
public sealed partial class OsCatalog
{
    private const string ResourceName = "AksUpgradeDashboard.Catalog.os-catalog.json";

    // Catalog flags go into copy-pasteable shell commands, so only plain --long-flags are accepted.
    [GeneratedRegex(@"^--[a-z0-9][a-z0-9-]*( --[a-z0-9][a-z0-9-]*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex FlagsRegex();

    [GeneratedRegex(@"^[0-9]{1,3}\.[0-9]{1,3}(\.[0-9]{1,3})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex CliVersionRegex();

    private OsCatalog(
        DateOnly? asOf,
        FrozenDictionary<string, OsVersionInfo> osVersions,
        FrozenDictionary<string, OsSkuInfo> osSkus)
    {
        AsOf = asOf;
        OsVersions = osVersions;
        OsSkus = osSkus;
    }

    public DateOnly? AsOf { get; }

    public FrozenDictionary<string, OsVersionInfo> OsVersions { get; }

    public FrozenDictionary<string, OsSkuInfo> OsSkus { get; }

    /// <summary>Adds the shipped catalog as the lowest-priority configuration source, so every other source overrides it.</summary>
    public static void AddDefaults(IConfigurationBuilder configuration)
    {
        var source = new JsonStreamConfigurationSource { Stream = OpenDefaultData() };
        configuration.Sources.Insert(0, source);
    }

    /// <summary>The shipped catalog with no overrides.</summary>
    public static OsCatalog LoadDefault()
    {
        using var stream = OpenDefaultData();
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).Build();
        var options = new OsCatalogOptions();
        configuration.GetSection(OsCatalogOptions.SectionName).Bind(options);
        return Create(options, out var errors)
            ?? throw new InvalidOperationException("The shipped OS catalog is invalid: " + string.Join(" ", errors));
    }

    /// <summary>Validates and freezes the catalog. Every error names the configuration key to fix.</summary>
    public static OsCatalog? Create(OsCatalogOptions options, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var versions = new Dictionary<string, OsVersionInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, v) in options.OsVersions)
        {
            var key = $"{OsCatalogOptions.SectionName}:OsVersions:{id}";
            if (string.IsNullOrWhiteSpace(v.OsName))
            {
                problems.Add($"{key}:OsName is required.");
            }

            if (v.OsType is not ("Linux" or "Windows"))
            {
                problems.Add($"{key}:OsType must be 'Linux' or 'Windows' (was '{v.OsType}').");
            }

            var path = ParseUpgradePath(v.UpgradePath, $"{key}:UpgradePath", problems);

            if (v.EndOfSupport is { } eos && v.ImagesRemoved is { } removed && removed < eos)
            {
                problems.Add($"{key}:ImagesRemoved ({removed:yyyy-MM-dd}) is before {key}:EndOfSupport ({eos:yyyy-MM-dd}).");
            }

            var successors = ImmutableArray.CreateBuilder<OsSuccessor>();
            if (v.Successor is not null && v.SuccessorOsSku is not null && path is { } mainPath)
            {
                successors.Add(new OsSuccessor(v.Successor, v.SuccessorOsSku, mainPath));
            }

            for (var i = 0; i < v.OtherSuccessors.Count; i++)
            {
                var other = v.OtherSuccessors[i];
                var otherKey = $"{key}:OtherSuccessors:{i}";
                var otherPath = ParseUpgradePath(other.UpgradePath, $"{otherKey}:UpgradePath", problems);
                if (other.Os is null || other.OsSku is null || otherPath is null)
                {
                    problems.Add($"{otherKey} needs Os, OsSku and UpgradePath.");
                    continue;
                }

                successors.Add(new OsSuccessor(other.Os, other.OsSku, otherPath.Value));
            }

            versions[id] = new OsVersionInfo(
                id, v.OsName ?? id, v.Version ?? "", v.OsType ?? "", v.EndOfSupport, v.ImagesRemoved, v.SupportEnded,
                v.Source, v.AsOf, v.Successor, path, v.SuccessorOsSku, v.Note)
            {
                Preview = v.Preview,
                Successors = successors.ToImmutable(),
            };
        }

        foreach (var v in versions.Values)
        {
            if (v.SuccessorId is not null && !versions.ContainsKey(v.SuccessorId))
            {
                problems.Add($"{OsCatalogOptions.SectionName}:OsVersions:{v.Id}:Successor '{v.SuccessorId}' is not a key of {OsCatalogOptions.SectionName}:OsVersions.");
            }

            foreach (var other in v.Successors.Skip(v.SuccessorId is null ? 0 : 1).Where(o => !versions.ContainsKey(o.OsId)))
            {
                problems.Add($"{OsCatalogOptions.SectionName}:OsVersions:{v.Id}:OtherSuccessors: '{other.OsId}' is not a key of {OsCatalogOptions.SectionName}:OsVersions.");
            }
        }

        var skus = new Dictionary<string, OsSkuInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, s) in options.OsSkus)
        {
            var key = $"{OsCatalogOptions.SectionName}:OsSkus:{name}";
            var rules = ImmutableArray.CreateBuilder<OsSkuRule>();
            for (var i = 0; i < s.Rules.Count; i++)
            {
                var r = s.Rules[i];
                var ruleKey = $"{key}:Rules:{i}";
                if (r.Os is null || !versions.ContainsKey(r.Os))
                {
                    problems.Add($"{ruleKey}:Os '{r.Os}' is not a key of {OsCatalogOptions.SectionName}:OsVersions.");
                    continue;
                }

                var min = ParseBound(r.MinKubernetes, $"{ruleKey}:MinKubernetes", problems);
                var max = ParseBound(r.MaxKubernetes, $"{ruleKey}:MaxKubernetes", problems);
                rules.Add(new OsSkuRule(r.Os, min, max, r.Fips, r.Cvm));
            }

            if (s.OsType is not ("Linux" or "Windows"))
            {
                problems.Add($"{key}:OsType must be 'Linux' or 'Windows' (was '{s.OsType}').");
            }

            if (s.ChangeArguments is { } change && !FlagsRegex().IsMatch(change))
            {
                problems.Add($"{key}:ChangeArguments must be plain flags such as '--enable-vtpm' (was '{change}').");
            }

            if (s.AddArguments is { } add && !FlagsRegex().IsMatch(add))
            {
                problems.Add($"{key}:AddArguments must be plain flags such as '--enable-fips-image' (was '{add}').");
            }

            if (s.MinimumAzureCli is { } cli && !CliVersionRegex().IsMatch(cli))
            {
                problems.Add($"{key}:MinimumAzureCli must be a version such as 2.86.0 (was '{cli}').");
            }

            skus[name] = new OsSkuInfo(name, s.OsType ?? "", s.Versioned, s.Deprecated, rules.ToImmutable(), s.Note)
            {
                Preview = s.Preview,
                AnnouncedThrough = ParseBound(s.AnnouncedThrough, $"{key}:AnnouncedThrough", problems),
                MinimumAzureCli = s.MinimumAzureCli,
                ChangeArguments = s.ChangeArguments,
                AddArguments = s.AddArguments,
            };
        }

        foreach (var (id, successor) in versions.Values.SelectMany(v => v.Successors.Select(o => (v.Id, o))).Where(x => !skus.ContainsKey(x.o.OsSku)))
        {
            problems.Add($"{OsCatalogOptions.SectionName}:OsVersions:{id}: successor osSKU '{successor.OsSku}' is not a key of {OsCatalogOptions.SectionName}:OsSkus.");
        }

        errors = problems;
        return problems.Count > 0
            ? null
            : new OsCatalog(options.AsOf, versions.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), skus.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The catalog is older than this many days: admins are asked to check its facts.</summary>
    public const int StaleAfterDays = 90;

    /// <summary>True when the catalog's as-of date is more than <see cref="StaleAfterDays"/> days before <paramref name="today"/> (or unknown).</summary>
    public bool IsStale(DateOnly today) => AsOf is not { } asOf || today.DayNumber - asOf.DayNumber > StaleAfterDays;

    /// <summary>
    /// The facts an admin should check when the catalog is stale: OS versions whose own facts are older than
    /// <see cref="StaleAfterDays"/> days, soonest deadline first (those matter most), each with its source.
    /// </summary>
    public IReadOnlyList<OsVersionInfo> FactsToCheck(DateOnly today) =>
        [.. OsVersions.Values
            .Where(v => v.AsOf is not { } asOf || today.DayNumber - asOf.DayNumber > StaleAfterDays)
            .Where(v => !v.SupportEnded && (v.ImagesRemoved is not { } removed || removed >= today))
            .OrderBy(v => v.EndOfSupport ?? DateOnly.MaxValue)
            .ThenBy(v => v.Id, StringComparer.Ordinal)];

    /// <summary>
    /// An osSKU as people say it: a versioned SKU by its OS (<c>Ubuntu2604</c> is "Ubuntu 26.04"); an unversioned one
    /// (<c>Ubuntu</c>, <c>AzureLinux</c>), whose OS follows the Kubernetes version, or one the catalog lacks, as it is.
    /// </summary>
    public string OsSkuDisplayName(string? osSku) =>
        osSku is null ? "default"
        : OsSkus.TryGetValue(osSku, out var sku) && sku.Versioned && sku.Rules.Select(r => r.OsId).Distinct(StringComparer.OrdinalIgnoreCase).ToList() is [var osId]
            && FindOsVersion(osId) is { } os
            ? os.DisplayName
            : osSku;

    public OsVersionInfo? FindOsVersion(string? id) =>
        id is not null && OsVersions.TryGetValue(id, out var info) ? info : null;

    /// <summary>
    /// Which OS version a pool with this osSKU runs at a Kubernetes version. A missing osSKU means the API default:
    /// Ubuntu for Linux, the Windows default for Windows.
    /// </summary>
    public OsResolution ResolveOs(string? osType, string? osSku, KubernetesVersion? kubernetes, bool fips, bool cvm)
    {
        var skuName = string.IsNullOrWhiteSpace(osSku)
            ? string.Equals(osType, "Windows", StringComparison.OrdinalIgnoreCase) ? "Windows" : "Ubuntu"
            : osSku;
        if (!OsSkus.TryGetValue(skuName, out var sku))
        {
            return new OsResolution(null, $"osSKU '{skuName}' is not in the OS catalog.");
        }

        foreach (var rule in sku.Rules)
        {
            if (rule.Matches(kubernetes, fips, cvm))
            {
                return new OsResolution(OsVersions[rule.OsId], null);
            }
        }

        var variant = fips ? " with FIPS" : cvm ? " on confidential VMs" : "";
        if (kubernetes is { } beyond && sku.AnnouncedThrough is { } announced && beyond > announced)
        {
            return new OsResolution(null, $"AKS has not announced which OS osSKU '{skuName}'{variant} gives on Kubernetes {beyond.Major}.{beyond.Minor} (known through {announced}).");
        }

        return kubernetes is { } k
            ? new OsResolution(null, $"osSKU '{skuName}'{variant} has no OS version for Kubernetes {k.Major}.{k.Minor}.")
            : new OsResolution(null, $"osSKU '{skuName}'{variant} needs a Kubernetes version to tell its OS version.");
    }

    /// <summary>
    /// The OS a pool runs. One rule for every caller: the node image says what the nodes really run; the osSKU rules
    /// are the fallback when the image names no OS. An image naming an OS the catalog does not list gives no OS (with
    /// the reason) rather than the osSKU's guess, which would be wrong.
    /// </summary>
    public OsResolution ResolvePoolOs(string? osType, string? osSku, NodeImageVersion image, KubernetesVersion? kubernetes, bool fips, bool cvm)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.OsId is { } fromImage)
        {
            return FindOsVersion(fromImage) is { } os
                ? new OsResolution(os, null)
                : new OsResolution(null, $"OS {NodeImageVersionParser.DescribeOsId(fromImage)} is not in the catalog, so its support cannot be judged (node image {image.Raw}).");
        }

        return ResolveOs(osType, osSku, kubernetes, fips, cvm);
    }

    /// <summary>
    /// The OS a pool runs after an upgrade to Kubernetes <paramref name="target"/>. Linux pools follow their osSKU's
    /// rules. Windows pools never change OS on a Kubernetes upgrade, whatever the default SKU does for new pools: they
    /// keep their OS while AKS offers it at the target, and otherwise cannot be upgraded (the path is a new pool).
    /// </summary>
    public OsResolution ResolveOsAtKubernetes(OsVersionInfo? current, string? osType, string? osSku, KubernetesVersion target, bool fips, bool cvm)
    {
        var windows = string.Equals(osType, "Windows", StringComparison.OrdinalIgnoreCase)
            || string.Equals(current?.OsType, "Windows", StringComparison.OrdinalIgnoreCase);
        if (!windows)
        {
            return ResolveOs(osType, osSku, target, fips, cvm);
        }

        if (current is null)
        {
            return new OsResolution(null, "The pool's Windows version is not known.");
        }

        var offered = OsSkus.Values.Any(s => s.Versioned && string.Equals(s.OsType, "Windows", StringComparison.OrdinalIgnoreCase)
            && s.Rules.Any(r => string.Equals(r.OsId, current.Id, StringComparison.OrdinalIgnoreCase) && r.Matches(target, fips, cvm)));
        if (offered)
        {
            return new OsResolution(current, null);
        }

        var next = ChooseSuccessor(current, fips, cvm) is { } successor ? FindOsVersion(successor.OsId) : null;
        var path = next is null ? "" : $": add a {next.DisplayName} pool and move the workloads before upgrading";
        return new OsResolution(null, $"{current.DisplayName} is not offered on Kubernetes {target.Major}.{target.Minor}{path}.");
    }

    /// <summary>
    /// The first successor of <paramref name="os"/> that has an image for the pool's variant (a 20.04 CVM pool goes to
    /// 24.04: Ubuntu2204 has no CVM image); null when there is none. Preview OS versions are never proposed.
    /// </summary>
    public OsSuccessor? ChooseSuccessor(OsVersionInfo? os, bool fips, bool cvm) =>
        os?.Successors.FirstOrDefault(s =>
            OsSkus.TryGetValue(s.OsSku, out var sku)
            && sku.SupportsVariant(fips, cvm)
            && FindOsVersion(s.OsId) is { Preview: false });

    private static UpgradePath? ParseUpgradePath(string? value, string key, List<string> problems)
    {
        if (value is null)
        {
            return null;
        }

        if (Enum.TryParse<UpgradePath>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            return parsed;
        }

        problems.Add($"{key} must be one of {string.Join(", ", Enum.GetNames<UpgradePath>())} (was '{value}').");
        return null;
    }

    private static KubernetesVersion? ParseBound(string? value, string key, List<string> problems)
    {
        if (value is null)
        {
            return null;
        }

        if (KubernetesVersion.TryParse(value, out var v))
        {
            return v;
        }

        problems.Add($"{key} '{value}' is not a Kubernetes version such as 1.33.");
        return null;
    }

    private static Stream OpenDefaultData() =>
        typeof(OsCatalog).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the build.");
}
