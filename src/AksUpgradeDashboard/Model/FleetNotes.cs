namespace AksUpgradeDashboard.Model;

/// <summary>Advice shown beside a status: one wording for the cluster, its pools, the API and the CSV.</summary>
public static class FleetNotes
{
    public const string ClusterStopped =
        "Stopped: no automatic upgrade runs until it starts (auto-upgrade channels and planned maintenance are paused).";

    public const string LtsNeedsUbuntu2404 =
        "Long Term Support on Kubernetes 1.33+ needs Ubuntu 24.04: move this pool from Ubuntu 22.04 to Ubuntu2404 first (Azure/AKS#5701).";

    public static bool IsStopped(string? powerState) => string.Equals(powerState, "Stopped", StringComparison.OrdinalIgnoreCase);
}
