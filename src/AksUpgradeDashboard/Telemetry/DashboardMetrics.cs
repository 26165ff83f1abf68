using System.Diagnostics.Metrics;

namespace AksUpgradeDashboard.Telemetry;

/// <summary>
/// The dashboard's own meter (<c>AksUpgradeDashboard</c>): refresh duration, ARM requests and throttled responses,
/// approval decisions. Pools by status and windows by state are observed when an exporter collects
/// (see <see cref="DashboardTelemetry"/>). Tags carry no personal data.
/// </summary>
public static class DashboardMetrics
{
    public const string MeterName = "AksUpgradeDashboard";

    private static readonly Meter s_meter = new(MeterName);

    public static readonly Histogram<double> RefreshDuration = s_meter.CreateHistogram<double>(
        "aks_dashboard.inventory.refresh.duration", unit: "s", description: "How long an inventory refresh took.");

    public static readonly Counter<long> ArmRequests = s_meter.CreateCounter<long>(
        "aks_dashboard.arm.requests", unit: "{request}", description: "HTTP requests sent to Azure Resource Manager, retries included.");

    public static readonly Counter<long> ArmThrottled = s_meter.CreateCounter<long>(
        "aks_dashboard.arm.throttled", unit: "{response}", description: "Azure Resource Manager responses with status 429.");

    public static readonly Counter<long> UpgradeOperations = s_meter.CreateCounter<long>(
        "aks_dashboard.upgrade.operations", unit: "{operation}", description: "Steps the dashboard carried out on Azure, by step kind and result.");

    /// <summary>Spans for the steps the dashboard carries out on Azure (one per step: sent, followed, ended).</summary>
    public static readonly System.Diagnostics.ActivitySource Upgrades = new(MeterName + ".Upgrades");

    public static readonly Counter<long> ApprovalsDecided = s_meter.CreateCounter<long>(
        "aks_dashboard.approvals.decided", unit: "{decision}", description: "Approve and reject decisions recorded, by decision.");
}
