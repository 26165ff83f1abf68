using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Inventory.Sample;
using AksUpgradeDashboard.Model;
using Microsoft.Extensions.Time.Testing;

namespace AksUpgradeDashboard.Tests.Shared;

/// <summary>The sample fleet judged on a fixed day, so tests do not change meaning as the calendar moves.</summary>
public static class TestFleet
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Time() => new(Now);

    public static PoolAssessor Assessor() => new(OsCatalog.LoadDefault(), new AssessmentPolicy());

    public static async Task<FleetState> SampleAsync()
    {
        var snapshot = await new SampleInventorySource(Time()).LoadAsync(null, TestContext.Current.CancellationToken);
        return FleetState.Build(snapshot, Assessor(), DateOnly.FromDateTime(Now.UtcDateTime));
    }
}
