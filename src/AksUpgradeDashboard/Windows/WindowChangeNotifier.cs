namespace AksUpgradeDashboard.Windows;

/// <summary>
/// Tells the parts of one browser session that a window changed there (e.g. the approvals count in the navigation
/// after a decision on the window page). Scoped: one per circuit.
/// </summary>
public sealed class WindowChangeNotifier
{
    public event Action? Changed;

    public void Notify() => Changed?.Invoke();
}
