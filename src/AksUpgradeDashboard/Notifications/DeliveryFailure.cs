namespace AksUpgradeDashboard.Notifications;

/// <summary>
/// A delivery that did not go through, said plainly for the admins' channel health. Permanent failures (an address the
/// server refuses, a webhook answering 404) are given up at once; others are retried with back-off.
/// </summary>
public sealed class DeliveryFailureException(string message, bool permanent = false, TimeSpan? retryAfter = null, Exception? inner = null, bool unreachable = false)
    : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;

    /// <summary>The receiver could not be reached at all (refused, timed out): the rest of the batch for it waits too.</summary>
    public bool Unreachable { get; } = unreachable;

    /// <summary>How long the receiver asked us to wait (a webhook's Retry-After).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>When a failed delivery is tried again, and when it is given up. Pure.</summary>
public static class DeliveryRetry
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(30);

    /// <summary>30 s after the first failure, doubling, at most 30 minutes; longer if the receiver asked for it.</summary>
    public static TimeSpan Delay(int attempts, TimeSpan? retryAfter = null)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 16);
        var backoff = TimeSpan.FromTicks(Math.Min(FirstDelay.Ticks << exponent, MaxDelay.Ticks));
        return retryAfter is { } asked && asked > backoff ? TimeSpan.FromTicks(Math.Min(asked.Ticks, TimeSpan.FromHours(6).Ticks)) : backoff;
    }
}
