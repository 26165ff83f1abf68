using System.Globalization;

namespace AksUpgradeDashboard.Model.Compliance;

/// <summary>Whether a pool meets the compliance policy.</summary>
public enum ComplianceOutcome
{
    Compliant,
    NonCompliant,

    /// <summary>The pool cannot be judged (unreadable image, no latest image for its region). Never counted as compliant.</summary>
    Unknown,
}

public sealed record ComplianceResult(ComplianceOutcome Outcome, string Reason);

/// <summary>
/// What "compliant" means for the fleet: the node image at most <see cref="MaxDaysBehindLatest"/> days behind the latest
/// image of its lineage in its region, the OS neither past end of support nor (unless allowed) retiring, and (unless
/// turned off) the Kubernetes version supported: a minor out of support, or a preview, is not compliant. A Kubernetes
/// support status that could not be read (the region's versions failed to load) does not change the outcome.
/// </summary>
public sealed record CompliancePolicy(
    int MaxDaysBehindLatest = CompliancePolicy.DefaultMaxDaysBehindLatest,
    bool RetiringIsCompliant = false,
    bool KubernetesMustBeSupported = true)
{
    public const int DefaultMaxDaysBehindLatest = 30;
    public const int MaxAllowedDaysBehind = 365;

    public static CompliancePolicy Default { get; } = new();

    /// <summary>The policy in one sentence, printed on the scorecard and the report.</summary>
    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"A pool is compliant when its node image is at most {MaxDaysBehindLatest} days behind the latest image for its region and image SKU, its OS is {(RetiringIsCompliant ? "not past end of support" : "neither retiring nor past end of support")}{(KubernetesMustBeSupported ? ", and its Kubernetes version is supported by AKS (under the cluster's support plan; previews do not count)" : "")}. Pools that cannot be assessed count as not compliant.");

    /// <summary>Messages naming each field that is out of range (empty when the policy is valid).</summary>
    public IReadOnlyList<FieldIssue> Validate() =>
        MaxDaysBehindLatest is < 0 or > MaxAllowedDaysBehind
            ? [new("maxDaysBehindLatest", $"Maximum days behind the latest image is {MaxDaysBehindLatest}; use 0 to {MaxAllowedDaysBehind}.")]
            : [];

    public ComplianceResult Evaluate(PoolViewModel pool)
    {
        var assessment = pool.Assessment;
        switch (assessment.Status)
        {
            case PoolStatus.Unsupported:
                return new(ComplianceOutcome.NonCompliant, assessment.StatusReason);
            case PoolStatus.Retiring when !RetiringIsCompliant:
                return new(ComplianceOutcome.NonCompliant, assessment.StatusReason);
            case PoolStatus.Unknown:
                return new(ComplianceOutcome.Unknown, assessment.StatusReason);
        }

        if (KubernetesMustBeSupported && assessment.KubernetesSupport.Status is KubernetesSupportStatus.OutOfSupport or KubernetesSupportStatus.Preview)
        {
            return new(ComplianceOutcome.NonCompliant, assessment.KubernetesSupport.Reason);
        }

        if (assessment.DaysBehindLatest is not { } behind)
        {
            return new(ComplianceOutcome.Unknown, "The latest node image for this pool's region and image SKU is not known, so its age against the latest cannot be judged.");
        }

        return behind > MaxDaysBehindLatest
            ? new(ComplianceOutcome.NonCompliant, string.Create(CultureInfo.InvariantCulture, $"Node image is {behind} days behind the latest; the policy allows {MaxDaysBehindLatest}."))
            : new(ComplianceOutcome.Compliant, behind == 0 ? "On the latest node image." : string.Create(CultureInfo.InvariantCulture, $"Node image is {behind} days behind the latest, within the policy's {MaxDaysBehindLatest}."));
    }
}
