namespace AksUpgradeDashboard.Inventory;

/// <summary>
/// Nothing could be read at all (e.g. ARM unreachable, the credential refused). <see cref="Exception.Message"/> is
/// written for the user and carries no internals; the inner exception has the details for the log.
/// </summary>
public sealed class InventoryLoadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>How far a refresh has got, for "Refresh now" progress.</summary>
public sealed record InventoryLoadProgress(string Stage, int Completed, int Total);
