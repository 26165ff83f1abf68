using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Tests.Model;

public class CalendarLayoutTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Theory]
    // December 2026 starts on a Tuesday and ends on a Thursday: Monday 30 Nov to Sunday 3 Jan.
    [InlineData(CalendarView.Month, "2026-12-17", "2026-11-30", "2027-01-03")]
    // February 2027 starts on a Monday and ends on a Sunday: exactly four weeks.
    [InlineData(CalendarView.Month, "2027-02-10", "2027-02-01", "2027-02-28")]
    [InlineData(CalendarView.Week, "2026-11-25", "2026-11-23", "2026-11-29")]
    [InlineData(CalendarView.Week, "2026-11-29", "2026-11-23", "2026-11-29")]
    [InlineData(CalendarView.Week, "2026-11-30", "2026-11-30", "2026-12-06")]
    public void Range_ViewAndAnchor_WholeWeeksFromMonday(CalendarView view, string anchor, string first, string last)
    {
        // Act
        var range = CalendarLayout.Range(view, DateOnly.Parse(anchor, System.Globalization.CultureInfo.InvariantCulture));

        // Assert
        Assert.Equal((Day(first), Day(last)), range);
    }

    [Theory]
    [InlineData(CalendarView.Month, "2026-01-31", 1, "2026-02-01")]
    [InlineData(CalendarView.Month, "2026-12-15", 1, "2027-01-01")]
    [InlineData(CalendarView.Month, "2026-03-15", -1, "2026-02-01")]
    [InlineData(CalendarView.Week, "2026-12-30", 1, "2027-01-06")]
    [InlineData(CalendarView.Week, "2026-12-30", -1, "2026-12-23")]
    public void Move_OnePeriod_LandsInTheNextOrPreviousPeriod(CalendarView view, string anchor, int periods, string expected)
    {
        // Act
        var moved = CalendarLayout.Move(view, Day(anchor), periods);

        // Assert
        Assert.Equal(Day(expected), moved);
    }

    [Theory]
    // 22:00 to 04:00 UTC on Saturday 5 Dec, seen from Amsterdam (UTC+1): 23:00 Saturday to 05:00 Sunday.
    [InlineData("Europe/Amsterdam", "2026-12-05T22:00:00Z", "2026-12-06T04:00:00Z", "2026-12-05 23:00-00:00 >;2026-12-06 < 00:00-05:00")]
    // The same window from New York (UTC-5): 17:00 to 23:00 on Saturday only.
    [InlineData("America/New_York", "2026-12-05T22:00:00Z", "2026-12-06T04:00:00Z", "2026-12-05 17:00-23:00")]
    // Ending exactly at midnight local: it does not spill onto the next day.
    [InlineData("UTC", "2026-12-05T18:00:00Z", "2026-12-06T00:00:00Z", "2026-12-05 18:00-00:00")]
    // Three days long: the middle day is covered whole.
    [InlineData("UTC", "2026-12-05T20:00:00Z", "2026-12-07T06:00:00Z", "2026-12-05 20:00-00:00 >;2026-12-06 < 00:00-00:00 >;2026-12-07 < 00:00-06:00")]
    public void Layout_Window_OnEveryLocalDayItTouches(string zoneId, string start, string end, string expected)
    {
        // Arrange
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var entry = Entry("Node image", start, end);

        // Act
        var days = CalendarLayout.Layout(CalendarView.Month, new DateOnly(2026, 12, 1), [entry], zone, Today);

        // Assert
        var slots = days.SelectMany(d => d.Slots.Select(s => Describe(d.Date, s)));
        Assert.Equal(expected, string.Join(";", slots));
    }

    [Fact]
    public void Layout_Month_PadsWithNeighbouringDaysAndMarksToday()
    {
        // Act
        var days = CalendarLayout.Layout(CalendarView.Month, new DateOnly(2026, 11, 10), [], TimeZoneInfo.Utc, Today);

        // Assert: November 2026 starts on a Sunday, so the grid starts on Monday 26 October
        Assert.Equal(42, days.Count);
        Assert.Equal(new DateOnly(2026, 10, 26), days[0].Date);
        Assert.False(days[0].InPeriod);
        Assert.True(days.Single(d => d.Date == new DateOnly(2026, 11, 1)).InPeriod);
        Assert.Equal(Today, Assert.Single(days, d => d.IsToday).Date);
        Assert.All(days, d => Assert.Empty(d.Slots));
    }

    [Fact]
    public void Layout_WindowsOutsideTheGridOrEmpty_LeftOut()
    {
        // Arrange
        CalendarEntry[] entries =
        [
            Entry("Before", "2026-11-01T22:00:00Z", "2026-11-02T02:00:00Z"),
            Entry("After", "2026-12-10T22:00:00Z", "2026-12-11T02:00:00Z"),
            Entry("Zero length", "2026-11-25T22:00:00Z", "2026-11-25T22:00:00Z"),
            Entry("Inside", "2026-11-25T22:00:00Z", "2026-11-26T02:00:00Z"),
        ];

        // Act
        var days = CalendarLayout.Layout(CalendarView.Week, Today, entries, TimeZoneInfo.Utc, Today);

        // Assert
        Assert.Equal(7, days.Count);
        Assert.All(days, d => Assert.True(d.InPeriod));
        Assert.Equal(["Inside", "Inside"], days.SelectMany(d => d.Slots).Select(s => s.Entry.Title));
    }

    [Fact]
    public void Layout_SeveralOnOneDay_OrderedByStart()
    {
        // Arrange
        CalendarEntry[] entries =
        [
            Entry("Late", "2026-11-25T20:00:00Z", "2026-11-25T23:00:00Z"),
            Entry("Early", "2026-11-25T06:00:00Z", "2026-11-25T10:00:00Z"),
        ];

        // Act
        var days = CalendarLayout.Layout(CalendarView.Week, Today, entries, TimeZoneInfo.Utc, Today);

        // Assert
        Assert.Equal(["Early", "Late"], days.Single(d => d.Date == Today).Slots.Select(s => s.Entry.Title));
    }

    [Theory]
    [InlineData("Europe/Amsterdam", "2026-11-29T23:00:00+00:00", "2026-12-06T23:00:00+00:00")]
    [InlineData("America/Los_Angeles", "2026-11-30T08:00:00+00:00", "2026-12-07T08:00:00+00:00")]
    public void Instants_Week_FromLocalMidnightToLocalMidnight(string zoneId, string from, string to)
    {
        // Act
        var (f, t) = CalendarLayout.Instants(CalendarView.Week, new DateOnly(2026, 12, 2), TimeZoneInfo.FindSystemTimeZoneById(zoneId));

        // Assert
        Assert.Equal(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), f);
        Assert.Equal(DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture), t);
    }

    private static DateOnly Day(string value) => DateOnly.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    private static CalendarEntry Entry(string title, string start, string end) => new(
        Guid.NewGuid(), title, "aks-test", DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), "Draft");

    private static string Describe(DateOnly day, CalendarSlot s) =>
        $"{day:yyyy-MM-dd} {(s.ContinuesFromPreviousDay ? "< " : "")}{s.From:HH\\:mm}-{s.To:HH\\:mm}{(s.ContinuesNextDay ? " >" : "")}";
}
