namespace AksUpgradeDashboard.Model.Windows;

public enum CalendarView
{
    Month,
    Week,
}

/// <summary>A window as the calendar needs it; times are instants, shown in the viewer's zone.</summary>
public sealed record CalendarEntry(Guid Id, string Title, string Cluster, DateTimeOffset Start, DateTimeOffset End, string Status);

/// <summary>The part of a window that falls on one day, with local times, and whether it runs on from or into another day.</summary>
public sealed record CalendarSlot(CalendarEntry Entry, TimeOnly From, TimeOnly To, bool ContinuesFromPreviousDay, bool ContinuesNextDay);

/// <summary>One cell: a date, whether it is in the month shown (month view pads with days of the weeks around it).</summary>
public sealed record CalendarDay(DateOnly Date, bool InPeriod, bool IsToday, IReadOnlyList<CalendarSlot> Slots);

/// <summary>
/// Lays windows out on a month or week grid in the viewer's time zone. Weeks start on Monday (ISO 8601); a window
/// that crosses midnight appears on every day it touches. Pure, so the grid is tested without a browser.
/// </summary>
public static class CalendarLayout
{
    // Dates a calendar may show: every real window fits, and a period before or after is always a date.
    public static readonly DateOnly FirstSupported = new(1900, 1, 1);
    public static readonly DateOnly LastSupported = new(2199, 12, 31);

    /// <summary>The date to show for <paramref name="date"/>: itself, or the nearest supported one (a link to year 9999 is not an error).</summary>
    public static DateOnly Supported(DateOnly date) => date < FirstSupported ? FirstSupported : date > LastSupported ? LastSupported : date;

    /// <summary>The first and last day shown: whole weeks around the month, or the week containing the anchor.</summary>
    public static (DateOnly First, DateOnly Last) Range(CalendarView view, DateOnly anchor)
    {
        if (view == CalendarView.Week)
        {
            var monday = StartOfWeek(anchor);
            return (monday, monday.AddDays(6));
        }

        var firstOfMonth = new DateOnly(anchor.Year, anchor.Month, 1);
        var lastOfMonth = firstOfMonth.AddMonths(1).AddDays(-1);
        return (StartOfWeek(firstOfMonth), StartOfWeek(lastOfMonth).AddDays(6));
    }

    /// <summary>The anchor of the previous or next period (same day of the month, clamped; or a week away).</summary>
    public static DateOnly Move(CalendarView view, DateOnly anchor, int periods) =>
        view == CalendarView.Week ? anchor.AddDays(7 * periods) : new DateOnly(anchor.Year, anchor.Month, 1).AddMonths(periods);

    /// <summary>The instants the grid spans in <paramref name="zone"/>, for loading only the windows that can show.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Instants(CalendarView view, DateOnly anchor, TimeZoneInfo zone)
    {
        var (first, last) = Range(view, anchor);
        return (StartOfDay(first, zone), StartOfDay(last.AddDays(1), zone));
    }

    public static IReadOnlyList<CalendarDay> Layout(CalendarView view, DateOnly anchor, IEnumerable<CalendarEntry> entries, TimeZoneInfo zone, DateOnly today)
    {
        var (first, last) = Range(view, anchor);
        var byDay = new Dictionary<DateOnly, List<CalendarSlot>>();
        foreach (var entry in entries.Where(e => e.End > e.Start).OrderBy(e => e.Start).ThenBy(e => e.Title, StringComparer.Ordinal))
        {
            var localStart = TimeZoneInfo.ConvertTime(entry.Start, zone);
            var localEnd = TimeZoneInfo.ConvertTime(entry.End, zone);
            var startDay = DateOnly.FromDateTime(localStart.DateTime);

            // A window ending exactly at midnight does not touch the next day.
            var endDay = DateOnly.FromDateTime(localEnd.DateTime.AddTicks(-1));
            for (var day = Max(startDay, first); day <= Min(endDay, last); day = day.AddDays(1))
            {
                var from = day == startDay ? TimeOnly.FromDateTime(localStart.DateTime) : TimeOnly.MinValue;
                var to = day == endDay ? TimeOnly.FromDateTime(localEnd.DateTime) : TimeOnly.MinValue;
                var slot = new CalendarSlot(entry, from, to, day > startDay, day < endDay);
                if (!byDay.TryGetValue(day, out var slots))
                {
                    byDay[day] = slots = [];
                }

                slots.Add(slot);
            }
        }

        var days = new List<CalendarDay>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var inPeriod = view == CalendarView.Week || day.Month == anchor.Month;
            days.Add(new CalendarDay(day, inPeriod, day == today, byDay.TryGetValue(day, out var slots) ? slots : []));
        }

        return days;
    }

    private static DateOnly StartOfWeek(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    // Midnight may not exist where clocks change at 00:00 (e.g. America/Santiago): use the first valid minute.
    private static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
