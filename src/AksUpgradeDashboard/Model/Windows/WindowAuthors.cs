namespace AksUpgradeDashboard.Model.Windows;

/// <summary>
/// Who wrote a window: its creator and everyone who saved any revision of it (from the audit trail, which nobody can
/// rewrite), by the ids stored. None of them may approve it, even when someone else saved the revision being approved:
/// it still holds their change. Pure.
/// </summary>
public sealed record WindowAuthors(string CreatedBy, IReadOnlyList<WindowSave> Saves)
{
    public bool Includes(Actor actor) => actor.Is(CreatedBy) || Saves.Any(s => actor.Is(s.Actor));

    /// <summary>Why <paramref name="actor"/> may not approve (the workflow decides), or null when they may.</summary>
    public string? WhyNotApprover(Actor actor)
    {
        var person = WindowWorkflow.PersonOf(this, actor);
        if (WindowWorkflow.Decide(WindowStatus.Submitted, WindowAction.Approve, person).Refusal is not { } refusal)
        {
            return null;
        }

        // The editor is told which revisions were theirs.
        var saved = Saves.Where(s => actor.Is(s.Actor)).Select(s => s.Revision).Order().ToList();
        return person == WindowPerson.Editor
            ? $"You saved revision {string.Join(", ", saved)} of this window, so you cannot approve it: another approver must."
            : refusal;
    }

    /// <summary>Why <paramref name="actor"/> may not reject (the workflow decides: the creator cancels instead), or null.</summary>
    public string? WhyNotRejecter(Actor actor) =>
        WindowWorkflow.Decide(WindowStatus.Submitted, WindowAction.Reject, WindowWorkflow.PersonOf(this, actor)).Refusal;
}

/// <summary>One saved revision of a window and who saved it (the stored id).</summary>
public sealed record WindowSave(string Actor, int Revision);
