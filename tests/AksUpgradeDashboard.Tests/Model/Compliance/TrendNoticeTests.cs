using AksUpgradeDashboard.Compliance;
using AksUpgradeDashboard.Model.Compliance;

namespace AksUpgradeDashboard.Tests.Model.Compliance;

public class TrendNoticeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 30, 0, TimeSpan.Zero);

    public static TheoryData<string, int, int, string?> Cases => new()
    {
        { "no snapshot yet", 0, 15, "No daily snapshot yet: the first is taken with the next inventory read, within 15 minutes." },
        { "no snapshot yet, reads every 4 hours: the hourly check takes it", 0, 240, "No daily snapshot yet: the first is taken with the next inventory read, within 60 minutes." },
        { "first point today", 1, 15, "The first point was taken today at 06:00 UTC (75 % compliant); the trend line appears after tomorrow's snapshot, taken with the first inventory read after midnight UTC, by 2026-11-26 00:15 UTC." },
        { "first point today, reads every day", 1, 1440, "The first point was taken today at 06:00 UTC (75 % compliant); the trend line appears after tomorrow's snapshot, taken with the first inventory read after midnight UTC, by 2026-11-26 01:00 UTC." },
        { "first point yesterday, today's not in yet", -1, 15, "The first point was taken on 2026-11-24 at 06:00 UTC (75 % compliant); the trend line appears with today's snapshot, taken with the next inventory read, within 15 minutes." },
        { "two days: the chart shows", 2, 15, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void For_History_SaysWhenTheTrendAppears(string because, int days, int refreshMinutes, string? expected)
    {
        // days: how many snapshots; -1 is one snapshot taken yesterday.
        IReadOnlyList<ComplianceDay> history = days switch
        {
            0 => [],
            -1 => [Day(-1)],
            1 => [Day(0)],
            _ => [Day(-1), Day(0)],
        };

        var notice = TrendNotice.For(history, Now, TimeSpan.FromMinutes(refreshMinutes));

        Assert.True(expected == notice, $"{because}: {notice}");
    }

    private static ComplianceDay Day(int offset)
    {
        var day = new DateOnly(2026, 11, 25).AddDays(offset);
        return new ComplianceDay(day, new ComplianceCounts(8, 6, 2, 0), CompliancePolicy.Default, new DateTimeOffset(day.ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero));
    }
}
