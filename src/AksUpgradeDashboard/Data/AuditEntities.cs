namespace AksUpgradeDashboard.Data;

/// <summary>One approver's sign-off of one revision of a window; an edit makes a new revision, so old approvals stop counting.</summary>
public sealed class WindowApprovalEntity
{
    public long Id { get; set; }
    public Guid WindowId { get; set; }
    public int Revision { get; set; }
    public required string Approver { get; set; }
    public DateTime ApprovedAtUtc { get; set; }
    public required string Comment { get; set; }

    public DateTimeOffset ApprovedAt => UpgradeWindowEntity.AsUtc(ApprovedAtUtc);
}

/// <summary>What happened to a window, as an audit entry.</summary>
public enum AuditAction
{
    Created,
    Edited,
    ApprovalsVoided,
    Submitted,
    Approved,
    Rejected,
    Cancelled,
    Deleted,
    Started,
    Verified,
    NotReached,
}

/// <summary>
/// An append-only record of every change and decision. Nothing updates or deletes these rows: the context refuses it
/// and database triggers refuse it too, so even hand-written SQL cannot rewrite history.
/// </summary>
public sealed class AuditEntryEntity
{
    public long Id { get; set; }
    public Guid WindowId { get; set; }

    /// <summary>The window's title at the time, so entries of a deleted window still read well.</summary>
    public required string WindowTitle { get; set; }

    public DateTime AtUtc { get; set; }
    public required string Actor { get; set; }
    public AuditAction Action { get; set; }

    /// <summary>The window's revision after the change.</summary>
    public int Revision { get; set; }

    /// <summary>For edits: the fields that changed, as JSON <c>{"field": {"before": …, "after": …}}</c>.</summary>
    public string? Changes { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset At => UpgradeWindowEntity.AsUtc(AtUtc);
}
