using AksUpgradeDashboard.Model.Execution;

namespace AksUpgradeDashboard.Data;

/// <summary>
/// One step of carrying out a window on Azure, as stored. The step is claimed (Queued → Running) in the database before
/// its ARM request is sent, and the operation's URL is stored as soon as ARM answers, so after a restart the
/// dashboard follows that operation instead of sending the request again.
/// </summary>
public sealed class ExecutionStepEntity
{
    public long Id { get; set; }
    public Guid WindowId { get; set; }

    /// <summary>The window's revision the run was started for; an edit after that voids the approvals and stops the run.</summary>
    public int Revision { get; set; }

    public int Order { get; set; }
    public StepKind Kind { get; set; }

    /// <summary>The pool the step changes (null for the control plane).</summary>
    public string? Pool { get; set; }

    /// <summary>The new pool a blue/green step creates or moves to.</summary>
    public string? NewPool { get; set; }

    public StepStatus Status { get; set; }

    /// <summary>When the step was claimed and its request sent (or, for a person's step, when it began waiting).</summary>
    public DateTime? StartedAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    /// <summary>ARM's <c>Azure-AsyncOperation</c> (else <c>Location</c>) URL of the step's long-running operation.</summary>
    public string? OperationUrl { get; set; }

    /// <summary>Not before this instant is the step sent again (after a 409) or its operation polled (Retry-After).</summary>
    public DateTime? NextCheckAtUtc { get; set; }

    /// <summary>ARM's <c>x-ms-request-id</c> of the write, for support cases and the audit trail.</summary>
    public string? RequestId { get; set; }

    /// <summary>How many times the write was answered "busy" (409) or "stale" (412) and tried again.</summary>
    public int Attempts { get; set; }

    /// <summary>ARM's error code when the step failed.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>What happened, for people: "Succeeded", ARM's error message, the safety check that stopped it.</summary>
    public string? Result { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public DateTimeOffset? StartedAt => StartedAtUtc is { } s ? UpgradeWindowEntity.AsUtc(s) : null;

    public DateTimeOffset? FinishedAt => FinishedAtUtc is { } f ? UpgradeWindowEntity.AsUtc(f) : null;

    public bool IsFinished => Status is StepStatus.Succeeded or StepStatus.Failed or StepStatus.Skipped or StepStatus.Aborted;

    public PlannedStep AsPlanned() => new(Order, Kind, Pool, NewPool);

    /// <summary>The pool whose operation AKS's abort stops (the new pool for a create); null for the control plane.</summary>
    public string? AbortTarget => Kind switch
    {
        StepKind.UpgradeControlPlane => null,
        StepKind.CreatePool => NewPool,
        _ => Pool,
    };
}
