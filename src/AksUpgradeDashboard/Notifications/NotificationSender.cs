using AksUpgradeDashboard.Data;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Notifications;

/// <summary>
/// The one sender among replicas (the holder of the <see cref="LeaseName"/> lease): every poll it stores the reminders,
/// escalations and digest that fell due, expands new events into deliveries and sends what is due. Does nothing while
/// notifications are off.
/// </summary>
public sealed partial class NotificationSender(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, TimeProvider time, ILogger<NotificationSender> logger)
    : BackgroundService
{
    public const string LeaseName = "notification-sender";

    private readonly string _holder = $"{Environment.MachineName}/{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _running = new(1, 1);
    private LeaseObservation? _observedLease;

    /// <summary>Whether this replica held the lease at its last run.</summary>
    public bool IsSender { get; private set; }

    private TimeSpan LeaseTime => TimeSpan.FromTicks(Math.Max(options.Value.PollInterval.Ticks * 4, TimeSpan.FromMinutes(1).Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
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
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One round now (after a round in progress): lease, due events, expansion, sending.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
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
            if (attempt.Acquired && !IsSender)
            {
                LogSending(logger, _holder);
            }

            IsSender = attempt.Acquired;
            if (!IsSender)
            {
                return;
            }

            // Each stage on its own: one that keeps failing (a row the database refuses) must not stop the others.
            await StageAsync("storing due reminders", () => services.GetRequiredService<NotificationScheduler>().EnqueueDueAsync(cancellationToken), cancellationToken);
            await StageAsync("expanding events", () => services.GetRequiredService<NotificationFanOut>().ExpandAsync(cancellationToken), cancellationToken);
            // Sending stops at half the lease, so the lease is renewed before another replica could think it lapsed.
            await StageAsync("sending", () => services.GetRequiredService<NotificationDelivery>().SendDueAsync(LeaseTime / 2, cancellationToken), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, "taking the lease", ex);
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task StageAsync(string stage, Func<Task<int>> run, CancellationToken cancellationToken)
    {
        try
        {
            await run();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, stage, ex);
        }
    }

    public override void Dispose()
    {
        _running.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This replica ({Holder}) now sends the notifications for all replicas")]
    private static partial void LogSending(ILogger logger, string holder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notifications: {Stage} failed; the next poll tries again")]
    private static partial void LogFailed(ILogger logger, string stage, Exception exception);
}
