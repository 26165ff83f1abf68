using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Windows;

/// <summary>The outcome of a change: the window, or why not (each error names its field).</summary>
public sealed record WindowChange(UpgradeWindowEntity? Window, IReadOnlyList<FieldIssue> Errors, IReadOnlyList<FieldIssue> Warnings, WindowChangeFailure Failure = WindowChangeFailure.None)
{
    public static WindowChange NotFound(Guid id) => new(null, [new("id", $"No upgrade window {id}.")], [], WindowChangeFailure.NotFound);

    public static WindowChange Invalid(WindowCheck check) => new(null, check.Errors, check.Warnings, WindowChangeFailure.Invalid);

    public static WindowChange Conflict(UpgradeWindowEntity window, string message) =>
        new(window, [new("revision", message)], [], WindowChangeFailure.Conflict);

    public static WindowChange NotLoaded() =>
        new(null, [new("cluster", "The inventory is not loaded yet, so the window cannot be checked. Try again shortly.")], [], WindowChangeFailure.InventoryNotLoaded);
}

public enum WindowChangeFailure
{
    None,
    Invalid,
    NotFound,
    Conflict,
    InventoryNotLoaded,

    /// <summary>The person may not do this to this window (e.g. approve their own).</summary>
    Forbidden,
}
