using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using AksUpgradeDashboard.Model.Compliance;
using Microsoft.Extensions.Primitives;

namespace AksUpgradeDashboard.Model;

/// <summary>
/// Reads and writes <see cref="PoolQuery"/> as a query string, shared by the pools page URL, the API and the CSV
/// link: <c>?q=&amp;subscription=&amp;location=&amp;os=&amp;status=&amp;major=true&amp;sort=&amp;desc=</c> (list keys repeat).
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
    public const string Tag = "tag";
    public const string Compliance = "compliance";
    public const string Sort = "sort";
    public const string Descending = "desc";

    /// <summary>Parses a query; each value that is not understood adds an error naming the parameter.</summary>
    public static PoolQuery Parse(IEnumerable<KeyValuePair<string, StringValues>> query, out IReadOnlyList<string> errors)
    {
        var values = query.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();

        var statuses = new List<PoolStatus>();
        foreach (var raw in Values(values, Status))
        {
            if (Enum.TryParse<PoolStatus>(raw, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(raw, CultureInfo.InvariantCulture, out _))
            {
                statuses.Add(s);
            }
            else
            {
                problems.Add($"status '{raw}' is not one of {string.Join(", ", Enum.GetNames<PoolStatus>())}.");
            }
        }

        var compliance = new List<ComplianceOutcome>();
        foreach (var raw in Values(values, Compliance))
        {
            if (Enum.TryParse<ComplianceOutcome>(raw, ignoreCase: true, out var c) && Enum.IsDefined(c) && !int.TryParse(raw, CultureInfo.InvariantCulture, out _))
            {
                compliance.Add(c);
            }
            else
            {
                problems.Add($"compliance '{raw}' is not one of {string.Join(", ", Enum.GetNames<ComplianceOutcome>())}.");
            }
        }

        // Tags keep their commas (a tag value may contain one), so each tag is its own parameter.
        var tags = values.TryGetValue(Tag, out var tagValues) ? tagValues.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim()).ToList() : [];
        foreach (var tag in tags.Where(t => t.StartsWith('=')))
        {
            problems.Add($"tag '{tag}' must be key=value (or key= for clusters without the tag).");
        }

        var sortBy = PoolSortColumn.Status;
        if (First(values, Sort) is { } sortRaw)
        {
            if (Enum.TryParse<PoolSortColumn>(sortRaw, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(sortRaw, CultureInfo.InvariantCulture, out _))
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
