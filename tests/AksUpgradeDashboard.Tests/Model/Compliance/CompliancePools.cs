using System.Collections.Immutable;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Tests.Model.Compliance;

/// <summary>Hand-made pools with exactly the assessment a compliance rule looks at.</summary>
internal static class CompliancePools
{
    public const string Subscription = "11111111-2222-3333-4444-555555555555";
    public const string OtherSubscription = "99999999-8888-7777-6666-555555555555";

    public static readonly OsVersionInfo Ubuntu2204 = new("Ubuntu2204", "Ubuntu", "22.04", "Linux", new DateOnly(2027, 6, 30), new DateOnly(2028, 4, 30), false, null, null, "Ubuntu2404", UpgradePath.InPlaceOsSku, "Ubuntu2404", null);
    public static readonly OsVersionInfo Ubuntu2404 = new("Ubuntu2404", "Ubuntu", "24.04", "Linux", null, null, false, null, null, null, null, null, null);

    public static PoolViewModel Pool(
        PoolStatus status = PoolStatus.Current, int? daysBehind = 0, string cluster = "aks-a", string pool = "nodes", string location = "westeurope",
        string kubernetes = "1.33.2", OsVersionInfo? os = null, OsVersionInfo? osAtNextMinor = null, ImmutableSortedDictionary<string, string>? tags = null,
        string subscription = Subscription, int? imageAgeDays = 10)
    {
        var clusterInfo = new ClusterInfo
        {
            Id = $"/subscriptions/{subscription}/resourceGroups/rg-{cluster}/providers/Microsoft.ContainerService/managedClusters/{cluster}",
            SubscriptionId = subscription,
            ResourceGroup = $"rg-{cluster}",
            Name = cluster,
            Location = location,
            Tags = tags ?? ImmutableSortedDictionary<string, string>.Empty,
        };
        var poolInfo = new NodePoolInfo { Name = pool, OsType = "Linux", OsSku = "Ubuntu", OrchestratorVersion = kubernetes, NodeImageVersion = "AKSUbuntu-2204gen2containerd-202509.11.0" };
        var assessment = new PoolAssessment
        {
            Status = status,
            StatusReason = $"{status} because the test says so.",
            Image = NodeImageVersionParser.Parse(poolInfo.NodeImageVersion),
            Os = os ?? Ubuntu2204,
            DaysBehindLatest = daysBehind,
            ImageAgeDays = imageAgeDays,
            OsAtNextKubernetesMinor = osAtNextMinor,
        };
        return new PoolViewModel(clusterInfo, poolInfo, assessment, subscription == Subscription ? "Production" : "Other");
    }
}
