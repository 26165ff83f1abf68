using AksUpgradeDashboard.Model.Rollouts;

namespace AksUpgradeDashboard.Tests.Model.Rollouts;

/// <summary>Issue 18: pools remaining per day, planned against actual.</summary>
public class RolloutBurnDownTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);

    // Windows as "pools@planned end day[+verified day]" in days relative to today (s_now's day), e.g. "3@-2+-1".
    // Points as "day:planned/actual" with day relative to today and "-" for no actual yet.
    public static TheoryData<string, string[], string[]> Cases => new()
    {
        { "all to come", ["3@1", "2@2"], ["0:5/5", "1:2/-", "2:0/-"] },
        { "on plan", ["3@-1+-1", "2@0+0"], ["-2:5/5", "-1:2/2", "0:0/0"] },
        { "behind plan: verified a day late", ["3@-2+-1", "2@-1"], ["-3:5/5", "-2:2/5", "-1:0/2", "0:0/2"] },
        { "verified after the last planned end: the chart runs to it", ["4@-3+-1"], ["-4:4/4", "-3:0/4", "-2:0/4", "-1:0/0"] },
        { "ahead of plan: verified before its planned end", ["1@2+0", "1@3"], ["-1:2/2", "0:2/1", "1:2/-", "2:1/-", "3:0/-"] },
        { "never verified, past its end (not reached): runs on to today", ["2@-2", "1@-1+-1"], ["-3:3/3", "-2:1/3", "-1:0/2", "0:0/2"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Of_PlannedAgainstActual(string name, string[] windows, string[] expected)
    {
        var points = RolloutBurnDown.Of([.. windows.Select(Window)], s_now);

        Assert.True(expected.SequenceEqual(points.Select(Text)), $"{name}: {string.Join(", ", points.Select(Text))}");
    }

    [Fact]
    public void Of_NoWindows_NoPoints() => Assert.Empty(RolloutBurnDown.Of([], s_now));

    [Fact]
    public void Of_ALongRollout_SampledWithTheLastDayKept()
    {
        var points = RolloutBurnDown.Of([new(1, s_now.AddDays(400), null), new(1, s_now.AddDays(1), null)], s_now);

        Assert.InRange(points.Count, 2, RolloutBurnDown.MaxPoints + 1);
        Assert.Equal(DateOnly.FromDateTime(s_now.AddDays(400).UtcDateTime), points[^1].Day);
        Assert.Equal(0, points[^1].Planned);
        Assert.Equal(2, points[0].Planned);
    }

    private static BurnDownWindow Window(string text)
    {
        var (pools, rest) = (int.Parse(text.Split('@')[0], System.Globalization.CultureInfo.InvariantCulture), text.Split('@')[1]);
        var parts = rest.Split('+');
        DateTimeOffset At(string day) => s_now.AddDays(int.Parse(day, System.Globalization.CultureInfo.InvariantCulture));
        return new BurnDownWindow(pools, At(parts[0]), parts.Length > 1 ? At(parts[1]) : null);
    }

    private static string Text(BurnDownPoint p) =>
        $"{p.Day.DayNumber - DateOnly.FromDateTime(s_now.UtcDateTime).DayNumber}:{p.Planned}/{(p.Actual is { } a ? a.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")}";
}
