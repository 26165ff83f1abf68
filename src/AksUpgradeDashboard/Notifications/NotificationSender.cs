using AksUpgradeDashboard.Data;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Notifications;

/// <summary>
/// The one sender among replicas (the holder of the <see cref="Lease"/> lease): every poll it stores the reminders,
/// escalations and digest that fell due, expands new events into deliveries and sends what is due. Does nothing while
/// notifications are off.
/// </summary>
public sealed partial class NotificationSender(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, TimeProvider time, ILogger<NotificationSender> logger)
    : LeasedJob(scopes, time, logger)
{
    public const string Lease = "notification-sender";

    /// <summary>Whether this replica held the lease at its last run.</summary>
    public bool IsSender => HoldsLease;

    protected override string LeaseName => Lease;

    protected override string Job => "sends the notifications";

    protected override bool Enabled => options.Value.Enabled;

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override TimeSpan LeaseTime => TimeSpan.FromTicks(Math.Max(options.Value.PollInterval.Ticks * 4, TimeSpan.FromMinutes(1).Ticks));

    protected override async Task RoundAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // Each stage on its own: one that keeps failing (a row the database refuses) must not stop the others.
        await StageAsync("storing due reminders", () => services.GetRequiredService<NotificationScheduler>().EnqueueDueAsync(cancellationToken), cancellationToken);
        await StageAsync("expanding events", () => services.GetRequiredService<NotificationFanOut>().ExpandAsync(cancellationToken), cancellationToken);
        // Sending stops at half the lease, so the lease is renewed before another replica could think it lapsed.
        await StageAsync("sending", () => services.GetRequiredService<NotificationDelivery>().SendDueAsync(LeaseTime / 2, cancellationToken), cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Notifications: {Stage} failed; the next poll tries again")]
    private static partial void LogFailed(ILogger logger, string stage, Exception exception);
}
