namespace AksUpgradeDashboard.ArmEmulator;

/// <summary>
/// Behaviour switches of an <see cref="ArmEmulator"/>. Every property may be changed while the emulator runs; each request
/// reads the current values (reads and writes are thread-safe).
/// </summary>
public sealed class ArmEmulatorOptions
{
    private const long NoHang = long.MinValue;

    private long _latencyTicks;
    private long _hangForTicks = NoHang;
    private int _pageSize = 100;
    private int _nodeImageVersionsAvailable = 1;
    private int _throttling;
    private int _bucketSize = 250;
    private double _refillPerSecond = 25;
    private int _requireBearerToken = 1;
    private int _pageNodeImageVersions;
    private int _operationPollsBeforeDone = 1;
    private long _operationRetryAfterTicks = NoHang;
    private int _holdOperations;
    private long _writeLatencyTicks;

    /// <summary>Delay added before every response.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _latencyTicks));
        set => Volatile.Write(ref _latencyTicks, Math.Max(0, value.Ticks));
    }

    /// <summary>Delay added before the response to a write (POST, PUT, PATCH, DELETE) only: a request "on its way".</summary>
    public TimeSpan WriteLatency
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _writeLatencyTicks));
        set => Volatile.Write(ref _writeLatencyTicks, Math.Max(0, value.Ticks));
    }

    /// <summary>
    /// Items per page for every list (subscriptions, managed clusters, agent pools, maintenance configurations; node image
    /// versions only with <see cref="PageNodeImageVersions"/>); values below 1 count as 1.
    /// </summary>
    public int PageSize
    {
        get => Volatile.Read(ref _pageSize);
        set => Volatile.Write(ref _pageSize, value);
    }

    /// <summary>
    /// When true, <c>nodeImageVersions</c> is paged by <see cref="PageSize"/> too. Off by default: ARM returns only the latest
    /// image of each lineage, a short list answered in one response.
    /// </summary>
    public bool PageNodeImageVersions
    {
        get => Volatile.Read(ref _pageNodeImageVersions) != 0;
        set => Volatile.Write(ref _pageNodeImageVersions, value ? 1 : 0);
    }

    /// <summary>
    /// Subscriptions that answer 403 <c>AuthorizationFailed</c> for any path under them. Case-insensitive and thread-safe.
    /// </summary>
    public ISet<string> ForbiddenSubscriptions { get; } = new ConcurrentStringSet();

    /// <summary>Subscriptions that answer 500 <c>InternalServerError</c> for any path under them, every time.</summary>
    public ISet<string> FailingSubscriptions { get; } = new ConcurrentStringSet();

    /// <summary>
    /// Accepted <c>api-version</c> values. Empty (the default) accepts any value; otherwise any other value answers
    /// 400 <c>InvalidApiVersionParameter</c>.
    /// </summary>
    public ISet<string> ApiVersions { get; } = new ConcurrentStringSet();

    /// <summary>
    /// When false, <c>locations/{location}/nodeImageVersions</c> answers 400 <c>InvalidApiVersionParameter</c>, as ARM does
    /// when the preview api-version is not available, so clients fall back to per-pool upgrade profiles.
    /// </summary>
    public bool NodeImageVersionsAvailable
    {
        get => Volatile.Read(ref _nodeImageVersionsAvailable) != 0;
        set => Volatile.Write(ref _nodeImageVersionsAvailable, value ? 1 : 0);
    }

    /// <summary>
    /// Enforces an ARM-like token bucket for reads: one bucket per subscription, plus one tenant bucket for requests
    /// outside a subscription (such as <c>GET /subscriptions</c>). An empty bucket answers 429 <c>TooManyRequests</c> with
    /// <c>Retry-After</c> (whole seconds, at least 1). Buckets start full each time throttling is switched on.
    /// </summary>
    public bool Throttling
    {
        get => Volatile.Read(ref _throttling) != 0;
        set => Volatile.Write(ref _throttling, value ? 1 : 0);
    }

    /// <summary>Tokens in a full bucket (ARM: 250 reads).</summary>
    public int BucketSize
    {
        get => Volatile.Read(ref _bucketSize);
        set => Volatile.Write(ref _bucketSize, value);
    }

    /// <summary>Tokens added back per second (ARM: 25 reads).</summary>
    public double RefillPerSecond
    {
        get => Volatile.Read(ref _refillPerSecond);
        set => Volatile.Write(ref _refillPerSecond, value);
    }

    /// <summary>When set, every request waits this long before it is answered (to test client timeouts).</summary>
    public TimeSpan? HangFor
    {
        get
        {
            var ticks = Volatile.Read(ref _hangForTicks);
            return ticks == NoHang ? null : TimeSpan.FromTicks(ticks);
        }
        set => Volatile.Write(ref _hangForTicks, value is { } hang ? Math.Max(0, hang.Ticks) : NoHang);
    }

    /// <summary>
    /// When true (the default), a request without <c>Authorization: Bearer &lt;token&gt;</c> answers 401
    /// <c>InvalidAuthenticationToken</c> with a <c>WWW-Authenticate: Bearer</c> header. Any non-empty token is accepted.
    /// </summary>
    public bool RequireBearerToken
    {
        get => Volatile.Read(ref _requireBearerToken) != 0;
        set => Volatile.Write(ref _requireBearerToken, value ? 1 : 0);
    }

    /// <summary>
    /// Subscriptions where reads succeed but every write (PUT, DELETE, POST actions) answers 403 <c>AuthorizationFailed</c>
    /// naming the write action, as for a principal with only the Reader role. Case-insensitive and thread-safe.
    /// </summary>
    public ISet<string> ReadOnlySubscriptions { get; } = new ConcurrentStringSet();

    /// <summary>
    /// How many status polls of a long-running operation answer <c>InProgress</c> before it ends (default 1: the first poll
    /// says InProgress, the second Succeeded). The resource changes take effect when it ends. Negative values count as 0.
    /// </summary>
    public int OperationPollsBeforeDone
    {
        get => Volatile.Read(ref _operationPollsBeforeDone);
        set => Volatile.Write(ref _operationPollsBeforeDone, value);
    }

    /// <summary>
    /// The <c>Retry-After</c> sent with a write's 202 and with every poll of a running operation (whole seconds); null (the
    /// default) sends none.
    /// </summary>
    public TimeSpan? OperationRetryAfter
    {
        get
        {
            var ticks = Volatile.Read(ref _operationRetryAfterTicks);
            return ticks == NoHang ? null : TimeSpan.FromTicks(ticks);
        }
        set => Volatile.Write(ref _operationRetryAfterTicks, value is { } wait ? Math.Max(0, wait.Ticks) : NoHang);
    }

    /// <summary>While true, running operations stay <c>InProgress</c> however often they are polled.</summary>
    public bool HoldOperations
    {
        get => Volatile.Read(ref _holdOperations) != 0;
        set => Volatile.Write(ref _holdOperations, value ? 1 : 0);
    }
}
