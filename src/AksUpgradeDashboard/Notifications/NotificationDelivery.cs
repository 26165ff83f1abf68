using AksUpgradeDashboard.Data;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Notifications;

/// <summary>
/// Sends the deliveries that are due and records each attempt: sent, retried later with back-off, or given up (at once
/// for a permanent refusal, else after <see cref="NotificationOptions.GiveUpAfter"/>), the error kept for admins. Each
/// outcome is saved before the next send, so a restart resends at most the one message whose answer was not yet stored.
/// </summary>
public sealed partial class NotificationDelivery(
    DashboardDbContext db, EmailChannel email, WebhookChannel webhooks, IOptions<NotificationOptions> options, TimeProvider time, ILogger<NotificationDelivery> logger)
{
    private const int BatchSize = 50;

    /// <summary>Returns how many deliveries were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
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
        DeliveryFailureException? smtpDown = null;
        try
        {
            foreach (var delivery in due)
            {
                try
                {
                    if (delivery.Channel == NotificationDeliveryEntity.EmailChannel)
                    {
                        if (smtpDown is not null)
                        {
                            throw smtpDown;
                        }

                        try
                        {
                            smtp ??= await email.ConnectAsync(cancellationToken);
                        }
                        catch (DeliveryFailureException ex)
                        {
                            smtpDown = ex; // the rest of this batch's e-mail waits too, without trying again now
                            throw;
                        }

                        await email.SendAsync(smtp, delivery, cancellationToken);
                    }
                    else
                    {
                        await webhooks.SendAsync(delivery.Channel["webhook:".Length..], delivery, cancellationToken);
                    }

                    Record(delivery, failure: null);
                    sent++;
                }
                catch (DeliveryFailureException ex)
                {
                    Record(delivery, ex);
                    LogFailed(logger, delivery.Id, delivery.Channel, delivery.Status == DeliveryStatus.GaveUp, ex.Message);
                }

                await db.SaveChangesAsync(cancellationToken);
            }
        }
        finally
        {
            if (smtp is not null)
            {
                if (smtp.IsConnected)
                {
                    await smtp.DisconnectAsync(quit: true, CancellationToken.None);
                }

                smtp.Dispose();
            }

            db.ChangeTracker.Clear();
        }

        return sent;
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
        var next = now + DeliveryRetry.Delay(delivery.Attempts, failure.RetryAfter);
        if (failure.Permanent || next - delivery.CreatedAtUtc > options.Value.GiveUpAfter)
        {
            delivery.Status = DeliveryStatus.GaveUp;
        }
        else
        {
            delivery.NextAttemptAtUtc = next;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification delivery {Id} ({Channel}) failed (given up: {GaveUp}): {Error}")]
    private static partial void LogFailed(ILogger logger, long id, string channel, bool gaveUp, string error);
}
