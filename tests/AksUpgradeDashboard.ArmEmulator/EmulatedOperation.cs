namespace AksUpgradeDashboard.ArmEmulator;

/// <summary>What a long-running operation of the emulator does.</summary>
public enum EmulatedOperationKind
{
    /// <summary><c>POST …/agentPools/{pool}/upgradeNodeImageVersion</c>.</summary>
    UpgradeNodeImageVersion,

    /// <summary><c>PUT …/agentPools/{pool}</c> of a pool that did not exist.</summary>
    CreateAgentPool,

    /// <summary><c>PUT …/agentPools/{pool}</c> of an existing pool.</summary>
    UpdateAgentPool,

    /// <summary><c>DELETE …/agentPools/{pool}</c>.</summary>
    DeleteAgentPool,

    /// <summary><c>PUT …/managedClusters/{cluster}</c> (a control-plane upgrade when kubernetesVersion changes).</summary>
    UpdateManagedCluster,
}

/// <summary>The status values of ARM's Azure-AsyncOperation body.</summary>
public enum EmulatedOperationStatus
{
    /// <summary>Still running.</summary>
    InProgress,

    /// <summary>Ended; its resource changes took effect.</summary>
    Succeeded,

    /// <summary>Ended with an error (see <see cref="ArmEmulator.FailNextOperation"/>); the resource's provisioningState is Failed.</summary>
    Failed,

    /// <summary>Aborted; the resource's provisioningState is Canceled.</summary>
    Canceled,
}

/// <summary>A snapshot of one long-running operation the emulator started.</summary>
/// <param name="Id">The operation id (a GUID), as in its Azure-AsyncOperation URL.</param>
/// <param name="Method">The HTTP method that started it.</param>
/// <param name="ResourceId">The ARM id of the pool or cluster it works on.</param>
/// <param name="Kind">What it does.</param>
/// <param name="Status">Its status now.</param>
/// <param name="Polls">How many times its status or result URL was polled.</param>
/// <param name="ErrorCode">The error code when it failed or was canceled.</param>
public sealed record EmulatedOperation(
    string Id,
    string Method,
    string ResourceId,
    EmulatedOperationKind Kind,
    EmulatedOperationStatus Status,
    int Polls,
    string? ErrorCode);

/// <summary>The mutable state of one operation; every field after construction is guarded by its cluster's <see cref="ServedCluster.Gate"/>.</summary>
internal sealed class OperationState(
    string id, string method, string resourceId, EmulatedOperationKind kind, ServedCluster cluster, string? poolName, string location)
{
    public string Id { get; } = id;

    public string Method { get; } = method;

    public string ResourceId { get; } = resourceId;

    public EmulatedOperationKind Kind { get; } = kind;

    public ServedCluster Cluster { get; } = cluster;

    /// <summary>The pool it works on; null for a cluster operation.</summary>
    public string? PoolName { get; } = poolName;

    public string Location { get; } = location;

    public DateTimeOffset StartTime { get; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? EndTime { get; set; }

    public EmulatedOperationStatus Status { get; set; } = EmulatedOperationStatus.InProgress;

    public int Polls { get; set; }

    /// <summary>The error it will end with, taken from <see cref="ArmEmulator.FailNextOperation"/> when it started.</summary>
    public (string Code, string Message)? PendingError { get; init; }

    /// <summary>The error it ended with.</summary>
    public (string Code, string Message)? Error { get; set; }

    /// <summary>For a pool update: the osSKU and image before the PUT, to tell whether the OS changed.</summary>
    public string? PreviousOsSku { get; init; }

    public string? PreviousImage { get; init; }

    /// <summary>What the 409 OperationNotAllowed message calls it.</summary>
    public string Description => Kind switch
    {
        EmulatedOperationKind.UpgradeNodeImageVersion => "upgrade node image version",
        EmulatedOperationKind.CreateAgentPool => "create node pool",
        EmulatedOperationKind.UpdateAgentPool => "update node pool",
        EmulatedOperationKind.DeleteAgentPool => "delete node pool",
        _ => "update managed cluster",
    };

    public EmulatedOperation ToSnapshot() => new(Id, Method, ResourceId, Kind, Status, Polls, Error?.Code);
}
