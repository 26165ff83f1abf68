namespace AksUpgradeDashboard.Model.Windows;

/// <summary>Where a window stands.</summary>
public enum WindowStatus
{
    Draft,
    Submitted,
    Approved,
    Rejected,
    Cancelled,
    InProgress,
    Verified,
    NotReached,

    /// <summary>The dashboard carried out every step on Azure; the inventory still decides Verified or NotReached.</summary>
    Completed,

    /// <summary>A step failed or a safety check stopped the run; the remaining steps were skipped.</summary>
    Failed,

    /// <summary>A person aborted the run (and AKS's running operation).</summary>
    Aborted,
}

/// <summary>What someone (or the app itself) does to a window.</summary>
public enum WindowAction
{
    Edit,
    Submit,
    Approve,
    Reject,
    Cancel,
    Delete,

    /// <summary>The app: an approved window's start has come.</summary>
    Open,

    /// <summary>The app: the inventory after the window's end decided Verified or NotReached.</summary>
    Complete,

    /// <summary>The app: its run of the window on Azure ended (Completed or Failed).</summary>
    Finish,

    /// <summary>An operator stops the run of the window on Azure.</summary>
    Abort,
}

/// <summary>How the person acting relates to the window (their roles are checked by the endpoint's policy first).</summary>
public enum WindowPerson
{
    /// <summary>Created the window.</summary>
    Creator,

    /// <summary>Saved a revision of it, but did not create it.</summary>
    Editor,

    /// <summary>Wrote no revision of it.</summary>
    Other,

    /// <summary>The app itself (opening, completion).</summary>
    System,
}

/// <summary>The answer for one status, action and person: allowed (and to which status), or refused with the reason.</summary>
public sealed record WorkflowDecision(bool Allowed, WindowStatus? To, bool VoidsApprovals, string? Refusal)
{
    public static WorkflowDecision Refused(string reason) => new(false, null, false, reason);
}

/// <summary>
/// The window lifecycle in one place: the statuses, every allowed transition, who may take it, and what voids approvals.
/// The service, the API and the pages ask it; nothing else decides. Pure. (An approval moves a window to Approved only
/// with the last of the approvals required; <see cref="Decide"/> gives that status, the service counts.)
/// </summary>
public static class WindowWorkflow
{
    /// <summary>Windows that still hold their slot on the cluster.</summary>
    public static IReadOnlyList<WindowStatus> Active { get; } = [WindowStatus.Draft, WindowStatus.Submitted, WindowStatus.Approved, WindowStatus.InProgress];

    /// <summary>Windows whose outcome the completion check still decides (NotReached is checked again).</summary>
    public static IReadOnlyList<WindowStatus> AwaitingCompletion { get; } =
        [WindowStatus.Approved, WindowStatus.InProgress, WindowStatus.NotReached, WindowStatus.Completed, WindowStatus.Failed, WindowStatus.Aborted];

    public static bool IsActive(WindowStatus status) => Active.Contains(status);

    /// <summary>Whether anyone (some person) may take <paramref name="action"/> in <paramref name="status"/>: for showing a button.</summary>
    public static bool Allows(WindowStatus status, WindowAction action) =>
        Decide(status, action, IsTheApps(action) ? WindowPerson.System : WindowPerson.Other).Allowed;

    public static WorkflowDecision Decide(WindowStatus status, WindowAction action, WindowPerson person)
    {
        if (IsTheApps(action) != (person == WindowPerson.System))
        {
            return WorkflowDecision.Refused(person == WindowPerson.System
                ? $"The app does not {Verb(action)} windows; people do."
                : $"Windows are {Past(action)} by the app, not by people.");
        }

        return (action, status) switch
        {
            (WindowAction.Edit, WindowStatus.Draft or WindowStatus.Rejected) => new(true, status, false, null),
            // Any edit of a submitted or approved window voids its approvals; an approved one goes back to Submitted.
            (WindowAction.Edit, WindowStatus.Submitted or WindowStatus.Approved) => new(true, WindowStatus.Submitted, true, null),
            (WindowAction.Submit, WindowStatus.Draft or WindowStatus.Rejected) => new(true, WindowStatus.Submitted, false, null),
            (WindowAction.Approve, WindowStatus.Submitted) => person switch
            {
                WindowPerson.Creator => WorkflowDecision.Refused("You created this window, so you cannot approve it: another approver must."),
                WindowPerson.Editor => WorkflowDecision.Refused("You saved a revision of this window, so you cannot approve it: another approver must."),
                _ => new(true, WindowStatus.Approved, false, null),
            },
            (WindowAction.Reject, WindowStatus.Submitted) => person == WindowPerson.Creator
                ? WorkflowDecision.Refused("You created this window, so you cannot reject it: cancel it instead.")
                : new(true, WindowStatus.Rejected, false, null),
            (WindowAction.Cancel, WindowStatus.Draft or WindowStatus.Submitted or WindowStatus.Approved or WindowStatus.Rejected) => new(true, WindowStatus.Cancelled, false, null),
            // Approved or started windows are cancelled, not deleted, so the decision stays on record.
            (WindowAction.Delete, WindowStatus.Draft or WindowStatus.Submitted or WindowStatus.Rejected) => new(true, null, false, null),
            (WindowAction.Open, WindowStatus.Approved) => new(true, WindowStatus.InProgress, false, null),
            (WindowAction.Complete, WindowStatus.Approved or WindowStatus.InProgress or WindowStatus.NotReached
                or WindowStatus.Completed or WindowStatus.Failed or WindowStatus.Aborted) => new(true, null, false, null),
            // The run's outcome (Completed or Failed) is the caller's to give; an abort is a person's.
            (WindowAction.Finish, WindowStatus.InProgress) => new(true, null, false, null),
            (WindowAction.Abort, WindowStatus.InProgress) => new(true, WindowStatus.Aborted, false, null),
            (WindowAction.Delete, _) => WorkflowDecision.Refused($"The window is {status}; approved or started windows are cancelled, not deleted."),
            (WindowAction.Edit, _) => WorkflowDecision.Refused($"The window is {status} and can no longer be edited."),
            _ => WorkflowDecision.Refused($"The window is {status}, so it cannot be {Past(action)}."),
        };
    }

    /// <summary>How the person relates to the window, from its authors (see <see cref="WindowAuthors"/>).</summary>
    public static WindowPerson PersonOf(WindowAuthors authors, Actor actor) =>
        actor.Is(authors.CreatedBy) ? WindowPerson.Creator
        : authors.Includes(actor) ? WindowPerson.Editor
        : WindowPerson.Other;

    private static bool IsTheApps(WindowAction action) => action is WindowAction.Open or WindowAction.Complete or WindowAction.Finish;

    private static string Verb(WindowAction action) => action.ToString().ToLowerInvariant();

    private static string Past(WindowAction action) => action switch
    {
        WindowAction.Submit => "submitted",
        WindowAction.Approve => "approved",
        WindowAction.Reject => "rejected",
        WindowAction.Cancel => "cancelled",
        WindowAction.Delete => "deleted",
        WindowAction.Edit => "edited",
        WindowAction.Open => "opened",
        WindowAction.Abort => "aborted",
        WindowAction.Finish => "finished",
        _ => "completed",
    };
}
