using System.Globalization;

namespace AksUpgradeDashboard.Model;

public enum MaintenanceCoverageKind
{
    /// <summary>The schedule could not be read, or the window cannot be checked.</summary>
    Unknown,

    /// <summary>The whole window lies within one occurrence (or occurrences that run on without a gap).</summary>
    Inside,

    /// <summary>Some of the window lies outside every occurrence.</summary>
    Outside,

    /// <summary>The window overlaps a period in which AKS starts no planned maintenance.</summary>
    NotAllowed,
}

/// <summary>
/// How a planned window relates to a maintenance schedule. <see cref="Occurrence"/> is the occurrence holding the window
/// (Inside); <see cref="Previous"/> and <see cref="Next"/> are the nearest allowed occurrences starting before and at or
/// after the window's start, for a message to suggest; <see cref="Blocked"/> is the not-allowed period hit.
/// </summary>
public sealed record MaintenanceCoverage(
    MaintenanceCoverageKind Kind,
    MaintenancePeriod? Occurrence = null,
    MaintenancePeriod? Previous = null,
    MaintenancePeriod? Next = null,
    MaintenancePeriod? Blocked = null,
    string? Reason = null);

/// <summary>
/// Whether a planned window [start, end) falls within a cluster's AKS planned maintenance schedule. Pure: the
/// configuration and the window come in. Where the docs are silent this follows these rules:
/// <list type="bullet">
/// <item>Intervals count from the first matching date on or after <c>startDate</c>; nothing occurs before it. For weekly
/// schedules this is what AKS does (Azure/AKS#5720: a week whose day falls before startDate is skipped, and the interval
/// counts from the next such day); monthly schedules count months the same way.</item>
/// <item>Without a <c>startDate</c> the phase of an interval cannot be known, so every matching date counts (as if the
/// interval were 1). ARM fills startDate in at creation, so this only matters for hand-made data; it errs towards
/// Inside rather than a false warning.</item>
/// <item><c>absoluteMonthly</c> on a day a month lacks (31 in April, 29–31 in February) skips that month, as RFC 5545
/// does; we would rather warn about a window AKS would in fact use than stay silent about one it skips.</item>
/// <item>Occurrences that run on into each other (a 24-hour daily window, legacy slots 22, 23 and 0) count as one, so a
/// window may span them. Not-allowed periods cut occurrences, and a window touching one is NotAllowed, whatever else.</item>
/// </list>
/// </summary>
public static class MaintenanceWindowCoverage
{
    /// <summary>The longest window checked, the planner's own limit; it bounds every loop here.</summary>
    public static readonly TimeSpan MaximumWindowLength = TimeSpan.FromDays(7);

    /// <summary>
    /// How many days either side of the window occurrences are looked for: over a year, so a monthly schedule with an
    /// interval of up to 12 months, or skipping short months, still shows one on each side.
    /// </summary>
    public const int SearchDays = 400;

    public static MaintenanceCoverage Check(MaintenanceConfigurationInfo configuration, DateTimeOffset start, DateTimeOffset end) =>
        configuration.Window is { } schedule
            ? Check(schedule, start, end)
            : Unknown($"The {configuration.Name} schedule ({configuration.Schedule}) could not be read.");

    public static MaintenanceCoverage Check(MaintenanceSchedule schedule, DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            return Unknown("The window ends before it starts.");
        }

        if (end - start > MaximumWindowLength)
        {
            return Unknown("Windows longer than 7 days are not checked against the maintenance schedule.");
        }

        if (start.UtcDateTime.Year < 3 || end.UtcDateTime.Year > 9996)
        {
            return Unknown("The window is outside the dates that can be checked.");
        }

        if (Problem(schedule) is { } problem)
        {
            return Unknown(problem);
        }

        var blocks = AllowedBlocks(schedule, start, end);
        var previous = Last(blocks, b => b.Start < start);
        var next = First(blocks, b => b.Start >= start);

        foreach (var period in schedule.NotAllowed)
        {
            if (period.Overlaps(start, end))
            {
                return new(MaintenanceCoverageKind.NotAllowed, Previous: previous, Next: next, Blocked: ToOffset(period, DisplayOffset(schedule)));
            }
        }

        return First(blocks, b => b.Contains(start, end)) is { } occurrence
            ? new(MaintenanceCoverageKind.Inside, Occurrence: occurrence)
            : new(MaintenanceCoverageKind.Outside, Previous: previous, Next: next);
    }

    /// <summary>
    /// The allowed stretches of maintenance still ahead at <paramref name="from"/>, in order, over the next
    /// <see cref="SearchDays"/> days (not-allowed periods already cut out); one already under way (or joined into a long
    /// one, as a 24-hour daily schedule is) starts at <paramref name="from"/>. None when the schedule cannot be read.
    /// </summary>
    public static IEnumerable<MaintenancePeriod> Upcoming(MaintenanceSchedule schedule, DateTimeOffset from) =>
        from.UtcDateTime.Year is < 3 or > 9000 || Problem(schedule) is not null
            ? []
            : AllowedBlocks(schedule, from, from).Where(b => b.End > from).Select(b => b.Start >= from ? b : b with { Start = from });

    /// <summary>A warning for the planner, or null when the window is inside the schedule or cannot be checked.</summary>
    public static string? Warning(MaintenanceConfigurationInfo configuration, MaintenanceCoverage coverage)
    {
        var suggestion = coverage.Next is { } next ? $" The next occurrence is {Describe(next)}." : "";
        return coverage.Kind switch
        {
            MaintenanceCoverageKind.Outside =>
                $"The window is outside the cluster's {configuration.Name} maintenance window ({configuration.Schedule}{Timing(configuration)}).{suggestion}",
            MaintenanceCoverageKind.NotAllowed when coverage.Blocked is { } blocked =>
                $"The window falls on the {configuration.Name} {DescribeBlocked(blocked)}: AKS starts no planned maintenance then.{suggestion}",
            _ => null,
        };
    }

    /// <summary>A period in words, e.g. <c>2026-12-12 01:00 to 09:00 (UTC+00:00)</c>.</summary>
    public static string Describe(MaintenancePeriod period)
    {
        var end = period.End.ToOffset(period.Start.Offset);
        var endFormat = end.Date == period.Start.Date ? "HH:mm" : "yyyy-MM-dd HH:mm";
        return string.Create(CultureInfo.InvariantCulture,
            $"{period.Start:yyyy-MM-dd HH:mm} to {end.ToString(endFormat, CultureInfo.InvariantCulture)} (UTC{FormatOffset(period.Start.Offset)})");
    }

    // notAllowedDates come back as whole local days; say them as the dates the configuration names.
    private static string DescribeBlocked(MaintenancePeriod period)
    {
        var end = period.End.ToOffset(period.Start.Offset);
        return period.Start.TimeOfDay == TimeSpan.Zero && end.TimeOfDay == TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"not-allowed dates {period.Start:yyyy-MM-dd} to {end.AddDays(-1):yyyy-MM-dd} (UTC{FormatOffset(period.Start.Offset)})")
            : $"not-allowed time {Describe(period)}";
    }

    private static string Timing(MaintenanceConfigurationInfo configuration) =>
        configuration.Window is RecurringSchedule { Timing: var t }
            ? string.Create(CultureInfo.InvariantCulture, $", {t.StartTime:HH:mm} UTC{FormatOffset(t.UtcOffset)} for {t.DurationHours} hours")
            : "";

    private static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private static MaintenanceCoverage Unknown(string reason) => new(MaintenanceCoverageKind.Unknown, Reason: reason);

    // Records can be built by hand, so guard what would break the arithmetic below (a zero interval, a 0-hour slot...).
    private static string? Problem(MaintenanceSchedule schedule) => schedule switch
    {
        RecurringSchedule { Timing.DurationHours: < 1 or > 24 } => "The maintenance window's duration is not between 1 and 24 hours.",
        RecurringSchedule { Timing.UtcOffset: var o } when o.Duration() > TimeSpan.FromHours(14) || o.Ticks % TimeSpan.TicksPerMinute != 0 =>
            "The maintenance window's UTC offset is not a whole number of minutes within ±14:00.",
        DailySchedule { IntervalDays: < 1 } or WeeklySchedule { IntervalWeeks: < 1 } or AbsoluteMonthlySchedule { IntervalMonths: < 1 }
            or RelativeMonthlySchedule { IntervalMonths: < 1 } => "The maintenance schedule's interval is less than 1.",
        AbsoluteMonthlySchedule { DayOfMonth: < 1 or > 31 } => "The maintenance schedule's day of the month is not between 1 and 31.",
        WeeklySlotsSchedule { Slots: var slots } when slots.IsDefaultOrEmpty || slots.Any(s => s.Hour is < 0 or > 23) =>
            "The maintenance schedule's hour slots are missing or not between 0 and 23.",
        RecurringSchedule { Timing.StartDate: { Year: < 3 or > 9000 } } => "The maintenance window's start date is out of range.",
        RecurringSchedule or WeeklySlotsSchedule => null,
        _ => "The maintenance schedule is of an unknown kind.",
    };

    // Every allowed stretch of maintenance from SearchDays before the window to SearchDays after it (or after startDate,
    // when that is later): occurrences in order, joined where they touch, minus the not-allowed periods.
    private static List<MaintenancePeriod> AllowedBlocks(MaintenanceSchedule schedule, DateTimeOffset start, DateTimeOffset end)
    {
        var offset = DisplayOffset(schedule);
        var from = LocalDate(start, offset).AddDays(-SearchDays);
        var to = LocalDate(end, offset).AddDays(SearchDays);
        if (schedule is RecurringSchedule { Timing.StartDate: { } startDate } && startDate > to && startDate < DateOnly.MaxValue.AddDays(-SearchDays))
        {
            to = startDate.AddDays(SearchDays);
        }

        var occurrences = schedule switch
        {
            RecurringSchedule recurring => Occurrences(recurring, from, to),
            WeeklySlotsSchedule slots => Occurrences(slots, from, to),
            _ => [],
        };
        var cuts = schedule.NotAllowed.Where(p => p.Start < p.End).OrderBy(p => p.Start).ToList();
        return [.. Join(occurrences).SelectMany(b => Cut(b, cuts)).Select(b => ToOffset(b, offset))];
    }

    private static IEnumerable<MaintenancePeriod> Occurrences(RecurringSchedule schedule, DateOnly from, DateOnly to)
    {
        var timing = schedule.Timing;
        var occurs = Rule(schedule);
        for (var date = timing.StartDate is { } first && first > from ? first : from; date <= to; date = date.AddDays(1))
        {
            if (occurs(date))
            {
                var begin = new DateTimeOffset(date.ToDateTime(timing.StartTime), timing.UtcOffset);
                yield return new(begin, begin.AddHours(timing.DurationHours));
            }
        }
    }

    private static IEnumerable<MaintenancePeriod> Occurrences(WeeklySlotsSchedule schedule, DateOnly from, DateOnly to)
    {
        var hours = schedule.Slots.GroupBy(s => s.Day).ToDictionary(g => g.Key, g => g.Select(s => s.Hour).Distinct().Order().ToList());
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            foreach (var hour in hours.GetValueOrDefault(date.DayOfWeek) ?? [])
            {
                var begin = new DateTimeOffset(date.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);
                yield return new(begin, begin.AddHours(1));
            }
        }
    }

    // Whether an occurrence starts on a (local) date: the date must match the pattern and, with a startDate, lie a
    // whole number of intervals after the first matching date on or after it.
    private static Func<DateOnly, bool> Rule(RecurringSchedule schedule)
    {
        var (matches, periods, interval) = schedule switch
        {
            DailySchedule d => (_ => true, Days, d.IntervalDays),
            WeeklySchedule w => (date => date.DayOfWeek == w.DayOfWeek, (a, b) => Days(a, b) / 7, w.IntervalWeeks),
            AbsoluteMonthlySchedule m => (date => date.Day == m.DayOfMonth, Months, m.IntervalMonths),
            RelativeMonthlySchedule r => (date => date == NthWeekday(date.Year, date.Month, r.WeekIndex, r.DayOfWeek), Months, r.IntervalMonths),
            _ => ((Func<DateOnly, bool>)(_ => false), (Func<DateOnly, DateOnly, int>)Days, 1),
        };

        if (schedule.Timing.StartDate is not { } startDate)
        {
            return matches;
        }

        // Every pattern matches at least once in any 62 days (day 31 is at most two months apart), so this ends.
        DateOnly? first = null;
        for (var date = startDate; date <= startDate.AddDays(62) && first is null; date = date.AddDays(1))
        {
            first = matches(date) ? date : null;
        }

        return first is { } f
            ? date => date >= f && matches(date) && periods(f, date) % interval == 0
            : _ => false;
    }

    private static int Days(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber;

    private static int Months(DateOnly from, DateOnly to) => (to.Year * 12) + to.Month - (from.Year * 12) - from.Month;

    private static DateOnly NthWeekday(int year, int month, MaintenanceWeekIndex index, DayOfWeek day)
    {
        if (index == MaintenanceWeekIndex.Last)
        {
            var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            return last.AddDays(-(((int)last.DayOfWeek - (int)day + 7) % 7));
        }

        var first = new DateOnly(year, month, 1);
        return first.AddDays((((int)day - (int)first.DayOfWeek + 7) % 7) + (7 * (int)index));
    }

    private static IEnumerable<MaintenancePeriod> Join(IEnumerable<MaintenancePeriod> ordered)
    {
        MaintenancePeriod? current = null;
        foreach (var period in ordered)
        {
            if (current is { } c && period.Start <= c.End)
            {
                current = c with { End = period.End > c.End ? period.End : c.End };
                continue;
            }

            if (current is { } done)
            {
                yield return done;
            }

            current = period;
        }

        if (current is { } rest)
        {
            yield return rest;
        }
    }

    private static IEnumerable<MaintenancePeriod> Cut(MaintenancePeriod block, List<MaintenancePeriod> cuts)
    {
        var rest = block;
        foreach (var cut in cuts)
        {
            if (!cut.Overlaps(rest.Start, rest.End))
            {
                continue;
            }

            if (rest.Start < cut.Start)
            {
                yield return rest with { End = cut.Start };
            }

            if (cut.End >= rest.End)
            {
                yield break;
            }

            rest = rest with { Start = cut.End };
        }

        yield return rest;
    }

    private static TimeSpan DisplayOffset(MaintenanceSchedule schedule) =>
        schedule is RecurringSchedule { Timing.UtcOffset: var offset } ? offset : TimeSpan.Zero;

    private static DateOnly LocalDate(DateTimeOffset instant, TimeSpan offset) => DateOnly.FromDateTime(instant.ToOffset(offset).DateTime);

    private static MaintenancePeriod ToOffset(MaintenancePeriod period, TimeSpan offset) => new(period.Start.ToOffset(offset), period.End.ToOffset(offset));

    private static MaintenancePeriod? First(List<MaintenancePeriod> blocks, Func<MaintenancePeriod, bool> predicate)
    {
        foreach (var block in blocks)
        {
            if (predicate(block))
            {
                return block;
            }
        }

        return null;
    }

    private static MaintenancePeriod? Last(List<MaintenancePeriod> blocks, Func<MaintenancePeriod, bool> predicate)
    {
        for (var i = blocks.Count - 1; i >= 0; i--)
        {
            if (predicate(blocks[i]))
            {
                return blocks[i];
            }
        }

        return null;
    }
}
