namespace AksUpgradeDashboard.Data;

/// <summary>
/// A background job that one replica does for all (sending notifications, carrying out windows): after each round it
/// waits its interval, then takes or renews its lease and, only while it holds it, runs a round. Rounds never overlap.
/// </summary>
public abstract partial class LeasedJob(IServiceScopeFactory scopes, TimeProvider time, ILogger logger) : BackgroundService
{
    private readonly string _holder = $"{Environment.MachineName}/{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _running = new(1, 1);
    private LeaseObservation? _observedLease;

    /// <summary>Whether this replica held the lease at its last round.</summary>
    public bool HoldsLease { get; private set; }

    /// <summary>The lease's name (one row in the leases table).</summary>
    protected abstract string LeaseName { get; }

    /// <summary>What the job does, for log lines ("sends the notifications").</summary>
    protected abstract string Job { get; }

    protected abstract bool Enabled { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>How long a lease lasts unrenewed; several intervals, so one slow round does not hand it to another replica.</summary>
    protected abstract TimeSpan LeaseTime { get; }

    /// <summary>One round, run only while this replica holds the lease, in a scope of its own.</summary>
    protected abstract Task RoundAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        try
        {
            // A delay after each round rather than a periodic timer: rounds never pile up behind a slow one, and a clock
            // that jumps (a test's fake clock, a host waking from sleep) sets off one round, not one per missed period.
            while (!stoppingToken.IsCancellationRequested)
            {
                await RunAsync(stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One round now (after a round in progress): take or renew the lease, then the round if this replica holds it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        await _running.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var attempt = await new ReplicaLeases(services.GetRequiredService<DashboardDbContext>(), time).TryAcquireAsync(LeaseName, _holder, LeaseTime, _observedLease, cancellationToken);
            _observedLease = attempt.Observed;
            if (attempt.Acquired && !HoldsLease)
            {
                LogHolding(logger, _holder, Job);
            }

            HoldsLease = attempt.Acquired;
            if (HoldsLease)
            {
                await RoundAsync(services, cancellationToken);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, Job, ex);
        }
        finally
        {
            _running.Release();
        }
    }

    public override void Dispose()
    {
        _running.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This replica ({Holder}) now {Job} for all replicas")]
    private static partial void LogHolding(ILogger logger, string holder, string job);

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of the replica that {Job} failed; the next round tries again")]
    private static partial void LogFailed(ILogger logger, string job, Exception exception);
}
