using System.Diagnostics;

namespace AksUpgradeDashboard.ArmEmulator;

/// <summary>An ARM-like token bucket: starts full, refills continuously, one token per read.</summary>
internal sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private double _tokens;
    private long _lastRefill;

    public TokenBucket(int size)
    {
        _tokens = Math.Max(0, size);
        _lastRefill = Stopwatch.GetTimestamp();
    }

    /// <summary>Takes a token if one is available.</summary>
    /// <param name="size">The current bucket size (the options may change while running).</param>
    /// <param name="refillPerSecond">The current refill rate.</param>
    /// <param name="remaining">Whole tokens left after this request.</param>
    /// <param name="retryAfter">When no token was available: whole seconds until one is back (at least 1).</param>
    public bool TryTake(int size, double refillPerSecond, out int remaining, out int retryAfter)
    {
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(_lastRefill, now).TotalSeconds;
            _lastRefill = now;
            var capacity = Math.Max(0, size);
            if (refillPerSecond > 0)
            {
                _tokens = Math.Min(capacity, _tokens + (elapsed * refillPerSecond));
            }
            else
            {
                _tokens = Math.Min(capacity, _tokens);
            }

            if (_tokens >= 1)
            {
                _tokens -= 1;
                remaining = (int)Math.Floor(_tokens);
                retryAfter = 0;
                return true;
            }

            remaining = 0;
            var seconds = refillPerSecond > 0 ? Math.Ceiling((1 - _tokens) / refillPerSecond) : 60;
            retryAfter = (int)Math.Clamp(seconds, 1, 3600);
            return false;
        }
    }
}
