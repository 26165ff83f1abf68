using AksUpgradeDashboard.Catalog;

namespace AksUpgradeDashboard.Model;

/// <summary>
/// The one thing to do next for a pool, in a few words for the pools grid ("Move to Azure Linux 3.0 in place"). The most
/// urgent first: an OS past or near its end moves (or, where its Kubernetes version blocks that, Kubernetes goes first),
/// then a Kubernetes version out of support, then an image behind the latest. Pure, over the assessment.
/// </summary>
public static class PoolNextStep
{
    public const string None = "Nothing to do";

    public static string Of(PoolAssessment assessment)
    {
        var moving = assessment.Status is PoolStatus.Unsupported or PoolStatus.Retiring && assessment is { MajorUpgradeAvailable: true, NextOs: not null };
        return assessment switch
        {
            // Blocked for a reason the assessment names (a Kubernetes version too old, or too new for what AKS announced).
            _ when moving && assessment.UpgradeBlockedReason is not null => $"Move to {assessment.NextOs!.DisplayName} once unblocked (see why)",
            _ when moving && assessment.UpgradePath == UpgradePath.NewNodePool => $"Replace with a {assessment.NextOs!.DisplayName} pool",
            _ when moving => $"Move to {assessment.NextOs!.DisplayName} in place",
            { Status: PoolStatus.Unsupported } => "Replace the pool: no supported successor",
            { KubernetesSupport: { Status: KubernetesSupportStatus.OutOfSupport, Upgrades.IsDefaultOrEmpty: false } } => "Upgrade Kubernetes",
            { KubernetesSupport.Status: KubernetesSupportStatus.OutOfSupport } => "Upgrade Kubernetes (no upgrade listed: see why)",
            { Status: PoolStatus.Behind } => "Upgrade the node image",
            { Status: PoolStatus.Unknown } => "Check why it cannot be judged",
            { Status: PoolStatus.Retiring } => "Plan a replacement before end of support",
            _ => None,
        };
    }
}
