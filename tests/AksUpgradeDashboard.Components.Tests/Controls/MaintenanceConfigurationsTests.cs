using System.Collections.Immutable;
using AksUpgradeDashboard.Components.Controls;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AksUpgradeDashboard.Components.Tests.Controls;

public class MaintenanceConfigurationsTests : DashboardTestContext
{
    [Fact]
    public async Task MaintenanceConfigurations_SampleProductionCluster_ShowsScheduleAndFreeze()
    {
        var fleet = await LoadStoreAsync();
        var cluster = fleet.FindCluster("6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10", "rg-payments-prod", "aks-payments-prod-weu")!.Cluster;

        var cut = Render<MaintenanceConfigurations>(p => p.Add(c => c.Cluster, cluster));

        cut.WaitForAssertion(() =>
        {
            var text = cut.Find("[data-testid='maintenance-configurations']").TextContent;
            Assert.Contains("aksManagedNodeOSUpgradeSchedule", text, StringComparison.Ordinal);
            Assert.Contains("Weekly on Saturday", text, StringComparison.Ordinal);
            Assert.Contains("Monthly on the first Sunday", text, StringComparison.Ordinal);
            Assert.Contains("2026-12-20 to 2027-01-04", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task MaintenanceConfigurations_ClusterWithoutAny_SaysSo()
    {
        var fleet = await LoadStoreAsync();
        var cluster = fleet.FindCluster("a3d2c1b0-9e8f-4a7b-8c6d-5e4f3a2b1c32", "rg-platform-ci", "aks-ci-runners-neu")!.Cluster;

        var cut = Render<MaintenanceConfigurations>(p => p.Add(c => c.Cluster, cluster));

        cut.WaitForAssertion(() => Assert.Contains("No planned maintenance configuration", cut.Find("[data-testid='maintenance-configurations']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MaintenanceConfigurations_ReaderReportsArmError_ShowsCodeAndMessage()
    {
        Services.RemoveAll<IMaintenanceConfigurationReader>();
        Services.AddSingleton<IMaintenanceConfigurationReader>(new FailingReader());
        var fleet = await LoadStoreAsync();

        var cut = Render<MaintenanceConfigurations>(p => p.Add(c => c.Cluster, fleet.Clusters[0].Cluster));

        cut.WaitForAssertion(() =>
        {
            var text = cut.Find("[data-testid='maintenance-configurations']").TextContent;
            Assert.Contains("AuthorizationFailed", text, StringComparison.Ordinal);
            Assert.Contains("no read access to maintenance configurations", text, StringComparison.Ordinal);
        });
    }

    private sealed class FailingReader : IMaintenanceConfigurationReader
    {
        public Task<MaintenanceConfigurationsResult> GetAsync(ClusterInfo cluster, CancellationToken cancellationToken) =>
            Task.FromResult(new MaintenanceConfigurationsResult(ImmutableArray<MaintenanceConfigurationInfo>.Empty,
                new InventoryError("AuthorizationFailed", "no read access to maintenance configurations")));
    }
}
