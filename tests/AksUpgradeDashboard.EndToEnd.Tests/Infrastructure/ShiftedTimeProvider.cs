namespace AksUpgradeDashboard.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A clock that starts at a fixed moment and then runs at real speed. A frozen fake clock would also freeze the UI's
/// timers (MudBlazor debounces input through the app's TimeProvider), which a browser test must not do.
/// </summary>
public sealed class ShiftedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly TimeSpan _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
}
