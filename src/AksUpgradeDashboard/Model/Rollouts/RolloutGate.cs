using System.Globalization;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Model.Rollouts;

/// <summary>
/// A saved window as the gate sees it: its status, when it ends, and whether (and when) an approver waived it (NotReached
/// only). A waived window is done at the later of its end and the waiver.
/// </summary>
public sealed record GateWindow(WindowStatus Status, DateTimeOffset End, bool Waived = false, DateTimeOffset? WaivedAt = null)
{
    /// <summary>When the window counted as done for the gate (meaningful once <see cref="RolloutGate.IsDone"/>).</summary>
    public DateTimeOffset DoneAt => Waived && WaivedAt is { } at && at > End ? at : End;
}

/// <summary>A saved wave as the gate sees it: its soak and its windows.</summary>
public sealed record GateWave(TimeSpan Soak, IReadOnlyList<GateWindow> Windows);

/// <summary>Whether a wave's windows may open; when not, <see cref="Blocker"/> says what they wait for.</summary>
public sealed record GateState(bool Open, string? Blocker)
{
    public static GateState Passed { get; } = new(true, null);
}

/// <summary>
/// The rollout's gate (issue 18), pure. Wave N's windows may open only when wave N-1 is complete (each of its windows
/// Verified, or NotReached and waived by an approver; cancelled windows are out of the rollout) and its soak has passed
/// since it became complete: the last of its windows' ends or, when a waiver completed it, that waiver (a waiver given
/// late does not shorten the soak the next wave waits). A wave waits too while any earlier wave waits. The first wave
/// never waits.
/// </summary>
public static class RolloutGate
{
    /// <summary>The gate of wave <paramref name="index"/> (from 0) at <paramref name="now"/>.</summary>
    public static GateState For(IReadOnlyList<GateWave> waves, int index, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, waves.Count);
        for (var previous = 0; previous < index; previous++)
        {
            if (Blocker(waves[previous], previous, now) is { } blocker)
            {
                return new GateState(false, $"Wave {index + 1} waits: {blocker}");
            }
        }

        return GateState.Passed;
    }

    /// <summary>The gate of every wave, in order.</summary>
    public static IReadOnlyList<GateState> All(IReadOnlyList<GateWave> waves, DateTimeOffset now) =>
        [.. Enumerable.Range(0, waves.Count).Select(i => For(waves, i, now))];

    /// <summary>Whether every wave is complete: each window not cancelled Verified, or NotReached and waived (and there is one).</summary>
    public static bool IsComplete(IReadOnlyList<GateWave> waves)
    {
        var counted = waves.SelectMany(w => w.Windows).Where(w => w.Status != WindowStatus.Cancelled).ToList();
        return counted.Count > 0 && counted.All(IsDone);
    }

    /// <summary>Whether the window counts as done for the gate.</summary>
    public static bool IsDone(GateWindow window) =>
        window.Status == WindowStatus.Verified || (window.Status == WindowStatus.NotReached && window.Waived);

    // What keeps the wave after `wave` waiting, or null when it is complete and soaked.
    private static string? Blocker(GateWave wave, int index, DateTimeOffset now)
    {
        var counted = wave.Windows.Where(w => w.Status != WindowStatus.Cancelled).ToList();
        var open = counted.Where(w => !IsDone(w)).ToList();
        if (open.Count > 0)
        {
            var notReached = open.Count(w => w.Status == WindowStatus.NotReached);
            var why = notReached == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" ({notReached} not reached and not waived)");
            return string.Create(CultureInfo.InvariantCulture,
                $"{open.Count} of {counted.Count} window{(counted.Count == 1 ? "" : "s")} in wave {index + 1} not verified{why}.");
        }

        if (counted.Count == 0 || wave.Soak <= TimeSpan.Zero)
        {
            return null;
        }

        var last = counted.MaxBy(w => w.DoneAt)!;
        var soaked = last.DoneAt + wave.Soak;
        var since = last.DoneAt > last.End ? "the waiver that completed it" : "its last window ended";
        return soaked > now
            ? string.Create(CultureInfo.InvariantCulture, $"wave {index + 1} soaks until {soaked.ToUniversalTime():yyyy-MM-dd HH:mm} UTC ({Span(wave.Soak)} after {since}).")
            : null;
    }

    private static string Span(TimeSpan span) =>
        span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0} day{(span.TotalDays == 1 ? "" : "s")}")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} hour{(span.TotalHours == 1 ? "" : "s")}");
}
