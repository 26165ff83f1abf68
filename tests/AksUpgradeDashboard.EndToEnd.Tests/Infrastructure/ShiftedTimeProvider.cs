namespace AksUpgradeDashboard.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A clock that starts at a fixed moment and then runs at real speed. A frozen fake clock would also freeze the UI's
/// timers (MudBlazor debounces input through the app's TimeProvider), which a browser test must not do.
/// <see cref="Advance"/> jumps it forward (e.g. into an upgrade window); timers keep running at real speed.
/// </summary>
public sealed class ShiftedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _offsetTicks = (start - System.GetUtcNow()).Ticks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the clock forward by <paramref name="by"/>.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
