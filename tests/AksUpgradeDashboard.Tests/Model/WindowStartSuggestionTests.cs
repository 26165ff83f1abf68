using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Tests.Model;

/// <summary>Issue 16: the plan form started every window "next Saturday 22:00" although the cluster has a maintenance slot.</summary>
public class WindowStartSuggestionTests
{
    private const string ClusterId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-a";

    // Wednesday 2026-11-25 12:00 UTC.
    private static readonly DateTimeOffset s_now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly ClusterInfo s_cluster = new() { Id = ClusterId, SubscriptionId = "s", ResourceGroup = "rg", Name = "aks-a", Location = "westeurope" };

    private static readonly TimeZoneInfo s_amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    // Node OS schedule: Saturdays 01:00 UTC for 8 hours, the sample fleet's production schedule; auto-upgrade: daily
    // 03:00 UTC for 4 hours, made up for the table (a daily schedule, the shape of Microsoft's
    // MaintenanceConfigurationsList_MaintenanceWindow example, so the Kubernetes slot comes before the node OS one).
    private static readonly MaintenanceConfigurationInfo s_nodeOs = Configuration("aksManagedNodeOSUpgradeSchedule",
        new WeeklySchedule(new MaintenanceTiming(new DateOnly(2026, 1, 3), new TimeOnly(1, 0), 8, TimeSpan.Zero), 1, DayOfWeek.Saturday));

    private static readonly MaintenanceConfigurationInfo s_autoUpgrade = Configuration("aksManagedAutoUpgradeSchedule",
        new DailySchedule(new MaintenanceTiming(new DateOnly(2026, 1, 1), new TimeOnly(3, 0), 4, TimeSpan.Zero), 1));

    public static TheoryData<string, UpgradeKind, bool, string[], string[], string, int, string> Cases => new()
    {
        // case, kind, has schedules, blackouts (start/end UTC), active windows on the cluster (start/end UTC), expected start (UTC), hours, reason starts with
        { "the next node OS slot", UpgradeKind.NodeImage, true, [], [], "2026-11-28T01:00", 6, "The next aksManagedNodeOSUpgradeSchedule slot" },
        { "Kubernetes follows the auto-upgrade slot, shorter than 6 hours", UpgradeKind.KubernetesVersion, true, [], [], "2026-11-26T03:00", 4, "The next aksManagedAutoUpgradeSchedule slot" },
        { "a blackout over the first slot", UpgradeKind.OsSkuChange, true, ["2026-11-27T00:00/2026-11-29T00:00"], [], "2026-12-05T01:00", 6, "The next aksManagedNodeOSUpgradeSchedule slot" },
        { "another window in the first slot", UpgradeKind.NodeImage, true, [], ["2026-11-28T04:00/2026-11-28T05:00"], "2026-12-05T01:00", 6, "The next aksManagedNodeOSUpgradeSchedule slot" },
        { "no schedule: Saturday 22:00 in the zone", UpgradeKind.NodeImage, false, [], [], "2026-11-28T21:00", 6, "The cluster has no planned maintenance schedule" },
        { "no schedule, first Saturday blacked out", UpgradeKind.NodeImage, false, ["2026-11-28T00:00/2026-11-29T12:00"], [], "2026-12-05T21:00", 6, "The cluster has no planned maintenance schedule" },
        { "every slot blocked: the first, saying so", UpgradeKind.NodeImage, true, ["2026-11-26T00:00/2028-01-01T00:00"], [], "2026-11-28T01:00", 6, "The next aksManagedNodeOSUpgradeSchedule slot of the cluster; the next 53 all clash" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Suggest_Table(string name, UpgradeKind kind, bool hasSchedules, string[] blackouts, string[] windows, string expectedStartUtc, int hours, string reason)
    {
        var suggestion = WindowStartSuggestion.Suggest(
            kind, s_cluster, 6, s_now, s_amsterdam,
            hasSchedules ? [s_nodeOs, s_autoUpgrade] : [],
            [.. blackouts.Select(b => new BlackoutPeriod("freeze", Utc(b.Split('/')[0]), Utc(b.Split('/')[1])))],
            [.. windows.Select(w => new ScheduledWindow(Guid.NewGuid(), ClusterId, "other", Utc(w.Split('/')[0]), Utc(w.Split('/')[1]), Active: true))]);

        Assert.True(Utc(expectedStartUtc) == suggestion.Start, $"{name}: {suggestion.Start:O}");
        Assert.Equal(hours, suggestion.Hours);
        Assert.StartsWith(reason, suggestion.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggest_WindowsOfOtherClustersOrInactive_DoNotMoveTheSlot()
    {
        var others = new[]
        {
            new ScheduledWindow(Guid.NewGuid(), ClusterId + "-other", "other cluster", Utc("2026-11-28T01:00"), Utc("2026-11-28T07:00"), Active: true),
            new ScheduledWindow(Guid.NewGuid(), ClusterId, "cancelled", Utc("2026-11-28T01:00"), Utc("2026-11-28T07:00"), Active: false),
        };

        var suggestion = WindowStartSuggestion.Suggest(UpgradeKind.NodeImage, s_cluster, 6, s_now, s_amsterdam, [s_nodeOs], [], others);

        Assert.Equal(Utc("2026-11-28T01:00"), suggestion.Start);
    }

    // Half an hour before a slot: the lead time lands inside it, so the window starts at the next whole hour of that
    // slot, as long as what is left holds the window; a slot almost over is passed over.
    [Theory]
    [InlineData("2026-11-28T00:30", "2026-11-28T02:00", 6)]
    [InlineData("2026-11-28T05:30", "2026-11-28T07:00", 2)]
    [InlineData("2026-11-28T07:10", "2026-12-05T01:00", 6)]
    public void Suggest_SlotUnderWayAfterTheLeadTime_StartsAtItsNextWholeHour(string now, string expected, int hours)
    {
        var suggestion = WindowStartSuggestion.Suggest(UpgradeKind.NodeImage, s_cluster, 6, Utc(now), s_amsterdam, [s_nodeOs], [], []);

        Assert.Equal(Utc(expected), suggestion.Start);
        Assert.Equal(hours, suggestion.Hours);
    }

    // A 24-hour daily schedule is one long stretch that began before now: it was skipped and the reason said "no schedule".
    [Fact]
    public void Suggest_ContinuousSchedule_StartsAtTheNextWholeHourInIt()
    {
        var allDay = Configuration("aksManagedNodeOSUpgradeSchedule",
            new DailySchedule(new MaintenanceTiming(new DateOnly(2026, 1, 1), new TimeOnly(0, 0), 24, TimeSpan.Zero), 1));
        var quarterPast = s_now.AddMinutes(15);

        var suggestion = WindowStartSuggestion.Suggest(UpgradeKind.NodeImage, s_cluster, 6, quarterPast, s_amsterdam, [allDay], [], []);

        Assert.Equal(Utc("2026-11-25T14:00"), suggestion.Start);
        Assert.Equal(6, suggestion.Hours);
        Assert.StartsWith("The next aksManagedNodeOSUpgradeSchedule slot", suggestion.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggest_NoClusterYet_SaysToChooseOne()
    {
        var suggestion = WindowStartSuggestion.Suggest(UpgradeKind.NodeImage, null, 6, s_now, s_amsterdam, null, [], []);

        Assert.Equal(Utc("2026-11-28T21:00"), suggestion.Start);
        Assert.StartsWith("Choose a cluster", suggestion.Reason, StringComparison.Ordinal);
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text + "Z", System.Globalization.CultureInfo.InvariantCulture);

    private static MaintenanceConfigurationInfo Configuration(string name, MaintenanceSchedule schedule) =>
        new(name, "test schedule", null, null, null, null, [], schedule);
}
