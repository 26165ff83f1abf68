using AksUpgradeDashboard.Model.Rollouts;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Tests.Model.Rollouts;

/// <summary>Issue 18: when a wave's windows may open.</summary>
public class RolloutGateTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);

    // Windows as "Status@end" (end in hours relative to now; "+w" = waived, "+w-2" = waived 2 hours ago), e.g. "Verified@-30", "NotReached@-30+w-2".
    public static TheoryData<string, string[], double, string[], string?> Cases => new()
    {
        // case, wave 1's windows, wave 1's soak (hours), wave 2's windows, wave 2's blocker (null = open)
        { "all verified, soak passed", ["Verified@-30", "Verified@-50"], 24, ["Approved@5"], null },
        { "all verified, soaking", ["Verified@-10", "Verified@-50"], 24, ["Approved@5"], "Wave 2 waits: wave 1 soaks until 2026-12-11 02:00 UTC (1 day after its last window ended)." },
        { "soak of zero", ["Verified@-1"], 0, ["Approved@5"], null },
        { "soak ends exactly now", ["Verified@-24"], 24, ["Approved@5"], null },
        { "one still approved", ["Verified@-30", "Approved@10", "Verified@-30"], 24, ["Approved@5"], "Wave 2 waits: 1 of 3 windows in wave 1 not verified." },
        { "in progress and draft", ["InProgress@2", "Draft@10"], 24, ["Approved@5"], "Wave 2 waits: 2 of 2 windows in wave 1 not verified." },
        { "not reached, not waived", ["Verified@-30", "NotReached@-30"], 24, ["Approved@5"], "Wave 2 waits: 1 of 2 windows in wave 1 not verified (1 not reached and not waived)." },
        { "not reached and waived, soak passed", ["Verified@-30", "NotReached@-30+w"], 24, ["Approved@5"], null },
        { "not reached and waived, soaking", ["Verified@-30", "NotReached@-2+w"], 24, ["Approved@5"], "Wave 2 waits: wave 1 soaks until 2026-12-11 10:00 UTC (1 day after its last window ended)." },
        { "waived after the windows ended: the soak runs from the waiver", ["Verified@-30", "NotReached@-30+w-2"], 24, ["Approved@5"], "Wave 2 waits: wave 1 soaks until 2026-12-11 10:00 UTC (1 day after the waiver that completed it)." },
        { "waived, and a day has passed since", ["Verified@-60", "NotReached@-60+w-24"], 24, ["Approved@5"], null },
        { "a window verified after the waiver: the soak runs from its end", ["NotReached@-30+w-20", "Verified@-5"], 24, ["Approved@5"], "Wave 2 waits: wave 1 soaks until 2026-12-11 07:00 UTC (1 day after its last window ended)." },
        { "a waiver counts only for a NotReached window", ["Rejected@-30+w"], 24, ["Approved@5"], "Wave 2 waits: 1 of 1 window in wave 1 not verified." },
        { "cancelled windows are out of the rollout", ["Verified@-30", "Cancelled@40"], 24, ["Approved@5"], null },
        { "an empty wave does not wait", [], 48, ["Approved@5"], null },
        { "only cancelled windows", ["Cancelled@-1"], 48, ["Approved@5"], null },
        { "soak in hours", ["Verified@-2"], 6, ["Approved@5"], "Wave 2 waits: wave 1 soaks until 2026-12-10 16:00 UTC (6 hours after its last window ended)." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void For_SecondWave_WaitsForTheFirstAndItsSoak(string name, string[] first, double soakHours, string[] second, string? expected)
    {
        var waves = new[] { Wave(soakHours, first), Wave(0, second) };

        var gate = RolloutGate.For(waves, 1, s_now);

        Assert.True(expected is null == gate.Open, name);
        Assert.Equal(expected, gate.Blocker);
    }

    [Fact]
    public void For_FirstWave_NeverWaits()
    {
        var gate = RolloutGate.For([Wave(24, "Draft@5")], 0, s_now);

        Assert.Equal(GateState.Passed, gate);
    }

    [Fact]
    public void For_ThirdWave_WaitsWhileTheFirstWaits()
    {
        var waves = new[] { Wave(24, "NotReached@-30"), Wave(24), Wave(0, "Approved@5") };

        var states = RolloutGate.All(waves, s_now);

        Assert.Equal([true, false, false], states.Select(s => s.Open));
        Assert.Equal("Wave 3 waits: 1 of 1 window in wave 1 not verified (1 not reached and not waived).", states[2].Blocker);
    }

    [Fact]
    public void For_ThirdWave_WaitsForTheSecondsSoak()
    {
        var waves = new[] { Wave(24, "Verified@-100"), Wave(48, "Verified@-24", "NotReached@-30+w"), Wave(0, "Approved@5") };

        var gate = RolloutGate.For(waves, 2, s_now);

        Assert.Equal("Wave 3 waits: wave 2 soaks until 2026-12-11 12:00 UTC (2 days after its last window ended).", gate.Blocker);
    }

    [Theory]
    [InlineData(new[] { "Verified@-1", "NotReached@-1+w" }, new[] { "Cancelled@5" }, true)]
    [InlineData(new[] { "Verified@-1" }, new[] { "Verified@-1" }, true)]
    [InlineData(new[] { "Verified@-1", "NotReached@-1" }, new[] { "Verified@-1" }, false)]
    [InlineData(new[] { "Verified@-1" }, new[] { "InProgress@1" }, false)]
    [InlineData(new[] { "Cancelled@-1" }, new string[0], false)]
    public void IsComplete_EveryWindowDoneOrCancelled(string[] first, string[] second, bool expected) =>
        Assert.Equal(expected, RolloutGate.IsComplete([Wave(24, first), Wave(0, second)]));

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void For_NoSuchWave_Throws(int index) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RolloutGate.For([Wave(0), Wave(0)], index, s_now));

    private static GateWave Wave(double soakHours, params string[] windows) => new(TimeSpan.FromHours(soakHours), [.. windows.Select(Window)]);

    private static GateWindow Window(string text)
    {
        var (status, rest) = (text.Split('@')[0], text.Split('@')[1]);
        var parts = rest.Split("+w");
        DateTimeOffset At(string hours) => s_now.AddHours(double.Parse(hours, System.Globalization.CultureInfo.InvariantCulture));
        return new GateWindow(Enum.Parse<WindowStatus>(status), At(parts[0]), parts.Length > 1, parts.Length > 1 && parts[1].Length > 0 ? At(parts[1]) : null);
    }
}
