using AksUpgradeDashboard.Data;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Execution;

/// <summary>
/// The one executor among replicas (the holder of the <see cref="LeaseName"/> lease): every poll it moves the running
/// windows on (<see cref="ExecutionRunner"/>). Does nothing while <c>Upgrades:Execution</c> is Off.
/// </summary>
public sealed partial class UpgradeExecutor(IServiceScopeFactory scopes, IOptions<ExecutionOptions> options, TimeProvider time, ILogger<UpgradeExecutor> logger)
    : BackgroundService
{
    public const string LeaseName = "upgrade-executor";

    private readonly string _holder = $"{Environment.MachineName}/{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _running = new(1, 1);
    private LeaseObservation? _observedLease;

    /// <summary>Whether this replica held the lease at its last round.</summary>
    public bool IsExecutor { get; private set; }

    private TimeSpan LeaseTime => TimeSpan.FromTicks(Math.Max(options.Value.PollInterval.Ticks * 4, TimeSpan.FromMinutes(2).Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Execution == ExecutionMode.Off)
        {
            return;
        }

        try
        {
            // A delay after each round, not a periodic timer: rounds never pile up, and a jumping clock sets off one round.
            while (!stoppingToken.IsCancellationRequested)
            {
                await RunAsync(stoppingToken);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: a step in flight is claimed in the database and resumed by whoever holds the lease next.
        }
    }

    /// <summary>One round now (after a round in progress): take or renew the lease, then move every running window on once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Execution == ExecutionMode.Off)
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
            if (attempt.Acquired && !IsExecutor)
            {
                LogExecuting(logger, _holder);
            }

            IsExecutor = attempt.Acquired;
            if (IsExecutor)
            {
                await services.GetRequiredService<ExecutionRunner>().AdvanceAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "This replica ({Holder}) now carries out approved upgrade windows for all replicas")]
    private static partial void LogExecuting(ILogger logger, string holder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Carrying out upgrade windows failed this round; the next round tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
