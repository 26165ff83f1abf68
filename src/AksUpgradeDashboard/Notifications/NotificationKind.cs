namespace AksUpgradeDashboard.Notifications;

/// <summary>What a notification is about. Stored by name; <see cref="NotificationKinds.EventName"/> is its name in webhooks.</summary>
public enum NotificationKind
{
    Submitted,
    Approved,
    Rejected,
    Cancelled,
    ApprovalsVoided,
    Reminder,
    Escalated,
    NotReached,
    WeeklyDigest,

    // Carrying out windows on Azure (Upgrades:Execution).
    ExecutionStarted,
    ExecutionFailed,
    ExecutionCompleted,
}

public static class NotificationKinds
{
    public static IReadOnlyList<NotificationKind> All { get; } = Enum.GetValues<NotificationKind>();

    /// <summary>The event's name in webhook documents and in <c>Notifications:Webhooks:&lt;name&gt;:Events</c>.</summary>
    public static string EventName(NotificationKind kind) => kind switch
    {
        NotificationKind.Submitted => "window.submitted",
        NotificationKind.Approved => "window.approved",
        NotificationKind.Rejected => "window.rejected",
        NotificationKind.Cancelled => "window.cancelled",
        NotificationKind.ApprovalsVoided => "window.approvals-voided",
        NotificationKind.Reminder => "window.reminder",
        NotificationKind.Escalated => "window.escalated",
        NotificationKind.NotReached => "window.not-reached",
        NotificationKind.WeeklyDigest => "compliance.weekly-digest",
        NotificationKind.ExecutionStarted => "window.execution-started",
        NotificationKind.ExecutionFailed => "window.execution-failed",
        NotificationKind.ExecutionCompleted => "window.execution-completed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static NotificationKind? FromEventName(string? name) =>
        All.Cast<NotificationKind?>().FirstOrDefault(k => string.Equals(EventName(k!.Value), name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The kinds a person with <paramref name="roles"/> can receive (see <see cref="NotificationAudience"/>): approvers are
    /// asked and told about their approvals, operators about their windows, everyone may take the digest.
    /// </summary>
    public static IReadOnlyList<NotificationKind> For(IReadOnlySet<string> roles)
    {
        var approver = roles.Contains(Authentication.DashboardRoles.Approver);
        var @operator = roles.Contains(Authentication.DashboardRoles.Operator);
        return [.. All.Where(kind => kind switch
        {
            NotificationKind.Submitted or NotificationKind.Escalated or NotificationKind.ApprovalsVoided => approver,
            NotificationKind.Approved or NotificationKind.Rejected or NotificationKind.NotReached => @operator,
            NotificationKind.Cancelled or NotificationKind.Reminder => approver || @operator,
            NotificationKind.ExecutionStarted or NotificationKind.ExecutionFailed or NotificationKind.ExecutionCompleted => approver || @operator,
            _ => true,
        })];
    }

    /// <summary>How the "Notifications" page names the kind of e-mail, and who gets it.</summary>
    public static (string Label, string Description) Describe(NotificationKind kind) => kind switch
    {
        NotificationKind.Submitted => ("Approval requests", "A window was submitted (or resubmitted after an edit) that you may approve."),
        NotificationKind.Approved => ("Approved", "A window you created or edited was approved."),
        NotificationKind.Rejected => ("Rejected", "A window you created or edited was rejected, with the approver's comment."),
        NotificationKind.Cancelled => ("Cancelled", "A window you created or approved was cancelled."),
        NotificationKind.ApprovalsVoided => ("Approvals voided", "A window you approved was edited, so your approval no longer counts."),
        NotificationKind.Reminder => ("Reminders", "An approved window you created, edited or approved starts in 24 hours, and in 1 hour."),
        NotificationKind.Escalated => ("Escalations", "A submitted window you may approve starts within 24 hours and is still undecided."),
        NotificationKind.NotReached => ("Not reached", "A window you created or edited ended without the inventory showing its target."),
        NotificationKind.WeeklyDigest => ("Weekly compliance digest", "The week's compliance headline, trend, overdue pools and next deadlines. On for admins unless turned off; others opt in."),
        NotificationKind.ExecutionStarted => ("Upgrade started", "The dashboard started carrying out a window you created, edited or approved on Azure."),
        NotificationKind.ExecutionFailed => ("Upgrade failed or aborted", "The dashboard stopped carrying out a window you created, edited or approved: a step failed, a safety check stopped it, or someone aborted it."),
        NotificationKind.ExecutionCompleted => ("Upgrade completed", "The dashboard carried out every step of a window you created, edited or approved."),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
