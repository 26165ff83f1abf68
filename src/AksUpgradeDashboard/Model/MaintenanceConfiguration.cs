using System.Collections.Immutable;

namespace AksUpgradeDashboard.Model;

/// <summary>
/// An AKS planned maintenance configuration (<c>default</c>, <c>aksManagedAutoUpgradeSchedule</c>,
/// <c>aksManagedNodeOSUpgradeSchedule</c>) as read from ARM, with its schedule in words.
/// </summary>
public sealed record MaintenanceConfigurationInfo(
    string Name,
    string Schedule,
    int? DurationHours,
    string? UtcOffset,
    DateOnly? StartDate,
    string? StartTime,
    ImmutableArray<DateRange> NotAllowed)
{
    /// <summary>What each configuration name governs (docs: planned-maintenance).</summary>
    public string Governs => Name switch
    {
        "aksManagedAutoUpgradeSchedule" => "Cluster auto-upgrade (Kubernetes version)",
        "aksManagedNodeOSUpgradeSchedule" => "Node OS upgrades (node image / security patches)",
        "default" => "AKS weekly releases (control plane and add-ons)",
        _ => "Custom configuration",
    };
}

public readonly record struct DateRange(DateOnly Start, DateOnly End);

/// <summary>The maintenance configurations of one cluster, or why they could not be read.</summary>
public sealed record MaintenanceConfigurationsResult(ImmutableArray<MaintenanceConfigurationInfo> Configurations, InventoryError? Error = null);
