using System.Collections.Frozen;
using System.Collections.Immutable;
using AksUpgradeDashboard.Model;
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

public sealed record OsSkuInfo(string Name, string OsType, bool Versioned, bool Deprecated, ImmutableArray<OsSkuRule> Rules, string? Note);

/// <summary>The result of resolving an osSKU to an OS version; <see cref="Os"/> is null with a reason when it cannot be told.</summary>
public sealed record OsResolution(OsVersionInfo? Os, string? Reason);

/// <summary>
/// OS versions, their lifecycle dates, and which OS each osSKU gives at each Kubernetes version. Immutable; built from
/// <see cref="OsCatalogOptions"/> (the shipped os-catalog.json plus configuration overrides).
/// </summary>
public sealed class OsCatalog
{
    private const string ResourceName = "AksUpgradeDashboard.Catalog.os-catalog.json";

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

            UpgradePath? path = null;
            if (v.UpgradePath is not null)
            {
                if (Enum.TryParse<UpgradePath>(v.UpgradePath, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
                {
                    path = parsed;
                }
                else
                {
                    problems.Add($"{key}:UpgradePath must be one of {string.Join(", ", Enum.GetNames<UpgradePath>())} (was '{v.UpgradePath}').");
                }
            }

            if (v.EndOfSupport is { } eos && v.ImagesRemoved is { } removed && removed < eos)
            {
                problems.Add($"{key}:ImagesRemoved ({removed:yyyy-MM-dd}) is before {key}:EndOfSupport ({eos:yyyy-MM-dd}).");
            }

            versions[id] = new OsVersionInfo(
                id, v.OsName ?? id, v.Version ?? "", v.OsType ?? "", v.EndOfSupport, v.ImagesRemoved, v.SupportEnded,
                v.Source, v.AsOf, v.Successor, path, v.SuccessorOsSku, v.Note);
        }

        foreach (var v in versions.Values)
        {
            if (v.SuccessorId is not null && !versions.ContainsKey(v.SuccessorId))
            {
                problems.Add($"{OsCatalogOptions.SectionName}:OsVersions:{v.Id}:Successor '{v.SuccessorId}' is not a key of {OsCatalogOptions.SectionName}:OsVersions.");
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

            skus[name] = new OsSkuInfo(name, s.OsType ?? "", s.Versioned, s.Deprecated, rules.ToImmutable(), s.Note);
        }

        errors = problems;
        return problems.Count > 0
            ? null
            : new OsCatalog(options.AsOf, versions.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), skus.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

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
        return kubernetes is { } k
            ? new OsResolution(null, $"osSKU '{skuName}'{variant} has no OS version for Kubernetes {k.Major}.{k.Minor}.")
            : new OsResolution(null, $"osSKU '{skuName}'{variant} needs a Kubernetes version to tell its OS version.");
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
