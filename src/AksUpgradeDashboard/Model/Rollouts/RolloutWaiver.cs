using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Model.Rollouts;

/// <summary>A window a waiver would cover, as the waiver rule sees it: its title and who wrote it.</summary>
public sealed record WaivedWindow(string Title, WindowAuthors Authors);

/// <summary>
/// Who may waive a wave's windows not reached (issue 18). A waiver lets the next wave go ahead without them, so it
/// follows the windows' no-self-approval rule: neither the rollout's creator nor anyone who created or saved a revision
/// of a waived window may give it; another approver must. Pure.
/// </summary>
public static class RolloutWaiver
{
    /// <summary>Why <paramref name="actor"/> may not waive <paramref name="windows"/>, or null when they may.</summary>
    public static string? WhyNot(Actor actor, string rolloutCreatedBy, string rolloutName, IReadOnlyList<WaivedWindow> windows)
    {
        if (actor.Is(rolloutCreatedBy))
        {
            return $"You created rollout '{rolloutName}', so you cannot waive its windows not reached: another approver must.";
        }

        foreach (var window in windows)
        {
            if (actor.Is(window.Authors.CreatedBy))
            {
                return $"You created window '{window.Title}', so you cannot waive it: another approver must.";
            }

            var saved = window.Authors.Saves.Where(s => actor.Is(s.Actor)).Select(s => s.Revision).Order().ToList();
            if (saved.Count > 0)
            {
                return $"You saved window '{window.Title}' (revision{(saved.Count == 1 ? "" : "s")} {string.Join(", ", saved)}), so you cannot waive it: another approver must.";
            }
        }

        return null;
    }
}
