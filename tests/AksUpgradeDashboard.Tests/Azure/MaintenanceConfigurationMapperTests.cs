using System.Text.Json;
using AksUpgradeDashboard.Azure;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Azure;

public class MaintenanceConfigurationMapperTests
{
    [Fact]
    public void Map_OfficialListExample_ReadsBothWindows()
    {
        var page = ArmExamples.ResponseBody("MaintenanceConfigurationsList_MaintenanceWindow.json");

        var configurations = ArmInventoryMapper.PageItems(page).Select(MaintenanceConfigurationMapper.Map).ToList();

        var nodeOs = configurations[0]!;
        Assert.Equal("aksManagedNodeOSUpgradeSchedule", nodeOs.Name);
        Assert.Equal("Every 5 days", nodeOs.Schedule);
        Assert.Equal(10, nodeOs.DurationHours);
        Assert.Equal("-07:00", nodeOs.UtcOffset);
        Assert.Equal("13:30", nodeOs.StartTime);
        Assert.Equal(new DateOnly(2023, 1, 1), nodeOs.StartDate);
        var autoUpgrade = configurations[1]!;
        Assert.Equal("Every 3 months on day 15", autoUpgrade.Schedule);
        Assert.Equal([new DateRange(new(2023, 2, 18), new(2023, 2, 25)), new DateRange(new(2023, 12, 23), new(2024, 1, 5))], autoUpgrade.NotAllowed);
        Assert.Equal("Cluster auto-upgrade (Kubernetes version)", autoUpgrade.Governs);
    }

    [Theory]
    [InlineData("""{"daily":{"intervalDays":1}}""", "Daily")]
    [InlineData("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Saturday"}}""", "Weekly on Saturday")]
    [InlineData("""{"weekly":{"intervalWeeks":2,"dayOfWeek":"Monday"}}""", "Every 2 weeks on Monday")]
    [InlineData("""{"absoluteMonthly":{"intervalMonths":1,"dayOfMonth":1}}""", "Monthly on day 1")]
    [InlineData("""{"relativeMonthly":{"intervalMonths":1,"weekIndex":"Last","dayOfWeek":"Friday"}}""", "Monthly on the last Friday")]
    [InlineData("""{"relativeMonthly":{"intervalMonths":2,"weekIndex":"First","dayOfWeek":"Sunday"}}""", "Every 2 months on the first Sunday")]
    [InlineData("""{"hourly":{}}""", "Unrecognised schedule")]
    [InlineData("""null""", "Unrecognised schedule")]
    public void DescribeSchedule_Schedule_GivesWords(string json, string expected) =>
        Assert.Equal(expected, MaintenanceConfigurationMapper.DescribeSchedule(JsonDocument.Parse(json).RootElement));

    [Fact]
    public void Map_LegacyTimeInWeek_DescribesSlotsAndNotAllowedTime()
    {
        const string Json = """
            {"name":"default","properties":{"timeInWeek":[{"day":"Sunday","hourSlots":[1,2]}],
             "notAllowedTime":[{"start":"2026-12-24T00:00:00Z","end":"2026-12-26T23:59:00Z"}]}}
            """;

        var configuration = MaintenanceConfigurationMapper.Map(JsonDocument.Parse(Json).RootElement)!;

        Assert.Equal("Weekly slots (UTC): Sunday 01:00,02:00", configuration.Schedule);
        Assert.Equal([new DateRange(new(2026, 12, 24), new(2026, 12, 26))], configuration.NotAllowed);
        Assert.Equal("AKS weekly releases (control plane and add-ons)", configuration.Governs);
    }

    [Theory]
    [InlineData("""{"properties":{}}""")]
    [InlineData("""[]""")]
    [InlineData("""{"name":42}""")]
    public void Map_ItemWithoutName_IsSkipped(string json) =>
        Assert.Null(MaintenanceConfigurationMapper.Map(JsonDocument.Parse(json).RootElement));
}
