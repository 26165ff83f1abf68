using System.Globalization;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Notifications;

namespace AksUpgradeDashboard.Tests.Notifications;

public class NotificationScheduleTests
{
    // A Wednesday noon: no digest is due with the default Monday 07:00 UTC.
    private static readonly DateTimeOffset s_now = new(2026, 3, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid s_id = Guid.Parse("3f0b6c1e-8a2d-4c5b-9e7f-1a2b3c4d5e6f");

    private static ScheduledWindowState Window(WindowStatus status, DateTimeOffset start, Guid? id = null) => new(id ?? s_id, "Orders to Azure Linux 3", 2, status, start);

    private static IReadOnlyList<DueEvent> Due(DateTimeOffset now, params ScheduledWindowState[] windows) => NotificationSchedule.Due(windows, now, DayOfWeek.Monday, 7);

    private static DateTimeOffset Utc(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData(WindowStatus.Approved, 25 * 60, null, null)] // beyond 24 hours: not yet
    [InlineData(WindowStatus.Approved, 24 * 60 + 1, null, null)]
    [InlineData(WindowStatus.Approved, 24 * 60, NotificationKind.Reminder, ReminderLeads.OneDay)]
    [InlineData(WindowStatus.Approved, 23 * 60, NotificationKind.Reminder, ReminderLeads.OneDay)]
    [InlineData(WindowStatus.Approved, 61, NotificationKind.Reminder, ReminderLeads.OneDay)]
    [InlineData(WindowStatus.Approved, 60, NotificationKind.Reminder, ReminderLeads.OneHour)]
    [InlineData(WindowStatus.Approved, 30, NotificationKind.Reminder, ReminderLeads.OneHour)] // approved late: only the nearest
    [InlineData(WindowStatus.Approved, 1, NotificationKind.Reminder, ReminderLeads.OneHour)]
    [InlineData(WindowStatus.Approved, 0, null, null)] // starting now: too late for a reminder
    [InlineData(WindowStatus.Approved, -30, null, null)]
    [InlineData(WindowStatus.Submitted, 25 * 60, null, null)]
    [InlineData(WindowStatus.Submitted, 24 * 60, NotificationKind.Escalated, null)]
    [InlineData(WindowStatus.Submitted, 30, NotificationKind.Escalated, null)]
    [InlineData(WindowStatus.Submitted, 0, null, null)]
    [InlineData(WindowStatus.Submitted, -30, null, null)]
    [InlineData(WindowStatus.Draft, 30, null, null)]
    [InlineData(WindowStatus.Draft, 23 * 60, null, null)]
    [InlineData(WindowStatus.Rejected, 30, null, null)]
    [InlineData(WindowStatus.Rejected, 23 * 60, null, null)]
    [InlineData(WindowStatus.InProgress, 30, null, null)]
    [InlineData(WindowStatus.Cancelled, 30, null, null)]
    [InlineData(WindowStatus.Verified, 30, null, null)]
    [InlineData(WindowStatus.NotReached, 30, null, null)]
    public void Due_WindowStartingInMinutes_OnlyTheNearestReminderOrEscalation(WindowStatus status, int minutesToStart, NotificationKind? kind, string? detail)
    {
        var window = Window(status, s_now.AddMinutes(minutesToStart));

        var due = Due(s_now, window);

        if (kind is null)
        {
            Assert.Empty(due);
            return;
        }

        var single = Assert.Single(due);
        Assert.Equal(kind, single.Kind);
        Assert.Equal(detail, single.Detail);
        Assert.Same(window, single.Window);
    }

    [Theory]
    [InlineData(WindowStatus.Approved, "2026-03-05T09:30:00Z", "reminder:24h:3f0b6c1e8a2d4c5b9e7f1a2b3c4d5e6f:20260305T0930")]
    [InlineData(WindowStatus.Approved, "2026-03-04T12:45:00Z", "reminder:1h:3f0b6c1e8a2d4c5b9e7f1a2b3c4d5e6f:20260304T1245")]
    [InlineData(WindowStatus.Approved, "2026-03-05T10:30:00+01:00", "reminder:24h:3f0b6c1e8a2d4c5b9e7f1a2b3c4d5e6f:20260305T0930")] // the key holds UTC
    [InlineData(WindowStatus.Submitted, "2026-03-05T09:30:00Z", "escalation:3f0b6c1e8a2d4c5b9e7f1a2b3c4d5e6f:20260305T0930")]
    public void Due_DedupeKey_NamesTheLeadTheWindowAndItsUtcStart(WindowStatus status, string start, string expected) =>
        Assert.Equal(expected, Assert.Single(Due(s_now, Window(status, DateTimeOffset.Parse(start, CultureInfo.InvariantCulture)))).DedupeKey);

    [Theory]
    [InlineData(WindowStatus.Approved)]
    [InlineData(WindowStatus.Submitted)]
    public void Due_SameStart_SameKeyAtEveryPoll_MovedStart_NewKey(WindowStatus status)
    {
        var start = s_now.AddHours(20);
        var window = Window(status, start);

        var first = Assert.Single(Due(s_now, window)).DedupeKey;
        var later = Assert.Single(Due(s_now.AddHours(10), window)).DedupeKey; // still more than an hour before
        var moved = Assert.Single(Due(s_now.AddHours(10), Window(status, start.AddMinutes(30)))).DedupeKey;
        var another = Assert.Single(Due(s_now, Window(status, start, Guid.Parse("00000000-0000-0000-0000-000000000001")))).DedupeKey;

        Assert.Equal(first, later);
        Assert.NotEqual(first, moved);
        Assert.NotEqual(first, another);
    }

    [Fact]
    public void Due_HourReminder_KeyDiffersFromTheDayReminder_AndIsStableWithinTheHour()
    {
        var window = Window(WindowStatus.Approved, s_now.AddHours(2));

        var day = Assert.Single(Due(s_now, window)).DedupeKey;
        var hour = Assert.Single(Due(s_now.AddMinutes(61), window)).DedupeKey;
        var hourLater = Assert.Single(Due(s_now.AddMinutes(119), window)).DedupeKey;

        Assert.NotEqual(day, hour);
        Assert.Equal(hour, hourLater);
    }

    [Fact]
    public void Due_SeveralWindows_EachGetsItsOwnEvent()
    {
        var due = Due(
            s_now,
            Window(WindowStatus.Approved, s_now.AddHours(3), Guid.Parse("00000000-0000-0000-0000-00000000000a")),
            Window(WindowStatus.Submitted, s_now.AddHours(3), Guid.Parse("00000000-0000-0000-0000-00000000000b")),
            Window(WindowStatus.Draft, s_now.AddHours(3), Guid.Parse("00000000-0000-0000-0000-00000000000c")));

        Assert.Equal([NotificationKind.Reminder, NotificationKind.Escalated], due.Select(d => d.Kind));
        Assert.Equal(2, due.Select(d => d.DedupeKey).Distinct().Count());
    }

    // Slots (UTC) and whether the digest is due: from the slot for one day, not before and not after.
    [Theory]
    [InlineData("2026-03-02T07:00:00Z", DayOfWeek.Monday, 7, "2026-03-02T07:00:00Z", "digest:2026-03-02")] // Monday at the slot
    [InlineData("2026-03-02T06:59:00Z", DayOfWeek.Monday, 7, "2026-02-23T07:00:00Z", null)] // a minute early: last week's, long past
    [InlineData("2026-03-03T06:59:00Z", DayOfWeek.Monday, 7, "2026-03-02T07:00:00Z", "digest:2026-03-02")] // late but within a day
    [InlineData("2026-03-03T07:00:00Z", DayOfWeek.Monday, 7, "2026-03-02T07:00:00Z", null)] // a day after: not any more
    [InlineData("2026-03-04T12:00:00Z", DayOfWeek.Monday, 7, "2026-03-02T07:00:00Z", null)]
    [InlineData("2026-03-08T23:59:00Z", DayOfWeek.Monday, 7, "2026-03-02T07:00:00Z", null)] // Sunday night
    [InlineData("2026-03-09T07:00:00Z", DayOfWeek.Monday, 7, "2026-03-09T07:00:00Z", "digest:2026-03-09")] // the next week
    [InlineData("2026-03-02T01:00:00Z", DayOfWeek.Sunday, 23, "2026-03-01T23:00:00Z", "digest:2026-03-01")] // across the week's end
    [InlineData("2026-03-01T22:59:00Z", DayOfWeek.Sunday, 23, "2026-02-22T23:00:00Z", null)]
    [InlineData("2026-03-01T03:00:00Z", DayOfWeek.Saturday, 22, "2026-02-28T22:00:00Z", "digest:2026-02-28")] // Sunday after a Saturday slot, across a month
    [InlineData("2026-03-01T00:00:00Z", DayOfWeek.Sunday, 0, "2026-03-01T00:00:00Z", "digest:2026-03-01")]
    [InlineData("2026-02-28T23:59:00Z", DayOfWeek.Sunday, 0, "2026-02-22T00:00:00Z", null)]
    [InlineData("2026-01-01T05:00:00Z", DayOfWeek.Wednesday, 23, "2025-12-31T23:00:00Z", "digest:2025-12-31")] // across a year
    [InlineData("2026-03-02T08:30:00+02:00", DayOfWeek.Monday, 7, "2026-02-23T07:00:00Z", null)] // 06:30 UTC: the slot is in UTC
    [InlineData("2026-03-02T00:30:00-07:00", DayOfWeek.Monday, 7, "2026-03-02T07:00:00Z", "digest:2026-03-02")] // 07:30 UTC, still Sunday locally
    public void Due_Digest_ForADayFromTheSlotOnTheConfiguredDayAndHour(string now, DayOfWeek day, int hour, string slot, string? key)
    {
        var at = DateTimeOffset.Parse(now, CultureInfo.InvariantCulture);

        Assert.Equal(Utc(slot), NotificationSchedule.LatestDigestSlot(at, day, hour));
        var digest = NotificationSchedule.Due([], at, day, hour).Where(d => d.Kind == NotificationKind.WeeklyDigest).ToList();
        Assert.Equal(key, digest.Count == 0 ? null : Assert.Single(digest).DedupeKey);
        Assert.All(digest, d => Assert.Null(d.Window));
    }

    [Theory]
    [InlineData(DayOfWeek.Monday, 7)]
    [InlineData(DayOfWeek.Sunday, 0)]
    [InlineData(DayOfWeek.Saturday, 23)]
    [InlineData(DayOfWeek.Wednesday, 12)]
    public void LatestDigestSlot_EveryQuarterHourOfThreeWeeks_TheLastSlotOnTheDayAndHour_DueOnceAWeekForADay(DayOfWeek day, int hour)
    {
        var start = new DateTimeOffset(2025, 12, 22, 0, 0, 0, TimeSpan.Zero); // three weeks across a year's end
        var dueAt = new Dictionary<string, List<DateTimeOffset>>();
        for (var now = start; now < start.AddDays(21); now = now.AddMinutes(15))
        {
            var slot = NotificationSchedule.LatestDigestSlot(now, day, hour);
            Assert.Equal(day, slot.UtcDateTime.DayOfWeek);
            Assert.Equal(new TimeSpan(hour, 0, 0), slot.UtcDateTime.TimeOfDay);
            Assert.InRange(now - slot, TimeSpan.Zero, TimeSpan.FromDays(7) - TimeSpan.FromTicks(1));

            foreach (var digest in NotificationSchedule.Due([], now, day, hour))
            {
                if (!dueAt.TryGetValue(digest.DedupeKey, out var times))
                {
                    dueAt[digest.DedupeKey] = times = [];
                }

                times.Add(now);
            }
        }

        Assert.Equal(3, dueAt.Count);
        Assert.All(dueAt.Values, times => Assert.Equal(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(15), times[^1] - times[0]));
        Assert.All(dueAt.Values, times => Assert.Equal(96, times.Count));
    }

    // The key is what makes the digest go once: it must not depend on the process's culture (a Thai or Saudi server
    // formats years in another calendar), or replicas and restarts under other cultures would send it again.
    [Theory]
    [InlineData("th-TH")]
    [InlineData("ar-SA")]
    [InlineData("fa-IR")]
    public void Due_DedupeKeys_SameUnderAnyCulture(string culture)
    {
        var now = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        var window = Window(WindowStatus.Approved, now.AddHours(3));
        var invariant = Keys();
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            Assert.Equal(invariant, Keys());
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }

        Assert.Equal(["reminder:24h:3f0b6c1e8a2d4c5b9e7f1a2b3c4d5e6f:20260302T1100", "digest:2026-03-02"], invariant);

        string[] Keys() => [.. Due(now, window).Select(d => d.DedupeKey)];
    }
}
