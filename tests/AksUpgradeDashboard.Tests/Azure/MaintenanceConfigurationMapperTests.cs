using System.Globalization;
using System.Text.Json;
using AksUpgradeDashboard.Azure;
using AksUpgradeDashboard.Azure.Sample;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Azure;

public class MaintenanceConfigurationMapperTests
{
    private static readonly MaintenanceTiming s_timing = new(new(2026, 1, 3), new(1, 0), 4, new(5, 30, 0));

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

    [Fact]
    public void Map_OfficialListExample_ReadsStructuredSchedules()
    {
        // Arrange
        var page = ArmExamples.ResponseBody("MaintenanceConfigurationsList_MaintenanceWindow.json");

        // Act
        var configurations = ArmInventoryMapper.PageItems(page).Select(MaintenanceConfigurationMapper.Map).ToList();

        // Assert
        var daily = Assert.IsType<DailySchedule>(configurations[0]!.Window);
        Assert.Equal(5, daily.IntervalDays);
        Assert.Equal(new MaintenanceTiming(new(2023, 1, 1), new(13, 30), 10, TimeSpan.FromHours(-7)), daily.Timing);
        Assert.Empty(daily.NotAllowed);
        var monthly = Assert.IsType<AbsoluteMonthlySchedule>(configurations[1]!.Window);
        Assert.Equal((3, 15), (monthly.IntervalMonths, monthly.DayOfMonth));
        Assert.Equal(new MaintenanceTiming(new(2023, 1, 1), new(8, 30), 5, TimeSpan.Zero), monthly.Timing);
        Assert.Equal(
            [new MaintenancePeriod(Utc("2023-02-18"), Utc("2023-02-26")), new MaintenancePeriod(Utc("2023-12-23"), Utc("2024-01-06"))],
            monthly.NotAllowed);
    }

    [Fact]
    public void Map_OfficialGetExample_ReadsNotAllowedDatesInTheWindowOffset()
    {
        var item = ArmExamples.ResponseBody("MaintenanceConfigurationsGet_MaintenanceWindow.json");

        var window = Assert.IsType<DailySchedule>(MaintenanceConfigurationMapper.Map(item)!.Window);

        Assert.Equal(3, window.IntervalDays);
        Assert.Equal(new MaintenanceTiming(new(2023, 1, 1), new(9, 30), 4, TimeSpan.FromHours(-7)), window.Timing);
        // Whole days at -07:00, the end date included
        Assert.Equal(DateTimeOffset.Parse("2023-02-18T00:00-07:00", CultureInfo.InvariantCulture), window.NotAllowed[0].Start);
        Assert.Equal(DateTimeOffset.Parse("2023-02-26T00:00-07:00", CultureInfo.InvariantCulture), window.NotAllowed[0].End);
        Assert.Equal(TimeSpan.FromHours(-7), window.NotAllowed[0].Start.Offset);
    }

    public static TheoryData<string, MaintenanceSchedule> Schedules => new()
    {
        // maintenanceWindow schedule, expected (timing 01:00 for 4 hours at +05:30 from 2026-01-03)
        { """{"daily":{"intervalDays":2}}""", new DailySchedule(s_timing, 2) },
        { """{"weekly":{"intervalWeeks":2,"dayOfWeek":"Friday"}}""", new WeeklySchedule(s_timing, 2, DayOfWeek.Friday) },
        { """{"weekly":{"intervalWeeks":1,"dayOfWeek":"sunday"}}""", new WeeklySchedule(s_timing, 1, DayOfWeek.Sunday) },
        { """{"absoluteMonthly":{"intervalMonths":1,"dayOfMonth":31}}""", new AbsoluteMonthlySchedule(s_timing, 1, 31) },
        { """{"relativeMonthly":{"intervalMonths":2,"weekIndex":"Last","dayOfWeek":"Monday"}}""", new RelativeMonthlySchedule(s_timing, 2, MaintenanceWeekIndex.Last, DayOfWeek.Monday) },
        { """{"relativeMonthly":{"intervalMonths":1,"weekIndex":"First","dayOfWeek":"Sunday"}}""", new RelativeMonthlySchedule(s_timing, 1, MaintenanceWeekIndex.First, DayOfWeek.Sunday) },
        // az aks maintenanceconfiguration show prints the kinds not set as null
        { """{"absoluteMonthly":null,"daily":null,"relativeMonthly":null,"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday"}}""", new WeeklySchedule(s_timing, 1, DayOfWeek.Monday) },
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void Map_MaintenanceWindowSchedule_GivesStructuredSchedule(string schedule, MaintenanceSchedule expected)
    {
        // Arrange
        var json = """{"name":"aksManagedAutoUpgradeSchedule","properties":{"maintenanceWindow":{"schedule":"""
            + schedule + ""","durationHours":4,"utcOffset":"+05:30","startDate":"2026-01-03","startTime":"01:00"}}}""";

        // Act
        var configuration = MaintenanceConfigurationMapper.Map(JsonDocument.Parse(json).RootElement)!;

        // Assert: NotAllowed is an ImmutableArray, which records compare by reference, so compare without it
        Assert.NotNull(configuration.Window);
        Assert.Empty(configuration.Window.NotAllowed);
        Assert.Equal(expected, configuration.Window with { NotAllowed = expected.NotAllowed });
    }

    [Fact]
    public void Map_WindowWithoutOffsetOrDuration_UsesSpecDefaults()
    {
        const string Json = """
            {"name":"default","properties":{"maintenanceWindow":{"schedule":{"weekly":{"intervalWeeks":1,"dayOfWeek":"Tuesday"}},"startTime":"01:00"}}}
            """;

        var window = Assert.IsType<WeeklySchedule>(MaintenanceConfigurationMapper.Map(JsonDocument.Parse(Json).RootElement)!.Window);

        Assert.Equal(new MaintenanceTiming(null, new(1, 0), 24, TimeSpan.Zero), window.Timing);
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
        var slots = Assert.IsType<WeeklySlotsSchedule>(configuration.Window);
        Assert.Equal([new WeeklyHourSlot(DayOfWeek.Sunday, 1), new WeeklyHourSlot(DayOfWeek.Sunday, 2)], slots.Slots);
        Assert.Equal([new MaintenancePeriod(Utc("2026-12-24"), DateTimeOffset.Parse("2026-12-26T23:59:00Z", CultureInfo.InvariantCulture))], slots.NotAllowed);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        // case, properties of a maintenance configuration whose schedule cannot be read
        { "no startTime", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday"}}""", startTime: null) },
        { "startTime with seconds", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday"}}""", startTime: "\"01:00:00\"") },
        { "startTime 25:00", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday"}}""", startTime: "\"25:00\"") },
        { "startTime a number", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday"}}""", startTime: "100") },
        { "utcOffset without minutes", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday"}}""", utcOffset: "\"+05\"") },
        { "utcOffset beyond 14 hours", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday"}}""", utcOffset: "\"+15:00\"") },
        { "utcOffset a zone name", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday"}}""", utcOffset: "\"Europe/Amsterdam\"") },
        { "durationHours a string", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday"}}""", durationHours: "\"4\"") },
        { "durationHours 0", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday"}}""", durationHours: "0") },
        { "durationHours 25", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday"}}""", durationHours: "25") },
        { "durationHours fractional", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday"}}""", durationHours: "4.5") },
        { "startDate not a date", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday"}}""", startDate: "\"soon\"") },
        { "no schedule", Window("null") },
        { "empty schedule", Window("{}") },
        { "unknown schedule kind", Window("""{"hourly":{"intervalHours":6}}""") },
        { "two schedule kinds", Window("""{"daily":{"intervalDays":1},"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday"}}""") },
        { "daily interval 0", Window("""{"daily":{"intervalDays":0}}""") },
        { "daily interval missing", Window("""{"daily":{}}""") },
        { "weekly day unknown", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Funday"}}""") },
        { "weekly day as a number", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"3"}}""") },
        { "weekly days combined", Window("""{"weekly":{"intervalWeeks":1,"dayOfWeek":"Monday, Friday"}}""") },
        { "weekly interval huge", Window("""{"weekly":{"intervalWeeks":99999999999,"dayOfWeek":"Monday"}}""") },
        { "absoluteMonthly day 32", Window("""{"absoluteMonthly":{"intervalMonths":1,"dayOfMonth":32}}""") },
        { "absoluteMonthly day 0", Window("""{"absoluteMonthly":{"intervalMonths":1,"dayOfMonth":0}}""") },
        { "relativeMonthly fifth week", Window("""{"relativeMonthly":{"intervalMonths":1,"weekIndex":"Fifth","dayOfWeek":"Monday"}}""") },
        { "relativeMonthly week index a number", Window("""{"relativeMonthly":{"intervalMonths":1,"weekIndex":"1","dayOfWeek":"Monday"}}""") },
        { "notAllowedDates without end", Window("""{"daily":{"intervalDays":1}}""", notAllowed: """[{"start":"2026-12-20"}]""") },
        { "notAllowedDates backwards", Window("""{"daily":{"intervalDays":1}}""", notAllowed: """[{"start":"2027-01-04","end":"2026-12-20"}]""") },
        { "notAllowedDates at the edge of time", Window("""{"daily":{"intervalDays":1}}""", utcOffset: "\"+05:30\"", notAllowed: """[{"start":"0001-01-01","end":"0001-01-02"}]""") },
        { "notAllowedDates garbage", Window("""{"daily":{"intervalDays":1}}""", notAllowed: """[{"start":"Christmas","end":"New Year"}]""") },
        { "legacy without slots", """{"timeInWeek":[]}""" },
        { "legacy nothing at all", """{}""" },
        { "legacy day unknown", """{"timeInWeek":[{"day":"Caturday","hourSlots":[1]}]}""" },
        { "legacy empty hourSlots", """{"timeInWeek":[{"day":"Monday","hourSlots":[]}]}""" },
        { "legacy hour 24", """{"timeInWeek":[{"day":"Monday","hourSlots":[24]}]}""" },
        { "legacy hour fractional", """{"timeInWeek":[{"day":"Monday","hourSlots":[1.5]}]}""" },
        { "legacy hour a string", """{"timeInWeek":[{"day":"Monday","hourSlots":["1"]}]}""" },
        { "legacy notAllowedTime garbage", """{"timeInWeek":[{"day":"Monday","hourSlots":[1]}],"notAllowedTime":[{"start":"then","end":"later"}]}""" },
        { "legacy notAllowedTime backwards", """{"timeInWeek":[{"day":"Monday","hourSlots":[1]}],"notAllowedTime":[{"start":"2026-12-26T00:00:00Z","end":"2026-12-24T00:00:00Z"}]}""" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Map_MalformedSchedule_KeepsConfigurationWithoutStructuredSchedule(string name, string properties)
    {
        // Arrange
        var json = """{"name":"default","properties":""" + properties + "}";

        // Act
        var configuration = MaintenanceConfigurationMapper.Map(JsonDocument.Parse(json).RootElement);

        // Assert: still listed with its words, but checks against it give Unknown rather than a guess
        Assert.NotNull(configuration);
        Assert.True(configuration.Window is null, $"{name}: {configuration.Window}");
        Assert.False(string.IsNullOrEmpty(configuration.Schedule));
    }

    [Fact]
    public async Task SampleFleet_EveryConfiguration_CarriesStructuredSchedule()
    {
        // Arrange
        var fleet = await TestFleet.SampleAsync();
        var reader = new SampleMaintenanceConfigurationReader();

        // Act
        var configurations = new List<MaintenanceConfigurationInfo>();
        foreach (var cluster in fleet.Clusters)
        {
            configurations.AddRange((await reader.GetAsync(cluster.Cluster, TestContext.Current.CancellationToken)).Configurations);
        }

        // Assert
        Assert.NotEmpty(configurations);
        Assert.All(configurations, c => Assert.NotNull(c.Window));
        Assert.Contains(configurations, c => c.Window is WeeklySchedule { DayOfWeek: DayOfWeek.Saturday, NotAllowed.Length: 1 });
        Assert.Contains(configurations, c => c.Window is RelativeMonthlySchedule { WeekIndex: MaintenanceWeekIndex.First });
        Assert.Contains(configurations, c => c.Window is DailySchedule { Timing.DurationHours: 4 });
    }

    [Theory]
    [InlineData("""{"properties":{}}""")]
    [InlineData("""[]""")]
    [InlineData("""{"name":42}""")]
    public void Map_ItemWithoutName_IsSkipped(string json) =>
        Assert.Null(MaintenanceConfigurationMapper.Map(JsonDocument.Parse(json).RootElement));

    private static DateTimeOffset Utc(string date) => DateTimeOffset.Parse(date + "T00:00:00Z", CultureInfo.InvariantCulture);

    // A maintenanceWindow with valid fields except those given; a null field is left out.
    private static string Window(string schedule, string? startTime = "\"01:00\"", string? utcOffset = "\"+00:00\"", string? durationHours = "4",
        string? startDate = "\"2026-01-01\"", string? notAllowed = null)
    {
        var fields = new[] { ("schedule", schedule), ("startTime", startTime), ("utcOffset", utcOffset), ("durationHours", durationHours), ("startDate", startDate), ("notAllowedDates", notAllowed) }
            .Where(f => f.Item2 is not null)
            .Select(f => $"\"{f.Item1}\":{f.Item2}");
        return "{\"maintenanceWindow\":{" + string.Join(",", fields) + "}}";
    }
}
