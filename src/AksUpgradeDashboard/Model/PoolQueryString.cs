using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using AksUpgradeDashboard.Model.Compliance;
using Microsoft.Extensions.Primitives;

namespace AksUpgradeDashboard.Model;

/// <summary>
/// Reads and writes <see cref="PoolQuery"/> as a query string, shared by the pools page URL, the API and the CSV
/// link: <c>?q=&amp;subscription=&amp;location=&amp;os=&amp;status=&amp;major=true&amp;kubernetes=&amp;kubernetesSupport=&amp;tag=&amp;compliance=&amp;sort=&amp;desc=</c>
/// (list keys repeat).
/// </summary>
public static class PoolQueryString
{
    public const string Search = "q";
    public const string Subscription = "subscription";
    public const string Location = "location";
    public const string Os = "os";
    public const string Status = "status";
    public const string MajorUpgrade = "major";
    public const string Kubernetes = "kubernetes";
    public const string KubernetesSupport = "kubernetesSupport";
    public const string Tag = "tag";
    public const string Compliance = "compliance";
    public const string Sort = "sort";
    public const string Descending = "desc";

    /// <summary>Parses a query; each value that is not understood adds an error naming the parameter.</summary>
    public static PoolQuery Parse(IEnumerable<KeyValuePair<string, StringValues>> query, out IReadOnlyList<string> errors)
    {
        var values = query.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();

        var statuses = ParseNames<PoolStatus>(values, Status, problems);
        var compliance = ParseNames<ComplianceOutcome>(values, Compliance, problems);
        var kubernetesSupport = ParseNames<KubernetesSupportStatus>(values, KubernetesSupport, problems);

        // Tags keep their commas (a tag value may contain one), so each tag is its own parameter.
        var tags = values.TryGetValue(Tag, out var tagValues) ? tagValues.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim()).ToList() : [];
        foreach (var tag in tags.Where(t => t.StartsWith('=')))
        {
            problems.Add($"tag '{tag}' must be key=value (or key= for clusters without the tag).");
        }

        var sortBy = PoolSortColumn.Status;
        if (First(values, Sort) is { } sortRaw)
        {
            if (TryParseName<PoolSortColumn>(sortRaw, out var parsed))
            {
                sortBy = parsed;
            }
            else
            {
                problems.Add($"sort '{sortRaw}' is not one of {string.Join(", ", Enum.GetNames<PoolSortColumn>())}.");
            }
        }

        var descending = ParseBool(values, Descending, defaultValue: true, problems);
        var major = ParseBool(values, MajorUpgrade, defaultValue: false, problems);

        errors = problems;
        return new PoolQuery
        {
            Search = First(values, Search),
            Subscriptions = [.. Values(values, Subscription)],
            Locations = [.. Values(values, Location)],
            OsVersions = [.. Values(values, Os)],
            Statuses = statuses,
            MajorUpgradeOnly = major,
            KubernetesVersions = [.. Values(values, Kubernetes)],
            KubernetesSupport = kubernetesSupport,
            Tags = [.. tags.Where(t => !t.StartsWith('='))],
            Compliance = compliance,
            SortBy = sortBy,
            Descending = descending,
        };
    }

    /// <summary>The query as a string starting with '?', or empty; defaults are left out so links stay short.</summary>
    public static string Format(PoolQuery query)
    {
        var parts = new List<KeyValuePair<string, string?>>();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            parts.Add(new(Search, query.Search.Trim()));
        }

        parts.AddRange(query.Subscriptions.Select(s => new KeyValuePair<string, string?>(Subscription, s)));
        parts.AddRange(query.Locations.Select(s => new KeyValuePair<string, string?>(Location, s)));
        parts.AddRange(query.OsVersions.Select(s => new KeyValuePair<string, string?>(Os, s)));
        parts.AddRange(query.Statuses.Select(s => new KeyValuePair<string, string?>(Status, s.ToString())));
        if (query.MajorUpgradeOnly)
        {
            parts.Add(new(MajorUpgrade, "true"));
        }

        parts.AddRange(query.KubernetesVersions.Select(s => new KeyValuePair<string, string?>(Kubernetes, s)));
        parts.AddRange(query.KubernetesSupport.Select(s => new KeyValuePair<string, string?>(KubernetesSupport, s.ToString())));
        parts.AddRange(query.Tags.Select(s => new KeyValuePair<string, string?>(Tag, s)));
        parts.AddRange(query.Compliance.Select(s => new KeyValuePair<string, string?>(Compliance, s.ToString())));

        if (query.SortBy != PoolSortColumn.Status)
        {
            parts.Add(new(Sort, query.SortBy.ToString()));
        }

        if (!query.Descending)
        {
            parts.Add(new(Descending, "false"));
        }

        return parts.Count == 0 ? "" : QueryString.Create(parts).ToUriComponent();
    }

    /// <summary>Parses the query part of a URL (as the pools page receives it), ignoring values it does not understand.</summary>
    public static PoolQuery FromUri(Uri uri) => Parse(QueryHelpers.ParseQuery(uri.Query), out _);

    private static IEnumerable<string> Values(Dictionary<string, StringValues> values, string key) =>
        values.TryGetValue(key, out var v)
            ? v.SelectMany(x => (x ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.OrdinalIgnoreCase)
            : [];

    /// <summary>Enum values by name (never by number), each unknown one adding an error that lists the names.</summary>
    private static List<TEnum> ParseNames<TEnum>(Dictionary<string, StringValues> values, string key, List<string> problems) where TEnum : struct, Enum
    {
        var parsed = new List<TEnum>();
        foreach (var raw in Values(values, key))
        {
            if (TryParseName<TEnum>(raw, out var value))
            {
                parsed.Add(value);
            }
            else
            {
                problems.Add($"{key} '{raw}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
            }
        }

        return parsed;
    }

    private static bool TryParseName<TEnum>(string raw, out TEnum value) where TEnum : struct, Enum =>
        Enum.TryParse(raw, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(raw, CultureInfo.InvariantCulture, out _);

    private static string? First(Dictionary<string, StringValues> values, string key) =>
        values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.FirstOrDefault()) ? v.FirstOrDefault()!.Trim() : null;

    private static bool ParseBool(Dictionary<string, StringValues> values, string key, bool defaultValue, List<string> problems)
    {
        if (First(values, key) is not { } raw)
        {
            return defaultValue;
        }

        if (bool.TryParse(raw, out var b))
        {
            return b;
        }

        problems.Add($"{key} '{raw}' must be true or false.");
        return defaultValue;
    }
}
