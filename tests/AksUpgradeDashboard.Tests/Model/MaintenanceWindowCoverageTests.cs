using System.Globalization;
using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Tests.Model;

public class MaintenanceWindowCoverageTests
{
    private static readonly TimeSpan s_utc = TimeSpan.Zero;
    private static readonly TimeSpan s_india = new(5, 30, 0);
    private static readonly TimeSpan s_pacific = TimeSpan.FromHours(-8);

    /// <summary>The sample fleet's node OS schedule: Saturdays 01:00–09:00 UTC, with a year-end freeze.</summary>
    private static readonly WeeklySchedule s_saturdays = new(Timing("01:00", 8, s_utc, new(2026, 1, 3)), 1, DayOfWeek.Saturday);

    private static readonly MaintenancePeriod s_yearEnd = Dates(new(2026, 12, 20), new(2027, 1, 4), s_utc);

    /// <summary>Every second Monday 02:00–06:00 UTC. startDate is a Tuesday, so the first occurrence is Monday 2026-11-09.</summary>
    private static readonly WeeklySchedule s_everyOtherMonday = new(Timing("02:00", 4, s_utc, new(2026, 11, 3)), 2, DayOfWeek.Monday);

    /// <summary>The sample fleet's staging schedule: every day 22:00–02:00 UTC.</summary>
    private static readonly DailySchedule s_nightly = new(Timing("22:00", 4, s_utc, new(2026, 1, 1)), 1);

    /// <summary>The official Get example: every third day 09:30–13:30 at UTC-07:00 from 2023-01-01.</summary>
    private static readonly DailySchedule s_everyThirdDay = new(Timing("09:30", 4, TimeSpan.FromHours(-7), new(2023, 1, 1)), 3);

    /// <summary>The docs' CLI example: Fridays 00:00–08:00 at UTC+05:30, i.e. Thursday 18:30 to Friday 02:30 UTC.</summary>
    private static readonly WeeklySchedule s_fridaysInIndia = new(Timing("00:00", 8, s_india, new(2026, 1, 2)), 1, DayOfWeek.Friday);

    /// <summary>The docs' JSON example: every three months on the 1st, 09:00–13:00 at UTC-08:00 (17:00–21:00 UTC).</summary>
    private static readonly AbsoluteMonthlySchedule s_quarterly = new(Timing("09:00", 4, s_pacific, new(2026, 1, 1)), 3, 1);

    private static readonly AbsoluteMonthlySchedule s_the31st = new(Timing("03:00", 4, s_utc, new(2026, 1, 1)), 1, 31);

    /// <summary>The sample fleet's auto-upgrade schedule: the first Sunday, 02:00–08:00 at UTC+01:00.</summary>
    private static readonly RelativeMonthlySchedule s_firstSunday = new(Timing("02:00", 6, TimeSpan.FromHours(1), new(2026, 1, 4)), 1, MaintenanceWeekIndex.First, DayOfWeek.Sunday);

    private static readonly RelativeMonthlySchedule s_lastFriday = new(Timing("20:00", 8, s_utc, new(2026, 1, 1)), 1, MaintenanceWeekIndex.Last, DayOfWeek.Friday);

    /// <summary>Legacy slots Saturday 22:00–24:00 and Sunday 00:00–04:00 UTC, which run on into each other.</summary>
    private static readonly WeeklySlotsSchedule s_weekendNight = new([
        new(DayOfWeek.Saturday, 22), new(DayOfWeek.Saturday, 23),
        new(DayOfWeek.Sunday, 0), new(DayOfWeek.Sunday, 1), new(DayOfWeek.Sunday, 2), new(DayOfWeek.Sunday, 3)]);

    /// <summary>Legacy slots with a gap: Saturday 01:00–02:00 and 03:00–04:00 UTC.</summary>
    private static readonly WeeklySlotsSchedule s_gappedSlots = new([new(DayOfWeek.Saturday, 1), new(DayOfWeek.Saturday, 3)]);

    public static TheoryData<string, MaintenanceSchedule, string, string, MaintenanceCoverageKind> Cases => new()
    {
        // case, schedule, window start, window end, outcome
        { "weekly inside", s_saturdays, "2026-12-05T02:00Z", "2026-12-05T06:00Z", MaintenanceCoverageKind.Inside },
        { "weekly exactly the occurrence", s_saturdays, "2026-12-05T01:00Z", "2026-12-05T09:00Z", MaintenanceCoverageKind.Inside },
        { "weekly in another offset", s_saturdays, "2026-12-05T03:00+01:00", "2026-12-05T10:00+01:00", MaintenanceCoverageKind.Inside },
        { "weekly wrong day", s_saturdays, "2026-12-06T02:00Z", "2026-12-06T06:00Z", MaintenanceCoverageKind.Outside },
        { "weekly straddling the end", s_saturdays, "2026-12-05T07:00Z", "2026-12-05T11:00Z", MaintenanceCoverageKind.Outside },
        { "weekly starting early", s_saturdays, "2026-12-05T00:00Z", "2026-12-05T04:00Z", MaintenanceCoverageKind.Outside },
        { "weekly before startDate", s_saturdays with { Timing = s_saturdays.Timing with { StartDate = new(2027, 1, 9) } }, "2026-12-05T02:00Z", "2026-12-05T06:00Z", MaintenanceCoverageKind.Outside },
        { "every 2 weeks, on week", s_everyOtherMonday, "2026-12-07T02:00Z", "2026-12-07T06:00Z", MaintenanceCoverageKind.Inside },
        { "every 2 weeks, first occurrence", s_everyOtherMonday, "2026-11-09T02:00Z", "2026-11-09T06:00Z", MaintenanceCoverageKind.Inside },
        { "every 2 weeks, off week", s_everyOtherMonday, "2026-11-30T02:00Z", "2026-11-30T06:00Z", MaintenanceCoverageKind.Outside },
        { "every 2 weeks, Monday before startDate", s_everyOtherMonday, "2026-11-02T02:00Z", "2026-11-02T06:00Z", MaintenanceCoverageKind.Outside },
        { "every 2 weeks without startDate counts every Monday", s_everyOtherMonday with { Timing = s_everyOtherMonday.Timing with { StartDate = null } }, "2026-11-30T02:00Z", "2026-11-30T06:00Z", MaintenanceCoverageKind.Inside },
        { "daily across midnight", s_nightly, "2026-12-05T23:00Z", "2026-12-06T02:00Z", MaintenanceCoverageKind.Inside },
        { "daily, after midnight of yesterday's occurrence", s_nightly, "2026-12-06T00:00Z", "2026-12-06T01:30Z", MaintenanceCoverageKind.Inside },
        { "daily past the end", s_nightly, "2026-12-06T01:00Z", "2026-12-06T03:00Z", MaintenanceCoverageKind.Outside },
        { "daily 24 hours runs on for days", new DailySchedule(Timing("00:00", 24, s_utc, new(2026, 1, 1)), 1), "2026-12-05T10:00Z", "2026-12-08T10:00Z", MaintenanceCoverageKind.Inside },
        { "every 3 days, on day", s_everyThirdDay, "2026-12-05T09:30-07:00", "2026-12-05T13:30-07:00", MaintenanceCoverageKind.Inside },
        { "every 3 days, off day", s_everyThirdDay, "2026-12-06T09:30-07:00", "2026-12-06T13:30-07:00", MaintenanceCoverageKind.Outside },
        { "+05:30 occurrence starts the UTC day before", s_fridaysInIndia, "2026-12-03T19:00Z", "2026-12-04T02:00Z", MaintenanceCoverageKind.Inside },
        { "+05:30 read as UTC would be wrong", s_fridaysInIndia, "2026-12-04T00:00Z", "2026-12-04T04:00Z", MaintenanceCoverageKind.Outside },
        { "-08:00 on the quarter", s_quarterly, "2027-01-01T09:00-08:00", "2027-01-01T13:00-08:00", MaintenanceCoverageKind.Inside },
        { "-08:00 in UTC terms", s_quarterly, "2027-01-01T17:00Z", "2027-01-01T21:00Z", MaintenanceCoverageKind.Inside },
        { "-08:00 read as UTC would be wrong", s_quarterly, "2027-01-01T09:00Z", "2027-01-01T13:00Z", MaintenanceCoverageKind.Outside },
        { "-08:00 between quarters", s_quarterly, "2026-12-01T17:00Z", "2026-12-01T21:00Z", MaintenanceCoverageKind.Outside },
        { "day 31 of a 31-day month", s_the31st, "2027-01-31T03:00Z", "2027-01-31T07:00Z", MaintenanceCoverageKind.Inside },
        { "day 31 is not moved to the 30th", s_the31st, "2027-04-30T03:00Z", "2027-04-30T07:00Z", MaintenanceCoverageKind.Outside },
        { "day 31 is not moved into February", s_the31st, "2027-02-28T03:00Z", "2027-02-28T07:00Z", MaintenanceCoverageKind.Outside },
        { "first Sunday", s_firstSunday, "2026-12-06T01:00Z", "2026-12-06T07:00Z", MaintenanceCoverageKind.Inside },
        { "second Sunday", s_firstSunday, "2026-12-13T01:00Z", "2026-12-13T07:00Z", MaintenanceCoverageKind.Outside },
        { "last Friday across midnight", s_lastFriday, "2027-01-29T22:00Z", "2027-01-30T03:00Z", MaintenanceCoverageKind.Inside },
        { "fourth Friday that is not the last", s_lastFriday, "2027-01-22T22:00Z", "2027-01-23T03:00Z", MaintenanceCoverageKind.Outside },
        { "last Friday of a four-Friday month", s_lastFriday, "2027-02-26T20:00Z", "2027-02-27T04:00Z", MaintenanceCoverageKind.Inside },
        { "occurrence in not-allowed dates", s_saturdays with { NotAllowed = [s_yearEnd] }, "2026-12-26T02:00Z", "2026-12-26T06:00Z", MaintenanceCoverageKind.NotAllowed },
        { "outside and in not-allowed dates", s_saturdays with { NotAllowed = [s_yearEnd] }, "2026-12-23T02:00Z", "2026-12-23T06:00Z", MaintenanceCoverageKind.NotAllowed },
        { "not-allowed end date is included", s_nightly with { NotAllowed = [s_yearEnd] }, "2027-01-04T22:00Z", "2027-01-04T23:00Z", MaintenanceCoverageKind.NotAllowed },
        { "occurrence running on past not-allowed dates", s_nightly with { NotAllowed = [s_yearEnd] }, "2027-01-05T00:00Z", "2027-01-05T02:00Z", MaintenanceCoverageKind.Inside },
        { "day after not-allowed dates", s_saturdays with { NotAllowed = [s_yearEnd] }, "2027-01-09T02:00Z", "2027-01-09T06:00Z", MaintenanceCoverageKind.Inside },
        { "not-allowed dates are local to the offset", s_fridaysInIndia with { NotAllowed = [Dates(new(2026, 12, 4), new(2026, 12, 4), s_india)] }, "2026-12-03T19:00Z", "2026-12-04T02:00Z", MaintenanceCoverageKind.NotAllowed },
        { "legacy slots joined over midnight", s_weekendNight, "2026-12-05T22:00Z", "2026-12-06T04:00Z", MaintenanceCoverageKind.Inside },
        { "legacy slots, an hour too long", s_weekendNight, "2026-12-05T22:00Z", "2026-12-06T05:00Z", MaintenanceCoverageKind.Outside },
        { "legacy slots are UTC", s_weekendNight, "2026-12-05T22:00+01:00", "2026-12-06T04:00+01:00", MaintenanceCoverageKind.Outside },
        { "legacy slots with a gap", s_gappedSlots, "2026-12-05T01:00Z", "2026-12-05T04:00Z", MaintenanceCoverageKind.Outside },
        { "legacy slot alone", s_gappedSlots, "2026-12-05T03:00Z", "2026-12-05T04:00Z", MaintenanceCoverageKind.Inside },
        { "legacy notAllowedTime instants", s_weekendNight with { NotAllowed = [new(Instant("2026-12-24T00:00Z"), Instant("2026-12-26T23:59Z"))] }, "2026-12-26T22:00Z", "2026-12-27T02:00Z", MaintenanceCoverageKind.NotAllowed },
        { "window ends before it starts", s_saturdays, "2026-12-05T06:00Z", "2026-12-05T02:00Z", MaintenanceCoverageKind.Unknown },
        { "window longer than 7 days", new DailySchedule(Timing("00:00", 24, s_utc, null), 1), "2026-12-01T00:00Z", "2026-12-09T00:00Z", MaintenanceCoverageKind.Unknown },
        { "interval of zero", s_saturdays with { IntervalWeeks = 0 }, "2026-12-05T02:00Z", "2026-12-05T06:00Z", MaintenanceCoverageKind.Unknown },
        { "no legacy slots", new WeeklySlotsSchedule([]), "2026-12-05T02:00Z", "2026-12-05T06:00Z", MaintenanceCoverageKind.Unknown },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_WindowAgainstSchedule_GivesCoverage(string name, MaintenanceSchedule schedule, string start, string end, MaintenanceCoverageKind expected)
    {
        // Arrange
        var (from, to) = (Instant(start), Instant(end));

        // Act
        var coverage = MaintenanceWindowCoverage.Check(schedule, from, to);

        // Assert
        Assert.True(expected == coverage.Kind, $"{name}: expected {expected}, got {coverage.Kind} ({coverage.Reason})");
    }

    [Fact]
    public void Check_Inside_GivesTheOccurrence()
    {
        // Act
        var coverage = MaintenanceWindowCoverage.Check(s_fridaysInIndia, Instant("2026-12-03T19:00Z"), Instant("2026-12-04T02:00Z"));

        // Assert: the occurrence is reported in the schedule's own offset
        Assert.Equal(MaintenanceCoverageKind.Inside, coverage.Kind);
        Assert.Equal(new MaintenancePeriod(Instant("2026-12-04T00:00+05:30"), Instant("2026-12-04T08:00+05:30")), coverage.Occurrence);
        Assert.Equal(s_india, coverage.Occurrence!.Value.Start.Offset);
    }

    [Fact]
    public void Check_LegacySlotsOverMidnight_GivesOneJoinedOccurrence()
    {
        var coverage = MaintenanceWindowCoverage.Check(s_weekendNight, Instant("2026-12-05T23:00Z"), Instant("2026-12-06T01:00Z"));

        Assert.Equal(new MaintenancePeriod(Instant("2026-12-05T22:00Z"), Instant("2026-12-06T04:00Z")), coverage.Occurrence);
    }

    public static TheoryData<string, MaintenanceSchedule, string, string, string?, string?> Suggestions => new()
    {
        // case, schedule, window start, window end, previous occurrence start, next occurrence start
        { "wrong day", s_saturdays, "2026-12-06T02:00Z", "2026-12-06T06:00Z", "2026-12-05T01:00Z", "2026-12-12T01:00Z" },
        { "straddling the end", s_saturdays, "2026-12-05T07:00Z", "2026-12-05T11:00Z", "2026-12-05T01:00Z", "2026-12-12T01:00Z" },
        { "before startDate", s_saturdays with { Timing = s_saturdays.Timing with { StartDate = new(2027, 1, 9) } }, "2026-12-05T02:00Z", "2026-12-05T06:00Z", null, "2027-01-09T01:00Z" },
        { "off week of every 2 weeks", s_everyOtherMonday, "2026-11-30T02:00Z", "2026-11-30T06:00Z", "2026-11-23T02:00Z", "2026-12-07T02:00Z" },
        { "skips not-allowed dates", s_saturdays with { NotAllowed = [s_yearEnd] }, "2026-12-26T02:00Z", "2026-12-26T06:00Z", "2026-12-19T01:00Z", "2027-01-09T01:00Z" },
        { "skips months without a 31st", s_the31st, "2027-04-30T03:00Z", "2027-04-30T07:00Z", "2027-03-31T03:00Z", "2027-05-31T03:00Z" },
        { "quarterly in its own offset", s_quarterly, "2026-12-01T17:00Z", "2026-12-01T21:00Z", "2026-10-01T09:00-08:00", "2027-01-01T09:00-08:00" },
        { "legacy gap: next is the slot the window starts with", s_gappedSlots, "2026-12-05T01:00Z", "2026-12-05T04:00Z", "2026-11-28T03:00Z", "2026-12-05T01:00Z" },
    };

    [Theory]
    [MemberData(nameof(Suggestions))]
    public void Check_NotInside_SuggestsNearestAllowedOccurrences(string name, MaintenanceSchedule schedule, string start, string end, string? previous, string? next)
    {
        // Act
        var coverage = MaintenanceWindowCoverage.Check(schedule, Instant(start), Instant(end));

        // Assert
        Assert.True(coverage.Kind is MaintenanceCoverageKind.Outside or MaintenanceCoverageKind.NotAllowed, name);
        Assert.Equal(previous is null ? null : Instant(previous), coverage.Previous?.Start);
        Assert.Equal(next is null ? null : Instant(next), coverage.Next?.Start);
    }

    [Fact]
    public void Check_NotAllowed_NamesTheBlockedDaysInTheScheduleOffset()
    {
        var schedule = s_fridaysInIndia with { NotAllowed = [Dates(new(2026, 12, 4), new(2026, 12, 4), s_india)] };

        var coverage = MaintenanceWindowCoverage.Check(schedule, Instant("2026-12-03T19:00Z"), Instant("2026-12-04T02:00Z"));

        Assert.Equal(new MaintenancePeriod(Instant("2026-12-04T00:00+05:30"), Instant("2026-12-05T00:00+05:30")), coverage.Blocked);
        Assert.Equal(Instant("2026-12-11T00:00+05:30"), coverage.Next?.Start);
    }

    [Fact]
    public void Check_ConfigurationWithoutStructuredSchedule_IsUnknownWithReason()
    {
        // Arrange: what the mapper gives for a schedule it could not read
        var configuration = new MaintenanceConfigurationInfo("default", "Unrecognised schedule", 4, "+00:00", null, "01:00", []);

        // Act
        var coverage = MaintenanceWindowCoverage.Check(configuration, Instant("2026-12-05T02:00Z"), Instant("2026-12-05T06:00Z"));

        // Assert
        Assert.Equal(MaintenanceCoverageKind.Unknown, coverage.Kind);
        Assert.Equal("The default schedule (Unrecognised schedule) could not be read.", coverage.Reason);
        Assert.Null(MaintenanceWindowCoverage.Warning(configuration, coverage));
    }

    public static TheoryData<string, MaintenanceSchedule, string, string, string, string?> Warnings => new()
    {
        // case, schedule, its words, window start, window end, warning
        { "inside", s_saturdays, "Weekly on Saturday", "2026-12-05T02:00Z", "2026-12-05T06:00Z", null },
        {
            "outside", s_saturdays, "Weekly on Saturday", "2026-12-06T02:00Z", "2026-12-06T06:00Z",
            "The window is outside the cluster's aksManagedNodeOSUpgradeSchedule maintenance window (Weekly on Saturday, 01:00 UTC+00:00 for 8 hours). The next occurrence is 2026-12-12 01:00 to 09:00 (UTC+00:00)."
        },
        {
            "not allowed", s_saturdays with { NotAllowed = [s_yearEnd] }, "Weekly on Saturday", "2026-12-26T02:00Z", "2026-12-26T06:00Z",
            "The window falls on the aksManagedNodeOSUpgradeSchedule not-allowed dates 2026-12-20 to 2027-01-04 (UTC+00:00): AKS starts no planned maintenance then. The next occurrence is 2027-01-09 01:00 to 09:00 (UTC+00:00)."
        },
        {
            "legacy not-allowed time", s_weekendNight with { NotAllowed = [new(Instant("2026-12-24T00:00Z"), Instant("2026-12-26T23:59Z"))] }, "Weekly slots (UTC)", "2026-12-26T22:00Z", "2026-12-27T02:00Z",
            "The window falls on the aksManagedNodeOSUpgradeSchedule not-allowed time 2026-12-24 00:00 to 2026-12-26 23:59 (UTC+00:00): AKS starts no planned maintenance then. The next occurrence is 2026-12-26 23:59 to 2026-12-27 04:00 (UTC+00:00)."
        },
        {
            "offset", s_fridaysInIndia, "Weekly on Friday", "2026-12-04T06:00Z", "2026-12-04T10:00Z",
            "The window is outside the cluster's aksManagedNodeOSUpgradeSchedule maintenance window (Weekly on Friday, 00:00 UTC+05:30 for 8 hours). The next occurrence is 2026-12-11 00:00 to 08:00 (UTC+05:30)."
        },
        {
            "occurrence over midnight", s_nightly, "Daily", "2026-12-05T12:00Z", "2026-12-05T16:00Z",
            "The window is outside the cluster's aksManagedNodeOSUpgradeSchedule maintenance window (Daily, 22:00 UTC+00:00 for 4 hours). The next occurrence is 2026-12-05 22:00 to 2026-12-06 02:00 (UTC+00:00)."
        },
    };

    [Theory]
    [MemberData(nameof(Warnings))]
    public void Warning_Coverage_GivesPlannerMessage(string name, MaintenanceSchedule schedule, string words, string start, string end, string? expected)
    {
        // Arrange: the words come from the configuration, the times from its structured schedule
        var configuration = new MaintenanceConfigurationInfo("aksManagedNodeOSUpgradeSchedule", words, null, null, null, null, [], schedule);
        var coverage = MaintenanceWindowCoverage.Check(configuration, Instant(start), Instant(end));

        // Act
        var warning = MaintenanceWindowCoverage.Warning(configuration, coverage);

        // Assert
        Assert.True(expected == warning, $"{name}: {warning}");
    }

    private static MaintenanceTiming Timing(string startTime, int hours, TimeSpan offset, DateOnly? startDate) =>
        new(startDate, TimeOnly.ParseExact(startTime, "HH:mm", CultureInfo.InvariantCulture), hours, offset);

    private static MaintenancePeriod Dates(DateOnly first, DateOnly last, TimeSpan offset) =>
        new(new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), offset), new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), offset));

    private static DateTimeOffset Instant(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);
}
