using System.Globalization;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Rollouts;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Rollouts;

/// <summary>
/// One wave as asked for: its rule (<see cref="RuleKind"/> Tag, Subscription, Region or Clusters, and
/// <see cref="RuleValue"/>: <c>key=value</c>, a subscription id, a location, or cluster ARM ids separated by commas or
/// lines), how many days it spans, how many clusters at a time, and how many days the next wave waits after it.
/// </summary>
public sealed record WaveRequest(string? Name, string? RuleKind, string? RuleValue, double? DurationDays, int? MaxConcurrentClusters, double? SoakDays);

/// <summary>
/// What a planner asks a rollout for: the change, the pools (the pools grid's query string, e.g.
/// <c>os=Ubuntu 22.04&amp;tag=team=web</c>), the waves in order, the zone of the default slot, each window's length and
/// optionally the earliest start.
/// </summary>
public sealed record RolloutRequest(
    string? Name, string? Kind, string? Target, string? Query, IReadOnlyList<WaveRequest>? Waves, string? TimeZone, int? WindowHours, DateTimeOffset? NotBefore);

/// <summary>A planner's change to one proposed window before saving: a new start (same length), or dropped.</summary>
public sealed record WindowEdit(int Wave, string? ClusterId, string? Kind, DateTimeOffset? Start, bool Drop);

/// <summary>A rollout request as the proposer takes it, with the pools query it names.</summary>
public sealed record ParsedRollout(string Name, Rollout Rollout, PoolQuery Query, string QueryString);

/// <summary>Reads a <see cref="RolloutRequest"/> into the proposer's terms; every error names its field.</summary>
public static class RolloutRequests
{
    public const int MaxWaves = 10;
    public const int MaxWaveNameLength = 100;

    /// <summary>The stored query's column length (see <c>DashboardDbContext</c>).</summary>
    public const int MaxQueryLength = 4000;

    /// <summary>
    /// The request in the proposer's terms, or null with <paramref name="errors"/> naming each field; values JSON can carry
    /// but no rollout can have (a start beyond the windows' planning horizon, NaN) are errors here, not failures later.
    /// </summary>
    public static ParsedRollout? Parse(RolloutRequest request, List<FieldIssue> errors, DateTimeOffset now, int planningHorizonDays = UpgradeWindowRules.DefaultPlanningHorizonDays)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(new("name", "Name is required."));
        }
        else if (name.Length > UpgradeWindowRules.MaxTitleLength - 40)
        {
            errors.Add(new("name", $"Name is {name.Length} characters long; the limit is {UpgradeWindowRules.MaxTitleLength - 40}."));
        }
        else if (TextRules.Problem(name) is { } problem)
        {
            errors.Add(new("name", $"Name {problem}."));
        }

        UpgradeKind? kind = null;
        if (Enum.TryParse<UpgradeKind>(request.Kind, ignoreCase: true, out var parsedKind) && Enum.IsDefined(parsedKind) && !int.TryParse(request.Kind, out _))
        {
            kind = parsedKind;
        }
        else
        {
            errors.Add(new("kind", $"Kind '{request.Kind}' is not one of {string.Join(", ", Enum.GetNames<UpgradeKind>())}."));
        }

        var target = string.IsNullOrWhiteSpace(request.Target) ? null : request.Target.Trim();
        if (kind is not null and not UpgradeKind.NodeImage && target is null)
        {
            errors.Add(new("target", $"Target is required for {kind}: an osSKU (e.g. Ubuntu2404) or a Kubernetes minor (e.g. 1.35)."));
        }

        var queryString = (request.Query ?? "").Trim().TrimStart('?');
        if (queryString.Length > MaxQueryLength)
        {
            errors.Add(new("query", $"Query is {queryString.Length} characters long; the limit is {MaxQueryLength}."));
        }

        var query = PoolQueryString.Parse(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(queryString), out var queryErrors);
        errors.AddRange(queryErrors.Select(e => new FieldIssue("query", e)));

        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(request.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZone.Trim(), out zone))
        {
            errors.Add(new("timeZone", $"Time zone '{request.TimeZone}' is not an IANA zone such as Europe/Amsterdam."));
        }

        var hours = request.WindowHours ?? 4;
        // Compared in hours first: TimeSpan.FromHours throws for an int far out of range.
        if (hours < UpgradeWindowRules.MinimumLength.TotalHours || hours > UpgradeWindowRules.MaximumLength.TotalHours)
        {
            errors.Add(new("windowHours", $"Window hours is {hours}; a window is {UpgradeWindowRules.MinimumLength.TotalHours:0} to {UpgradeWindowRules.MaximumLength.TotalHours:0} hours long."));
        }

        if (request.NotBefore is { } notBefore && UpgradeWindowRules.BeyondHorizon("Not before", notBefore, now, planningHorizonDays) is { } beyond)
        {
            errors.Add(new("notBefore", beyond));
        }

        var waves = new List<RolloutWave>();
        if (request.Waves is not { Count: > 0 } asked)
        {
            errors.Add(new("waves", "At least one wave is required."));
        }
        else if (asked.Count > MaxWaves)
        {
            errors.Add(new("waves", $"A rollout has at most {MaxWaves} waves ({asked.Count} asked)."));
        }
        else
        {
            for (var i = 0; i < asked.Count; i++)
            {
                if (ParseWave(asked[i], $"waves[{i}]", errors) is { } wave)
                {
                    waves.Add(wave);
                }
            }
        }

        return errors.Count > 0 ? null : new ParsedRollout(name!, new Rollout(new RolloutChange(kind!.Value, target), waves, hours, zone!, request.NotBefore), query, queryString);
    }

    private static RolloutWave? ParseWave(WaveRequest wave, string field, List<FieldIssue> errors)
    {
        var before = errors.Count;
        var name = wave.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxWaveNameLength)
        {
            errors.Add(new($"{field}.name", $"A wave needs a name of 1 to {MaxWaveNameLength} characters."));
        }

        var rule = Rule(wave.RuleKind, wave.RuleValue, out var ruleError);
        if (ruleError is not null)
        {
            errors.Add(new($"{field}.rule", ruleError));
        }

        if (wave.DurationDays is not (> 0 and <= 366) )
        {
            errors.Add(new($"{field}.durationDays", "Duration is a positive number of days, at most 366."));
        }

        if (wave.MaxConcurrentClusters is not (>= 1 and <= 1000))
        {
            errors.Add(new($"{field}.maxConcurrentClusters", "Max concurrent clusters is 1 to 1000."));
        }

        if (wave.SoakDays is { } soak && soak is not (>= 0 and <= 90)) // NaN too
        {
            errors.Add(new($"{field}.soakDays", "Soak is 0 to 90 days."));
        }

        return errors.Count > before ? null
            : new RolloutWave(name!, rule!, TimeSpan.FromDays(wave.DurationDays!.Value), wave.MaxConcurrentClusters!.Value, TimeSpan.FromDays(wave.SoakDays ?? 0));
    }

    /// <summary>A wave rule from its stored or asked text, or why not.</summary>
    public static WaveRule? Rule(string? kind, string? value, out string? error)
    {
        error = null;
        var text = value?.Trim() ?? "";
        switch (kind?.Trim().ToLowerInvariant())
        {
            case "tag":
                var equals = text.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    error = $"A tag rule is key=value (or key= for clusters without the tag), not '{text}'.";
                    return null;
                }

                return new TagWaveRule(text[..equals].Trim(), text[(equals + 1)..].Trim());
            case "subscription" when text.Length > 0:
                return new SubscriptionWaveRule(text);
            case "region" when text.Length > 0:
                return new RegionWaveRule(text);
            case "clusters":
                var ids = text.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (ids.Length == 0)
                {
                    error = "A clusters rule names at least one cluster ARM id.";
                    return null;
                }

                return new ClusterListWaveRule(ids);
            case "subscription" or "region":
                error = $"A {kind} rule needs a value.";
                return null;
            default:
                error = $"Rule kind '{kind}' is not one of Tag, Subscription, Region, Clusters.";
                return null;
        }
    }

    /// <summary>The rule as stored: its kind and value (cluster ids one a line).</summary>
    public static (string Kind, string Value) ToText(WaveRule rule) => rule switch
    {
        TagWaveRule tag => ("Tag", $"{tag.Key}={tag.Value}"),
        SubscriptionWaveRule s => ("Subscription", s.SubscriptionId),
        RegionWaveRule r => ("Region", r.Location),
        ClusterListWaveRule c => ("Clusters", string.Join('\n', c.ClusterIds)),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown wave rule."),
    };

    internal static string Days(TimeSpan span) => span.TotalDays.ToString("0.##", CultureInfo.InvariantCulture);
}
