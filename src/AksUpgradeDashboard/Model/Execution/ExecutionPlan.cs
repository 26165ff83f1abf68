using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Model.Execution;

/// <summary>One change the dashboard makes through ARM while it carries out a window.</summary>
public enum StepKind
{
    /// <summary><c>POST …/agentPools/{pool}/upgradeNodeImageVersion</c>.</summary>
    UpgradeNodeImage,

    /// <summary>Read the pool, set the recommended <c>upgradeSettings</c> (the planner's choice), <c>PUT</c> it back.</summary>
    ApplyUpgradeSettings,

    /// <summary>Read the pool, change <c>osSKU</c> only, <c>PUT</c> it back with <c>If-Match</c>.</summary>
    ChangeOsSku,

    /// <summary>Read the cluster, change <c>kubernetesVersion</c> only, <c>PUT</c> it back (the control plane).</summary>
    UpgradeControlPlane,

    /// <summary>Read the pool, change <c>orchestratorVersion</c> only, <c>PUT</c> it back.</summary>
    UpgradePoolVersion,

    /// <summary>Create the new pool next to the old one, on the target osSKU, with the old pool's settings.</summary>
    CreatePool,

    /// <summary>A person cordons and drains the old pool and confirms; nothing is sent to Azure.</summary>
    MoveWorkloads,

    /// <summary><c>DELETE</c> the old pool, only after a person confirmed the move.</summary>
    DeletePool,
}

public enum StepStatus
{
    Queued,

    /// <summary>Claimed; its ARM request is sent (or being sent) and its operation followed.</summary>
    Running,

    /// <summary>Waits for a person (the move of workloads to a new pool).</summary>
    WaitingForPerson,
    Succeeded,
    Failed,

    /// <summary>Not run, because an earlier step failed or the run was aborted.</summary>
    Skipped,
    Aborted,
}

/// <summary>A step of a plan: what to do, to which pool (null for the control plane), and the new pool's name where one is made.</summary>
public sealed record PlannedStep(int Order, StepKind Kind, string? Pool, string? NewPool)
{
    public string Describe(string? target) => Kind switch
    {
        StepKind.UpgradeNodeImage => $"Upgrade the node image of pool {Pool}",
        StepKind.ApplyUpgradeSettings => $"Apply the recommended upgrade settings to pool {Pool}",
        StepKind.ChangeOsSku => $"Change pool {Pool} to osSKU {target}",
        StepKind.UpgradeControlPlane => $"Upgrade the control plane to Kubernetes {target}",
        StepKind.UpgradePoolVersion => $"Upgrade pool {Pool} to Kubernetes {target}",
        StepKind.CreatePool => $"Create pool {NewPool} on {target} next to {Pool}",
        StepKind.MoveWorkloads => $"Cordon and drain pool {Pool}, move its workloads to {NewPool}, then confirm",
        _ => $"Delete the old pool {Pool}",
    };
}

/// <summary>
/// The steps that carry out a window on a cluster, in order: one pool at a time; for a Kubernetes upgrade the control
/// plane first (when it is behind the target); for new pools, every new pool is created first, then one confirmation
/// by a person that the workloads moved, then the old pools are deleted. Pure.
/// </summary>
public static class ExecutionPlan
{
    /// <remarks>
    /// With <paramref name="applyRecommendedSettings"/> (the planner's choice), an in-place change first sets the
    /// recommended upgrade settings (<see cref="UpgradeSettingsAdvice"/>) on each pool that does not have them yet, all
    /// before the first change. New pools copy the old pool's settings instead.
    /// </remarks>
    public static IReadOnlyList<PlannedStep> For(UpgradeKind kind, string? target, ClusterInfo cluster, IReadOnlyList<string> poolNames, bool applyRecommendedSettings = false)
    {
        var pools = poolNames
            .Select(name => cluster.NodePools.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
            .OfType<NodePoolInfo>()
            .ToList();
        var steps = new List<PlannedStep>();
        void Add(StepKind step, string? pool, string? newPool = null) => steps.Add(new PlannedStep(steps.Count + 1, step, pool, newPool));

        if (applyRecommendedSettings && kind != UpgradeKind.NewNodePool)
        {
            var production = UpgradeSettingsAdvice.IsProduction(cluster);
            pools.Where(p => !UpgradeSettingsAdvice.For(p, production).MatchesCurrent(p.UpgradeSettings)).ToList()
                .ForEach(p => Add(StepKind.ApplyUpgradeSettings, p.Name));
        }

        switch (kind)
        {
            case UpgradeKind.NodeImage:
                pools.ForEach(p => Add(StepKind.UpgradeNodeImage, p.Name));
                break;

            case UpgradeKind.OsSkuChange:
                pools.ForEach(p => Add(StepKind.ChangeOsSku, p.Name));
                break;

            case UpgradeKind.KubernetesVersion:
                var wanted = KubernetesVersion.ParseOrNull(target);
                var controlPlane = KubernetesVersion.ParseOrNull(cluster.CurrentKubernetesVersion ?? cluster.KubernetesVersion);
                if (wanted is not { } w || controlPlane is not { } c || IsBehind(c, w))
                {
                    Add(StepKind.UpgradeControlPlane, null);
                }

                pools.ForEach(p => Add(StepKind.UpgradePoolVersion, p.Name));
                break;

            case UpgradeKind.NewNodePool:
                var taken = new HashSet<string>(cluster.NodePools.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
                var pairs = new List<(string Old, string New)>();
                foreach (var pool in pools)
                {
                    var name = NewPoolNames.For(pool.Name, string.Equals(pool.OsType, "Windows", StringComparison.OrdinalIgnoreCase), taken, out var collides);
                    if (collides)
                    {
                        // A PUT under a name in use would replace that pool; the runbook asks for a rename, so leave this pool as it is.
                        continue;
                    }

                    taken.Add(name);
                    pairs.Add((pool.Name, name));
                }

                pairs.ForEach(p => Add(StepKind.CreatePool, p.Old, p.New));
                pairs.ForEach(p => Add(StepKind.MoveWorkloads, p.Old, p.New));
                pairs.ForEach(p => Add(StepKind.DeletePool, p.Old));
                break;
        }

        return steps;
    }

    // A target of "1.33" is reached by any 1.33 patch; a target of "1.33.2" needs that patch (KubernetesVersion's own
    // comparison ignores patches, so they are compared here; a current version without a patch counts as behind).
    private static bool IsBehind(KubernetesVersion current, KubernetesVersion target) => target.Patch is null
        ? (current.Major, current.Minor).CompareTo((target.Major, target.Minor)) < 0
        : (current.Major, current.Minor, current.Patch ?? -1).CompareTo((target.Major, target.Minor, target.Patch.Value)) < 0;
}
