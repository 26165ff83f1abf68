namespace AksUpgradeDashboard.Model.Windows;

/// <summary>
/// Who wrote a window: its creator and everyone who saved any revision of it (from the audit trail, which nobody can
/// rewrite). None of them may approve it, even when someone else saved the revision being approved: it still holds
/// their change. Pure; names compare case-insensitively, as sign-in names do.
/// </summary>
public sealed record WindowAuthors(string CreatedBy, IReadOnlyList<WindowSave> Saves)
{
    public bool Includes(string user) =>
        string.Equals(CreatedBy, user, StringComparison.OrdinalIgnoreCase)
        || Saves.Any(s => string.Equals(s.Actor, user, StringComparison.OrdinalIgnoreCase));

    /// <summary>Why <paramref name="user"/> may not approve (the workflow decides), or null when they may.</summary>
    public string? WhyNotApprover(string user)
    {
        var person = WindowWorkflow.PersonOf(this, user);
        if (WindowWorkflow.Decide(WindowStatus.Submitted, WindowAction.Approve, person).Refusal is not { } refusal)
        {
            return null;
        }

        // The editor is told which revisions were theirs.
        var saved = Saves.Where(s => string.Equals(s.Actor, user, StringComparison.OrdinalIgnoreCase)).Select(s => s.Revision).Order().ToList();
        return person == WindowPerson.Editor
            ? $"You saved revision {string.Join(", ", saved)} of this window, so you cannot approve it: another approver must."
            : refusal;
    }

    /// <summary>Why <paramref name="user"/> may not reject (the workflow decides: the creator cancels instead), or null.</summary>
    public string? WhyNotRejecter(string user) =>
        WindowWorkflow.Decide(WindowStatus.Submitted, WindowAction.Reject, WindowWorkflow.PersonOf(this, user)).Refusal;
}

/// <summary>One saved revision of a window and who saved it.</summary>
public sealed record WindowSave(string Actor, int Revision);
