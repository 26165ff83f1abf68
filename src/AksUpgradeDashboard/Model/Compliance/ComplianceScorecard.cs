using System.Globalization;

namespace AksUpgradeDashboard.Model.Compliance;

/// <summary>The ways the scorecard breaks the fleet down.</summary>
public enum ComplianceDimension
{
    Subscription,
    Region,
    OsVersion,
    KubernetesVersion,
    KubernetesSupport,
    Tag,
}

public sealed record ComplianceCounts(int Pools, int Compliant, int NonCompliant, int Unknown)
{
    public static ComplianceCounts Empty { get; } = new(0, 0, 0, 0);

    /// <summary>Compliant pools as a percentage of all pools, one decimal; null when there are no pools.</summary>
    public double? Percent => Pools == 0 ? null : Math.Round(Compliant * 100.0 / Pools, 1, MidpointRounding.AwayFromZero);

    public string PercentText => Percent is { } p ? p.ToString("0.#", CultureInfo.InvariantCulture) + " %" : "–";

    public static ComplianceCounts Of(IEnumerable<ComplianceOutcome> outcomes)
    {
        int compliant = 0, nonCompliant = 0, unknown = 0;
        foreach (var outcome in outcomes)
        {
            switch (outcome)
            {
                case ComplianceOutcome.Compliant: compliant++; break;
                case ComplianceOutcome.NonCompliant: nonCompliant++; break;
                default: unknown++; break;
            }
        }

        return new(compliant + nonCompliant + unknown, compliant, nonCompliant, unknown);
    }
}

/// <summary>One row of a breakdown, with the pools-grid filter that shows its pools.</summary>
public sealed record ComplianceGroup(string Label, ComplianceCounts Counts, PoolQuery Filter);

/// <summary>Pools by node image age, for the histogram.</summary>
public sealed record ImageAgeBucket(string Label, int? FromDays, int? ToDays, int Pools);

/// <summary>
/// The fleet judged by a <see cref="CompliancePolicy"/>: overall, and broken down by subscription, region, OS version,
/// Kubernetes minor and any cluster tag. Groups are ordered worst first, so the laggards lead.
/// </summary>
public sealed record ComplianceScorecard(
    DateOnly AssessedOn,
    DateTimeOffset RefreshedAt,
    CompliancePolicy Policy,
    ComplianceCounts Overall,
    IReadOnlyList<KeyValuePair<PoolStatus, int>> StatusCounts,
    IReadOnlyList<ImageAgeBucket> ImageAges,
    IReadOnlyList<ComplianceGroup> BySubscription,
    IReadOnlyList<ComplianceGroup> ByRegion,
    IReadOnlyList<ComplianceGroup> ByOsVersion,
    IReadOnlyList<ComplianceGroup> ByKubernetesVersion,
    IReadOnlyList<ComplianceGroup> ByKubernetesSupport,
    IReadOnlyList<string> TagKeys)
{
    private static readonly (string Label, int? From, int? To)[] s_ageBuckets =
    [
        ("0–7 days", 0, 7), ("8–14 days", 8, 14), ("15–30 days", 15, 30), ("31–60 days", 31, 60),
        ("61–90 days", 61, 90), ("91–180 days", 91, 180), ("over 180 days", 181, null), ("unknown", null, null),
    ];

    public static ComplianceScorecard Build(FleetState fleet, CompliancePolicy policy)
    {
        var judged = Judge(fleet, policy);
        return new ComplianceScorecard(
            fleet.AssessedOn,
            fleet.Snapshot.RefreshedAt,
            policy,
            ComplianceCounts.Of(judged.Select(j => j.Outcome)),
            [.. Enum.GetValues<PoolStatus>().Select(s => new KeyValuePair<PoolStatus, int>(s, fleet.Pools.Count(p => p.Status == s)))],
            [.. s_ageBuckets.Select(b => new ImageAgeBucket(b.Label, b.From, b.To, fleet.Pools.Count(p => InBucket(p.Assessment.ImageAgeDays, b.From, b.To))))],
            Group(judged, policy, p => p.Cluster.SubscriptionId, p => p.SubscriptionName, id => new PoolQuery { Subscriptions = [id] }),
            Group(judged, policy, p => p.Cluster.Location, p => p.Cluster.Location, location => new PoolQuery { Locations = [location] }),
            Group(judged, policy, p => p.OsDisplayName, p => p.OsDisplayName, os => new PoolQuery { OsVersions = [os] }),
            Group(judged, policy, p => PoolQuery.KubernetesMinorOf(p.KubernetesVersion), p => PoolQuery.KubernetesMinorOf(p.KubernetesVersion),
                minor => new PoolQuery { KubernetesVersions = [minor] }),
            Group(judged, policy, p => p.Assessment.KubernetesSupport.Status.ToString(), p => KubernetesSupportLabel(p.Assessment.KubernetesSupport.Status),
                status => new PoolQuery { KubernetesSupport = [Enum.Parse<KubernetesSupportStatus>(status)] }),
            [.. fleet.Clusters.SelectMany(c => c.Cluster.Tags.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)]);
    }

    /// <summary>The breakdown by the values of one cluster tag; clusters without it form their own group.</summary>
    public static IReadOnlyList<ComplianceGroup> ByTag(FleetState fleet, CompliancePolicy policy, string tagKey)
    {
        string? ValueOf(PoolViewModel p) => p.Cluster.Tags.FirstOrDefault(t => t.Key.Equals(tagKey, StringComparison.OrdinalIgnoreCase)).Value;
        return Group(Judge(fleet, policy), policy,
            p => ValueOf(p) ?? "",
            p => ValueOf(p) is { } value ? $"{tagKey}={value}" : $"no {tagKey} tag",
            value => new PoolQuery { Tags = [$"{tagKey}={value}"] });
    }

    /// <summary>
    /// The <paramref name="shown"/> largest OS versions by pools, the rest as one "Other" entry, so a chart's legend
    /// stays readable.
    /// </summary>
    public IReadOnlyList<(string Label, int Pools)> LargestOsVersions(int shown = 6)
    {
        var os = ByOsVersion.OrderByDescending(g => g.Counts.Pools).ToList();
        var rest = os.Skip(shown).Sum(g => g.Counts.Pools);
        return [.. os.Take(shown).Select(g => (g.Label, g.Counts.Pools)), .. rest > 0 ? [("Other", rest)] : Array.Empty<(string, int)>()];
    }

    public IReadOnlyList<ComplianceGroup> Groups(ComplianceDimension dimension) => dimension switch
    {
        ComplianceDimension.Subscription => BySubscription,
        ComplianceDimension.Region => ByRegion,
        ComplianceDimension.OsVersion => ByOsVersion,
        ComplianceDimension.KubernetesVersion => ByKubernetesVersion,
        ComplianceDimension.KubernetesSupport => ByKubernetesSupport,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Tag breakdowns need a tag key: use ByTag."),
    };

    /// <summary>How a Kubernetes support status reads in a table or chip.</summary>
    public static string KubernetesSupportLabel(KubernetesSupportStatus status) => status switch
    {
        KubernetesSupportStatus.Supported => "Supported",
        KubernetesSupportStatus.Preview => "Preview",
        KubernetesSupportStatus.LtsOnly => "LTS only",
        KubernetesSupportStatus.OutOfSupport => "Out of support",
        _ => "Unknown",
    };

    private static List<(PoolViewModel Pool, ComplianceOutcome Outcome)> Judge(FleetState fleet, CompliancePolicy policy) =>
        [.. fleet.Pools.Select(p => (p, policy.Evaluate(p).Outcome))];

    private static List<ComplianceGroup> Group(List<(PoolViewModel Pool, ComplianceOutcome Outcome)> judged, CompliancePolicy policy,
        Func<PoolViewModel, string> key, Func<PoolViewModel, string> label, Func<string, PoolQuery> filter) =>
        [.. judged
            .GroupBy(j => key(j.Pool), StringComparer.OrdinalIgnoreCase)
            .Select(g => new ComplianceGroup(label(g.First().Pool), ComplianceCounts.Of(g.Select(j => j.Outcome)), filter(g.Key) with { Policy = policy }))
            .OrderBy(g => g.Counts.Percent ?? 100)
            .ThenByDescending(g => g.Counts.Pools)
            .ThenBy(g => g.Label, StringComparer.OrdinalIgnoreCase)];

    private static bool InBucket(int? age, int? from, int? to) => (age, from, to) switch
    {
        (null, null, null) => true,
        (null, _, _) or (_, null, null) => false,
        ({ } a, { } f, null) => a >= f,
        ({ } a, { } f, { } t) => a >= f && a <= t,
        _ => false,
    };
}
