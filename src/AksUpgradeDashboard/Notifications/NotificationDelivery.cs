using AksUpgradeDashboard.Data;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Notifications;

/// <summary>
/// Sends the deliveries that are due and records each attempt: sent, retried later with back-off, or given up (at once
/// for a permanent refusal, else once <see cref="NotificationOptions.GiveUpAfter"/> has passed), the error kept for
/// admins. Each delivery is claimed in the database before it is sent and its outcome saved before the next one, so a
/// restart resends at most the one message whose answer was not yet stored, and a replica that took over a lapsed lease
/// never sends what this one claimed.
/// </summary>
public sealed partial class NotificationDelivery(
    DashboardDbContext db, EmailChannel email, WebhookChannel webhooks, IOptions<NotificationOptions> options, TimeProvider time, ILogger<NotificationDelivery> logger)
{
    private const int BatchSize = 50;

    /// <summary>How long a claimed delivery is left alone by any other sender.</summary>
    public static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(5);

    /// <summary>Sends for at most <paramref name="budget"/> (real time); returns how many deliveries were sent.</summary>
    public async Task<int> SendDueAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var nowUtc = time.GetUtcNow().UtcDateTime;
        var due = await db.NotificationDeliveries
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAtUtc <= nowUtc)
            .OrderBy(d => d.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var sent = 0;
        SmtpClient? smtp = null;
        // A receiver that cannot be reached now is not tried again in this batch; its deliveries wait their back-off.
        var unreachable = new Dictionary<string, DeliveryFailureException>(StringComparer.Ordinal);
        try
        {
            foreach (var delivery in due)
            {
                if (time.GetElapsedTime(started) > budget)
                {
                    break; // the rest goes next round, after the lease is renewed
                }

                if (!await ClaimAsync(delivery, cancellationToken))
                {
                    continue;
                }

                try
                {
                    if (unreachable.TryGetValue(delivery.Channel, out var down))
                    {
                        throw down;
                    }

                    if (delivery.Channel == NotificationDeliveryEntity.EmailChannel)
                    {
                        smtp ??= await email.ConnectAsync(cancellationToken);
                        await email.SendAsync(smtp, delivery, cancellationToken);
                    }
                    else
                    {
                        await webhooks.SendAsync(delivery.Channel["webhook:".Length..], delivery, cancellationToken);
                    }

                    Record(delivery, failure: null);
                    sent++;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    var failure = ex as DeliveryFailureException
                        ?? new DeliveryFailureException($"An unexpected {ex.GetType().Name} stopped the delivery; the dashboard's log has the details.", inner: ex);
                    if (failure.Unreachable)
                    {
                        unreachable[delivery.Channel] = failure;
                        if (delivery.Channel == NotificationDeliveryEntity.EmailChannel && smtp is not null)
                        {
                            smtp.Dispose();
                            smtp = null;
                        }
                    }

                    Record(delivery, failure);
                    LogFailed(logger, delivery.Id, delivery.Channel, delivery.Status == DeliveryStatus.GaveUp, failure.Message, ex is DeliveryFailureException ? null : ex);
                }

                // Not cancelled by shutdown: a message that went out must be recorded as sent.
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        finally
        {
            if (smtp is not null)
            {
                if (smtp.IsConnected)
                {
                    try
                    {
                        await smtp.DisconnectAsync(quit: true, CancellationToken.None);
                    }
                    catch (Exception ex) when (ex is IOException or TimeoutException or MailKit.Net.Smtp.SmtpProtocolException or MailKit.ServiceNotConnectedException)
                    {
                        // The messages were taken; a connection that closes badly changes nothing.
                    }
                }

                smtp.Dispose();
            }

            db.ChangeTracker.Clear();
        }

        return sent;
    }

    // One conditional statement: only the sender that still sees the delivery as it was read may take it.
    private async Task<bool> ClaimAsync(NotificationDeliveryEntity delivery, CancellationToken cancellationToken)
    {
        var seen = delivery.NextAttemptAtUtc;
        var until = time.GetUtcNow().UtcDateTime + ClaimTime;
        var claimed = await db.NotificationDeliveries
            .Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Pending && d.NextAttemptAtUtc == seen)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAtUtc, until), cancellationToken);
        if (claimed == 1)
        {
            // The tracked copy now matches the row, so the outcome saves only what Record changes.
            db.Entry(delivery).Property(d => d.NextAttemptAtUtc).OriginalValue = until;
            delivery.NextAttemptAtUtc = until;
        }

        return claimed == 1;
    }

    private void Record(NotificationDeliveryEntity delivery, DeliveryFailureException? failure)
    {
        var now = time.GetUtcNow().UtcDateTime;
        delivery.Attempts++;
        delivery.LastAttemptAtUtc = now;
        if (failure is null)
        {
            delivery.Status = DeliveryStatus.Sent;
            delivery.SentAtUtc = now;
            return;
        }

        delivery.LastError = AuditEntryEntity.Shortened(failure.Message, NotificationDeliveryEntity.MaxErrorLength);
        var giveUpAt = delivery.CreatedAtUtc + options.Value.GiveUpAfter;
        if (failure.Permanent || now >= giveUpAt)
        {
            delivery.Status = DeliveryStatus.GaveUp;
            return;
        }

        // The last try falls at the give-up time itself, not a back-off step before it.
        var next = now + DeliveryRetry.Delay(delivery.Attempts, failure.RetryAfter);
        delivery.NextAttemptAtUtc = next < giveUpAt ? next : giveUpAt;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification delivery {Id} ({Channel}) failed (given up: {GaveUp}): {Error}")]
    private static partial void LogFailed(ILogger logger, long id, string channel, bool gaveUp, string error, Exception? exception);
}
