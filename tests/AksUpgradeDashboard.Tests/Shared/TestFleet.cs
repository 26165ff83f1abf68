using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Azure.Sample;
using AksUpgradeDashboard.Model;
using Microsoft.Extensions.Time.Testing;

namespace AksUpgradeDashboard.Tests.Shared;

/// <summary>The sample fleet judged on a fixed day, so tests do not change meaning as the calendar moves.</summary>
public static class TestFleet
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Time() => new(Now);

    /// <summary>A valid API body for a node image window on the sample fleet's payments cluster.</summary>
    /// <summary>A valid body for POST /api/v1/windows: six hours from 22:00 on <paramref name="day"/> December 2026 (1–30).</summary>
    public static object PaymentsApiWindow(string title = "Payments API node image", int day = 5) => new
    {
        title,
        subscriptionId = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10",
        resourceGroup = "rg-payments-prod",
        cluster = "aks-payments-prod-weu",
        nodePools = new[] { "api" },
        kind = "NodeImage",
        start = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"2026-12-{day:D2}T22:00:00+01:00"),
        end = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"2026-12-{day + 1:D2}T04:00:00+01:00"),
        timeZone = "Europe/Amsterdam",
    };

    public static PoolAssessor Assessor() => new(OsCatalog.LoadDefault(), new AssessmentPolicy());

    public static async Task<FleetState> SampleAsync()
    {
        var snapshot = await new SampleInventorySource(Time()).LoadAsync(null, TestContext.Current.CancellationToken);
        return FleetState.Build(snapshot, Assessor(), DateOnly.FromDateTime(Now.UtcDateTime));
    }
}
