using System.Net.Sockets;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AksUpgradeDashboard.Notifications;

/// <summary>Sends rendered e-mail deliveries over SMTP with MailKit, one connection per batch.</summary>
public sealed class EmailChannel(IOptions<NotificationOptions> options, IOptions<DashboardOptions> dashboard)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>A connected (and signed-in) client; the caller disposes it. Throws <see cref="DeliveryFailureException"/>.</summary>
    public async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        var client = new SmtpClient { Timeout = (int)s_timeout.TotalMilliseconds };
        try
        {
            var security = smtp.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw ex switch
            {
                AuthenticationException => new DeliveryFailureException($"The SMTP server {smtp.Host}:{smtp.Port} refused the sign-in of {smtp.Username}: check Notifications:Smtp:Username and :Password.", inner: ex),
                SslHandshakeException => new DeliveryFailureException($"The TLS handshake with {smtp.Host}:{smtp.Port} failed: check Notifications:Smtp:Security ({smtp.Security}) and the server's certificate.", inner: ex),
                SocketException or IOException or OperationCanceledException or TimeoutException => new DeliveryFailureException($"Could not connect to the SMTP server {smtp.Host}:{smtp.Port}: {Reason(ex)}.", inner: ex, unreachable: true),
                _ => new DeliveryFailureException($"The SMTP server {smtp.Host}:{smtp.Port} could not be used: {Reason(ex)}.", inner: ex),
            };
        }
    }

    /// <summary>Sends one delivery on <paramref name="client"/>. Throws <see cref="DeliveryFailureException"/>.</summary>
    public async Task SendAsync(SmtpClient client, NotificationDeliveryEntity delivery, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.Smtp.From!)); // validated at start-up
        message.To.Add(MailboxAddress.Parse(delivery.Address));
        message.Subject = delivery.Subject;
        // The same id on every attempt: a message sent again after a crash between "sent" and its record is recognisable.
        message.MessageId = $"delivery-{delivery.Id}.event-{delivery.EventId}@{MessageIdDomain()}";
        message.Headers.Add(WebhookPayloads.DeliveryHeader, delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Body = new BodyBuilder { TextBody = delivery.Body, HtmlBody = delivery.HtmlBody }.ToMessageBody();
        try
        {
            await client.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)ex.StatusCode >= 500)
        {
            throw new DeliveryFailureException($"The SMTP server refused the address {delivery.Address}: {(int)ex.StatusCode} {ex.Message.Trim()}", permanent: true, inner: ex);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new DeliveryFailureException("The SMTP server did not answer in time while taking the message.", inner: ex, unreachable: true);
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException)
        {
            throw new DeliveryFailureException($"The SMTP server did not take the message: {Reason(ex)}.", inner: ex, unreachable: ex is not SmtpCommandException);
        }
    }

    private string MessageIdDomain() =>
        dashboard.Value.PublicBaseUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "aks-upgrade-dashboard.local";

    // MailKit's messages name the server's answer; keep them one line.
    private static string Reason(Exception ex) => string.Join(' ', (ex is SmtpCommandException c ? $"{(int)c.StatusCode} {c.Message}" : ex.Message).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
}
