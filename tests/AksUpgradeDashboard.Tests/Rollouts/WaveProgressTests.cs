using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Rollouts;

namespace AksUpgradeDashboard.Tests.Rollouts;

/// <summary>
/// A wave's progress in pools. Found in the rollout page's screenshot: a window of every pool of its cluster stores no
/// pool names, and was counted as no pools at all ("0 to go" for an approved wave).
/// </summary>
public class WaveProgressTests
{
    private static UpgradeWindowEntity Window(WindowStatus status, bool allPools, params string[] pools) => new()
    {
        Id = Guid.NewGuid(), Title = "w", SubscriptionId = "s", ResourceGroup = "rg", ClusterName = "c", ClusterId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c",
        TimeZone = "UTC", CreatedBy = "olivia@contoso.example", Status = status, AllPools = allPools, NodePools = [.. pools],
    };

    [Theory]
    [InlineData(WindowStatus.Approved, false, 0, 0, 0, 2)]
    [InlineData(WindowStatus.Verified, false, 2, 0, 0, 0)]
    [InlineData(WindowStatus.InProgress, false, 0, 2, 0, 0)]
    [InlineData(WindowStatus.NotReached, false, 0, 0, 2, 0)]
    [InlineData(WindowStatus.Approved, true, 0, 0, 0, 3)]
    [InlineData(WindowStatus.Verified, true, 3, 0, 0, 0)]
    public void Of_CountsPools_AllPoolsWindowsByTheClustersPoolCount(WindowStatus status, bool allPools, int done, int inProgress, int failed, int remaining)
    {
        var window = allPools ? Window(status, allPools: true) : Window(status, allPools: false, "a", "b");

        var progress = WaveProgress.Of([window], [], _ => 3);

        Assert.Equal((done, inProgress, failed, remaining), (progress.PoolsDone, progress.PoolsInProgress, progress.PoolsFailed, progress.PoolsRemaining));
    }

    [Fact]
    public void Of_CancelledWindowsAreNotCounted() =>
        Assert.Equal(0, WaveProgress.Of([Window(WindowStatus.Cancelled, false, "a")], [], _ => 3).PoolsRemaining);
}
