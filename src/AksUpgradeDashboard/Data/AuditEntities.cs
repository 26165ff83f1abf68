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

    /// <summary>The codes of the warnings the approver acknowledged, comma-separated (see <see cref="Model.Windows.WarningCodes"/>).</summary>
    public string? AcknowledgedWarnings { get; set; }

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

    /// <summary>Place in the hash chain (1, 2, 3…); null for entries written before the chain existed.</summary>
    public long? ChainSequence { get; set; }

    /// <summary>The hash of the entry before this one in the chain (empty for the first).</summary>
    public string? PreviousHash { get; set; }

    /// <summary>SHA-256 over this entry's content and <see cref="PreviousHash"/> (see <see cref="Model.AuditChain"/>).</summary>
    public string? Hash { get; set; }

    public DateTimeOffset At => UpgradeWindowEntity.AsUtc(AtUtc);

    /// <summary>Every field a reader relies on, in a fixed order and form; the hash covers exactly this.</summary>
    public string CanonicalContent() => Model.AuditChain.Canonical(
        ChainSequence?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        WindowId.ToString("D"),
        WindowTitle,
        // Microseconds: PostgreSQL keeps no finer time, and the hash must match what is read back.
        AtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        Actor,
        Action.ToString(),
        Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Changes,
        Comment);
}
