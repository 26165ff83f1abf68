namespace AksUpgradeDashboard.Model.Windows;

/// <summary>The upgrade settings recommended for a pool before it is upgraded (AKS's guidance for surge, drain and soak).</summary>
public sealed record RecommendedUpgradeSettings(string MaxSurge, string MaxUnavailable, int DrainTimeoutInMinutes, int NodeSoakDurationInMinutes, string UndrainableNodeBehavior)
{
    /// <summary>Whether the pool's current settings (AKS's defaults where unset) already are these.</summary>
    public bool MatchesCurrent(UpgradeSettingsInfo? current) =>
        string.Equals(current?.MaxSurge ?? UpgradeSettingsAdvice.DefaultMaxSurge, MaxSurge, StringComparison.OrdinalIgnoreCase)
        && string.Equals(current?.MaxUnavailable ?? "0", MaxUnavailable, StringComparison.OrdinalIgnoreCase)
        && (current?.DrainTimeoutInMinutes ?? UpgradeSettingsAdvice.DrainTimeoutMinutes) == DrainTimeoutInMinutes
        && (current?.NodeSoakDurationInMinutes ?? 0) == NodeSoakDurationInMinutes
        && string.Equals(current?.UndrainableNodeBehavior ?? "Schedule", UndrainableNodeBehavior, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// What surge, unavailability, drain, soak and undrainable-node behaviour a pool should have before an upgrade. The
/// runbook shows and sets them by hand; the executor applies them when the planner chose so. Pure.
/// </summary>
public static class UpgradeSettingsAdvice
{
    public const int DrainTimeoutMinutes = 30;
    public const string DefaultMaxSurge = "10%";

    /// <summary>A cluster tagged env (or environment) = prod (or production).</summary>
    public static bool IsProduction(ClusterInfo cluster) => cluster.Tags.Any(t =>
        (string.Equals(t.Key, "env", StringComparison.OrdinalIgnoreCase) || string.Equals(t.Key, "environment", StringComparison.OrdinalIgnoreCase))
        && (string.Equals(t.Value.Trim(), "prod", StringComparison.OrdinalIgnoreCase) || string.Equals(t.Value.Trim(), "production", StringComparison.OrdinalIgnoreCase)));

    public static RecommendedUpgradeSettings For(NodePoolInfo pool, bool production)
    {
        var current = pool.UpgradeSettings;
        var system = string.Equals(pool.Mode, "System", StringComparison.OrdinalIgnoreCase);
        var unavailable = current?.MaxUnavailable ?? "0";
        var soakNow = current?.NodeSoakDurationInMinutes ?? 0;
        return new RecommendedUpgradeSettings(
            production ? "33%" : "50%",
            system ? "0" : unavailable,
            DrainTimeoutMinutes,
            production ? 5 : soakNow is >= 0 and <= 5 ? soakNow : 0,
            "Cordon");
    }
}
