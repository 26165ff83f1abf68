using AksUpgradeDashboard.Azure.Sample;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Model;

public class WindowCompletionTests
{
    private const string Subscription = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";
    private static readonly DateTimeOffset WindowEnd = TestFleet.Now.AddHours(-2);

    public static TheoryData<string, string, string[], UpgradeKind, string?, string?, bool, string> Cases => new()
    {
        // cluster, resource group, pools, kind, target, change made to the inventory, reached, found
        { "aks-orders-prod-uks", "rg-orders-prod", ["workers"], UpgradeKind.OsSkuChange, "AzureLinux3", "workers:sku=AzureLinux3", true, "workers: on AzureLinux3" },
        { "aks-orders-prod-uks", "rg-orders-prod", ["workers"], UpgradeKind.OsSkuChange, "AzureLinux3", null, false, "workers: still on AzureLinux, not AzureLinux3" },
        { "aks-orders-prod-uks", "rg-orders-prod", ["system", "workers"], UpgradeKind.OsSkuChange, "AzureLinux3", "workers:sku=AzureLinux3", false, "system: still on AzureLinux, not AzureLinux3; workers: on AzureLinux3" },
        { "aks-orders-prod-uks", "rg-orders-prod", ["workers"], UpgradeKind.OsSkuChange, "AzureLinux3", "workers:delete", false, "workers: no longer exists" },
        { "aks-orders-prod-uks", "rg-orders-prod", ["workers"], UpgradeKind.KubernetesVersion, "1.32", "workers:k8s=1.32.4", true, "workers: on Kubernetes 1.32.4" },
        { "aks-orders-prod-uks", "rg-orders-prod", ["workers"], UpgradeKind.KubernetesVersion, "1.32.5", "workers:k8s=1.32.4", false, "workers: on Kubernetes 1.32.4, not 1.32.5" },
        { "aks-orders-prod-uks", "rg-orders-prod", ["workers"], UpgradeKind.KubernetesVersion, "1.32", null, false, "workers: on Kubernetes 1.31.9, not 1.32" },
        { "aks-payments-prod-weu", "rg-payments-prod", ["system"], UpgradeKind.NodeImage, null, null, true, "system: on the latest image AKSUbuntu-2204gen2containerd-202611.10.0" },
        { "aks-payments-prod-weu", "rg-payments-prod", ["batch"], UpgradeKind.NodeImage, null, null, false, "batch: on AKSUbuntu-2204gen2containerd-202610.06.0, latest is AKSUbuntu-2204gen2containerd-202611.10.0" },
        { "aks-payments-prod-weu", "rg-payments-prod", ["batch"], UpgradeKind.NodeImage, null, "batch:image=AKSUbuntu-2204gen2containerd-202611.10.0", true, "batch: on the latest image AKSUbuntu-2204gen2containerd-202611.10.0" },
        { "aks-dotnetfx-prod-weu", "rg-legacy-prod", ["win19"], UpgradeKind.NewNodePool, "Windows2022", null, false, "on Windows2022: win22; still present: win19 (Windows2019)" },
        { "aks-dotnetfx-prod-weu", "rg-legacy-prod", ["win19"], UpgradeKind.NewNodePool, "Windows2022", "win19:delete", true, "on Windows2022: win22" },
        { "aks-dotnetfx-prod-weu", "rg-legacy-prod", ["win19"], UpgradeKind.NewNodePool, "Windows2025", "win19:delete", false, "no pool on Windows2025" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Check_InventoryAfterTheWindow_ReachedOrNotWithWhatWasFound(
        string cluster, string resourceGroup, string[] pools, UpgradeKind kind, string? target, string? change, bool reached, string found)
    {
        // Arrange
        var fleet = await FleetAsync(cluster, change, TestFleet.Now);
        var scope = new CompletionScope(Subscription, resourceGroup, cluster, pools, false, kind, target, WindowEnd);

        // Act
        var result = WindowCompletion.Check(scope, fleet);

        // Assert
        Assert.Equal(new CompletionResult(reached, found), result);
    }

    // Defect: "reached the latest image" was days-behind = 0, so a same-day rebuild or a newer SecurityPatch suffix counted
    // as reached and the window ended Verified although the pool never moved. Versions are compared now.
    [Theory]
    [InlineData("AKSUbuntu-2204gen2containerd-202611.10.0", "AKSUbuntu-2204gen2containerd-202611.10.1")]
    [InlineData("AKSUbuntu-2204gen2containerd-202611.10.0-2026.11.20", "AKSUbuntu-2204gen2containerd-202611.10.0-2026.11.27")]
    [InlineData("AKSUbuntu-2204gen2containerd-202611.10.0", "AKSUbuntu-2204gen2containerd-202611.10.0-2026.11.20")]
    public async Task Check_NodeImageOnTheSameDayButAnOlderVersion_NotReached(string poolImage, string latestImage)
    {
        // Arrange
        var fleet = await FleetAsync("aks-payments-prod-weu", $"batch:image={poolImage}", TestFleet.Now, extraLatest: latestImage);
        var scope = new CompletionScope(Subscription, "rg-payments-prod", "aks-payments-prod-weu", ["batch"], false, UpgradeKind.NodeImage, null, WindowEnd);

        // Act
        var result = WindowCompletion.Check(scope, fleet);

        // Assert
        Assert.Equal(new CompletionResult(false, $"batch: on {poolImage}, latest is {latestImage}"), result);
    }

    [Fact]
    public async Task Check_NodeImageOnTheNewestSecurityPatch_Reached()
    {
        // Arrange
        const string Image = "AKSUbuntu-2204gen2containerd-202611.10.0-2026.11.27";
        var fleet = await FleetAsync("aks-payments-prod-weu", $"batch:image={Image}", TestFleet.Now, extraLatest: Image);
        var scope = new CompletionScope(Subscription, "rg-payments-prod", "aks-payments-prod-weu", ["batch"], false, UpgradeKind.NodeImage, null, WindowEnd);

        // Act
        var result = WindowCompletion.Check(scope, fleet);

        // Assert
        Assert.Equal(new CompletionResult(true, $"batch: on the latest image {Image}"), result);
    }

    [Fact]
    public async Task Check_InventoryReadBeforeTheWindowEnded_NotYet()
    {
        // Arrange: the pool did change, but this inventory is older than the window's end
        var fleet = await FleetAsync("aks-orders-prod-uks", "workers:sku=AzureLinux3", WindowEnd.AddMinutes(-1));
        var scope = new CompletionScope(Subscription, "rg-orders-prod", "aks-orders-prod-uks", ["workers"], false, UpgradeKind.OsSkuChange, "AzureLinux3", WindowEnd);

        // Act
        var result = WindowCompletion.Check(scope, fleet);

        // Assert
        Assert.Null(result);
    }

    [Fact]
    public async Task Check_ClusterGone_NotReached()
    {
        // Arrange
        var fleet = await FleetAsync("aks-orders-prod-uks", null, TestFleet.Now);
        var scope = new CompletionScope(Subscription, "rg-orders-prod", "aks-gone", [], true, UpgradeKind.NodeImage, null, WindowEnd);

        // Act
        var result = WindowCompletion.Check(scope, fleet);

        // Assert
        Assert.Equal(new CompletionResult(false, "Cluster aks-gone is no longer in the inventory."), result);
    }

    [Fact]
    public async Task Check_AllPools_EveryPoolOfTheClusterChecked()
    {
        // Arrange
        var fleet = await FleetAsync("aks-payments-prod-weu", null, TestFleet.Now);
        var scope = new CompletionScope(Subscription, "rg-payments-prod", "aks-payments-prod-weu", [], true, UpgradeKind.NodeImage, null, WindowEnd);

        // Act
        var result = WindowCompletion.Check(scope, fleet);

        // Assert
        Assert.NotNull(result);
        Assert.False(result.Reached);
        Assert.Equal(["system", "api", "batch", "fips"], result.Found.Split("; ").Select(f => f.Split(':')[0]));
    }

    /// <summary>The sample fleet read at <paramref name="refreshedAt"/>, with one more released image and one change ("pool:sku=X", "pool:k8s=X", "pool:image=X", "pool:delete").</summary>
    private static async Task<FleetState> FleetAsync(string cluster, string? change, DateTimeOffset refreshedAt, string? extraLatest = null)
    {
        var snapshot = await new SampleInventorySource(TestFleet.Time()).LoadAsync(null, TestContext.Current.CancellationToken);
        snapshot = snapshot with { RefreshedAt = refreshedAt };
        if (extraLatest is not null)
        {
            var location = snapshot.Clusters.Single(c => c.Name == cluster).Location;
            snapshot = snapshot with { LatestImages = snapshot.LatestImages.Add(new LatestNodeImage(location, extraLatest)) };
        }

        if (change is not null)
        {
            var (pool, what) = (change.Split(':')[0], change.Split(':')[1]);
            var value = what.Contains('=', StringComparison.Ordinal) ? what.Split('=')[1] : null;
            snapshot = snapshot with
            {
                Clusters = [.. snapshot.Clusters.Select(c => c.Name != cluster ? c : c with
                {
                    NodePools = [.. c.NodePools
                        .Where(p => !(p.Name == pool && what == "delete"))
                        .Select(p => p.Name != pool ? p : what.Split('=')[0] switch
                        {
                            "sku" => p with { OsSku = value },
                            "k8s" => p with { OrchestratorVersion = value, CurrentOrchestratorVersion = value },
                            "image" => p with { NodeImageVersion = value },
                            _ => throw new ArgumentException($"Unknown change {change}", nameof(change)),
                        })],
                })],
            };
        }

        return FleetState.Build(snapshot, TestFleet.Assessor(), DateOnly.FromDateTime(TestFleet.Now.UtcDateTime));
    }
}
