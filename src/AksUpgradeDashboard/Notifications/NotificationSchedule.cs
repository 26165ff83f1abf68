using System.Globalization;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Notifications;

/// <summary>A window as the schedule needs it.</summary>
public sealed record ScheduledWindowState(Guid Id, string Title, int Revision, WindowStatus Status, DateTimeOffset Start);

/// <summary>An event the dashboard raises by itself; its key is the same however often it is found due.</summary>
public sealed record DueEvent(NotificationKind Kind, string DedupeKey, ScheduledWindowState? Window, string? Detail);

/// <summary>
/// Which reminders, escalations and digests are due now. Computed from the window's current start when they fall due,
/// so an edited window's reminders move with it (the key holds the start). Pure.
/// </summary>
public static class NotificationSchedule
{
    public static readonly TimeSpan DayAhead = TimeSpan.FromHours(24);
    public static readonly TimeSpan HourAhead = TimeSpan.FromHours(1);

    public static IReadOnlyList<DueEvent> Due(IEnumerable<ScheduledWindowState> windows, DateTimeOffset now, DayOfWeek digestDay, int digestHourUtc)
    {
        var due = new List<DueEvent>();
        foreach (var w in windows.Where(w => w.Start > now && w.Start - now <= DayAhead))
        {
            var start = w.Start.UtcDateTime.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture);
            switch (w.Status)
            {
                // Only the nearest reminder: a window approved 30 minutes before it starts gets the hour's, not both.
                case WindowStatus.Approved:
                    var lead = w.Start - now <= HourAhead ? ReminderLeads.OneHour : ReminderLeads.OneDay;
                    due.Add(new(NotificationKind.Reminder, $"reminder:{lead}:{w.Id:N}:{start}", w, lead));
                    break;
                case WindowStatus.Submitted:
                    due.Add(new(NotificationKind.Escalated, $"escalation:{w.Id:N}:{start}", w, null));
                    break;
            }
        }

        // The digest of the latest slot, for a day after it (a replica down over the slot still sends it, late).
        var slot = LatestDigestSlot(now, digestDay, digestHourUtc);
        if (now - slot < TimeSpan.FromDays(1))
        {
            due.Add(new(NotificationKind.WeeklyDigest, string.Create(CultureInfo.InvariantCulture, $"digest:{slot.UtcDateTime:yyyy-MM-dd}"), null, null));
        }

        return due;
    }

    public static DateTimeOffset LatestDigestSlot(DateTimeOffset now, DayOfWeek day, int hourUtc)
    {
        var utc = now.UtcDateTime;
        var slot = new DateTimeOffset(utc.Date.AddHours(hourUtc), TimeSpan.Zero).AddDays(-(((int)utc.DayOfWeek - (int)day + 7) % 7));
        return slot > now ? slot.AddDays(-7) : slot;
    }
}
