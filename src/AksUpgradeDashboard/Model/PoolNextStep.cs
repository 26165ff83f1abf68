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
            _ when moving && assessment.UpgradeBlockedReason is not null => $"Upgrade Kubernetes, then move to {assessment.NextOs!.DisplayName}",
            _ when moving && assessment.UpgradePath == UpgradePath.NewNodePool => $"Replace with a {assessment.NextOs!.DisplayName} pool",
            _ when moving => $"Move to {assessment.NextOs!.DisplayName} in place",
            { Status: PoolStatus.Unsupported } => "Replace the pool: no supported successor",
            { KubernetesSupport.Status: KubernetesSupportStatus.OutOfSupport } => "Upgrade Kubernetes",
            { Status: PoolStatus.Behind } => "Upgrade the node image",
            { Status: PoolStatus.Unknown } => "Check why it cannot be judged",
            { Status: PoolStatus.Retiring } => "Plan a replacement before end of support",
            _ => None,
        };
    }
}
