namespace AksUpgradeDashboard.Components.Controls;

/// <summary>
/// Notices a person has closed in this browser tab (a circuit): they stay closed on every page until the tab is
/// reloaded, so a banner that has been read stops pushing the content down.
/// </summary>
public sealed class DismissedNotices
{
    private readonly HashSet<string> _dismissed = new(StringComparer.Ordinal);

    public bool IsDismissed(string notice) => _dismissed.Contains(notice);

    public void Dismiss(string notice) => _dismissed.Add(notice);
}
