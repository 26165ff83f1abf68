namespace AksUpgradeDashboard.Data;

/// <summary>One approver's sign-off of one revision of a window; an edit makes a new revision, so old approvals stop counting.</summary>
public sealed class WindowApprovalEntity
{
    public long Id { get; set; }
    public Guid WindowId { get; set; }
    public int Revision { get; set; }
    /// <summary>The approver's id (see <see cref="Model.Windows.Actor"/>).</summary>
    public required string Approver { get; set; }

    public string? ApproverName { get; set; }

    public string ApproverDisplay => ApproverName ?? Approver;
    public DateTime ApprovedAtUtc { get; set; }
    public required string Comment { get; set; }

    /// <summary>The codes of the warnings the approver acknowledged, comma-separated (see <see cref="Model.Windows.WarningCodes"/>).</summary>
    public string? AcknowledgedWarnings { get; set; }

    public DateTimeOffset ApprovedAt => UpgradeWindowEntity.AsUtc(ApprovedAtUtc);
}

/// <summary>What an audit entry is about: a window, or an admin setting that decisions depend on.</summary>
public enum AuditSubject
{
    Window,
    BlackoutPeriod,
    CompliancePolicy,

    /// <summary>A rollout (issue 18): saved, a wave submitted, decided or waived, cancelled. Its windows have their own entries.</summary>
    Rollout,
}

/// <summary>What happened to a window (or a blackout period or the compliance policy), as an audit entry.</summary>
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

    /// <summary>An approver waived a rollout wave's NotReached windows so its gate can pass.</summary>
    Waived,

    // Carrying out a window on Azure (issue 19): the run, each step with ARM's request id, and how it ended.
    ExecutionStarted,
    StepStarted,
    StepSucceeded,
    StepFailed,
    WorkloadsMoved,
    ExecutionCompleted,
    ExecutionFailed,
    ExecutionAborted,
}

/// <summary>
/// An append-only record of every change and decision. Nothing updates or deletes these rows: the context refuses it
/// and database triggers refuse it too, so even hand-written SQL cannot rewrite history.
/// </summary>
public sealed class AuditEntryEntity
{
    public long Id { get; set; }

    /// <summary>What the entry is about; <see cref="WindowId"/> and <see cref="WindowTitle"/> are that subject's id and name.</summary>
    public AuditSubject Subject { get; set; } = AuditSubject.Window;

    /// <summary>The window's id (or the blackout period's; <see cref="Guid.Empty"/> for the compliance policy).</summary>
    public Guid WindowId { get; set; }

    /// <summary>The window's title at the time, so entries of a deleted window still read well (or the period's name).</summary>
    public required string WindowTitle { get; set; }

    public DateTime AtUtc { get; set; }
    /// <summary>Who acted: their id (see <see cref="Model.Windows.Actor"/>).</summary>
    public required string Actor { get; set; }

    /// <summary>Their name at the time (null in entries written before names were stored).</summary>
    public string? ActorName { get; set; }

    public string ActorDisplay => ActorName ?? Actor;
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
    public string CanonicalContent() => Subject == AuditSubject.Window ? WindowContent() : Model.AuditChain.Canonical(Subject.ToString(), WindowContent());

    /// <summary>A new entry with its comment cut to fit its column (an approval's count, many pools' findings).</summary>
    public static AuditEntryEntity Of(AuditSubject subject, Guid id, string title, DateTime atUtc, Model.Windows.Actor actor, AuditAction action, int revision, string? changes = null, string? comment = null) => new()
    {
        Subject = subject,
        WindowId = id,
        WindowTitle = title,
        AtUtc = atUtc,
        Actor = actor.Id,
        ActorName = Shortened(actor.Name, DashboardDbContext.MaxPersonLength),
        Action = action,
        Revision = revision,
        Changes = changes,
        Comment = string.IsNullOrWhiteSpace(comment) ? null : Shortened(comment.Trim(), Model.Windows.UpgradeWindowRules.MaxJustificationLength),
    };

    /// <summary>A person's name as stored beside their id (windows, approvals, the policy); null when it would only repeat the id.</summary>
    public static string? StoredName(Model.Windows.Actor actor) =>
        string.Equals(actor.Name, actor.Id, StringComparison.Ordinal) ? null : Shortened(actor.Name, DashboardDbContext.MaxPersonLength);

    // PostgreSQL refuses what does not fit its column, where SQLite would store it.
    // Never between the two halves of a surrogate pair: half a character would be stored as another, and break the hash.
    internal static string Shortened(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var keep = maxLength - 1;
        return text[..(char.IsHighSurrogate(text[keep - 1]) ? keep - 1 : keep)] + "…";
    }

    // The actor's name joins the content only where stored, so entries hashed before names were stored still verify.
    private string WindowContent() => ActorName is null ? Content() : Model.AuditChain.Canonical(Content(), ActorName);

    private string Content() => Model.AuditChain.Canonical(
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
