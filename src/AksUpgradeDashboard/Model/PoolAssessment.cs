using System.Collections.Immutable;
using AksUpgradeDashboard.Catalog;

namespace AksUpgradeDashboard.Model;

/// <summary>
/// Where a pool stands. Ordered from best to worst so that sorting by status puts the urgent pools last (or first,
/// descending). <see cref="Unknown"/> sits apart: it means the pool cannot be judged, always with a reason.
/// </summary>
public enum PoolStatus
{
    Current,
    Behind,
    Retiring,
    Unsupported,
    Unknown,
}

public sealed record AssessmentPolicy(int RetiringHorizonDays = AssessmentPolicy.DefaultRetiringHorizonDays)
{
    public const int DefaultRetiringHorizonDays = 180;
}

/// <summary>The judgement of one pool against the latest image and the OS lifecycle on a given day.</summary>
public sealed record PoolAssessment
{
    public required PoolStatus Status { get; init; }

    /// <summary>One sentence a person can act on, e.g. "Azure Linux 2.0 reached end of support on 2025-11-30."</summary>
    public required string StatusReason { get; init; }

    public required NodeImageVersion Image { get; init; }

    /// <summary>The latest image of the pool's lineage in its region (full name), when known.</summary>
    public string? LatestNodeImageVersion { get; init; }

    /// <summary>The OS version the pool runs (from its image, else from its osSKU and Kubernetes version).</summary>
    public OsVersionInfo? Os { get; init; }

    public int? ImageAgeDays { get; init; }

    /// <summary>
    /// The pool's image version is the latest of its lineage in its region (compared as versions: a same-day rebuild or a
    /// newer SecurityPatch suffix is newer). False when behind or when the latest is not known.
    /// </summary>
    public bool OnLatestImage { get; init; }

    /// <summary>Days between the pool's image build and the latest image build; 0 when current.</summary>
    public int? DaysBehindLatest { get; init; }

    /// <summary>Newer releases of the lineage in the region, where the source lists release history.</summary>
    public int? VersionsBehind { get; init; }

    public int? DaysUntilEndOfSupport { get; init; }

    public bool MajorUpgradeAvailable { get; init; }

    /// <summary>The next OS major version (successor in the catalog).</summary>
    public OsVersionInfo? NextOs { get; init; }

    public UpgradePath? UpgradePath { get; init; }

    /// <summary>The osSKU to move to for <see cref="NextOs"/> (e.g. <c>AzureLinux3</c>, <c>Windows2022</c>).</summary>
    public string? UpgradeTargetOsSku { get; init; }

    /// <summary>Why the move to <see cref="NextOs"/> cannot be done at the pool's Kubernetes version, if it cannot.</summary>
    public string? UpgradeBlockedReason { get; init; }

    /// <summary>The OS a pool lands on at its next Kubernetes minor (default SKUs move OS majors with Kubernetes).</summary>
    public OsVersionInfo? OsAtNextKubernetesMinor { get; init; }

    /// <summary>Why <see cref="OsAtNextKubernetesMinor"/> is unknown or impossible (a Windows OS not offered there).</summary>
    public string? OsAtNextKubernetesMinorReason { get; init; }

    /// <summary>Where the pool's Kubernetes version stands in AKS's support window for its region.</summary>
    public KubernetesSupport KubernetesSupport { get; init; } = KubernetesSupport.Unknown("Kubernetes support was not assessed.");

    /// <summary>Advice that does not change the status (e.g. the Ubuntu 24.04 move LTS clusters need).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];
}
