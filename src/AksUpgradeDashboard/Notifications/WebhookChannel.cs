using System.Net;
using System.Text;
using AksUpgradeDashboard.Data;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Notifications;

/// <summary>Posts rendered webhook deliveries, signed with the webhook's secret when it has one.</summary>
public sealed class WebhookChannel(IHttpClientFactory clients, IOptions<NotificationOptions> options)
{
    public const string HttpClientName = "notification-webhooks";

    /// <summary>Marks webhook requests, so traces record only the host: a webhook URL often carries its secret (Slack's path, a Teams workflow's <c>sig</c>).</summary>
    public static readonly HttpRequestOptionsKey<bool> Redacted = new("AksUpgradeDashboard.WebhookRedacted");

    /// <summary>Throws <see cref="DeliveryFailureException"/> unless the receiver answers 2xx.</summary>
    public async Task SendAsync(string webhookName, NotificationDeliveryEntity delivery, CancellationToken cancellationToken)
    {
        if (!options.Value.Webhooks.TryGetValue(webhookName, out var webhook) || string.IsNullOrWhiteSpace(webhook.Url))
        {
            throw new DeliveryFailureException($"The webhook '{webhookName}' is no longer configured (Notifications:Webhooks:{webhookName}).", permanent: true);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
        request.Options.Set(Redacted, true);
        request.Headers.Add(WebhookPayloads.DeliveryHeader, delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookPayloads.EventHeader, delivery.Subject);
        if (!string.IsNullOrEmpty(webhook.Secret))
        {
            request.Headers.Add(WebhookPayloads.SignatureHeader, WebhookPayloads.Signature(webhook.Secret, delivery.Body));
        }

        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new DeliveryFailureException($"Could not reach the webhook '{webhookName}' ({Host(webhook.Url)}): {(ex is TaskCanceledException ? "no answer in time" : ex.Message.TrimEnd('.'))}.", inner: ex, unreachable: true);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var status = (int)response.StatusCode;
            var retryAfter = response.Headers.RetryAfter is { } after ? after.Delta ?? (after.Date - DateTimeOffset.UtcNow) : null;
            // 408 and 429 ask for patience; any other 4xx will not change by trying again.
            var permanent = status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
            throw new DeliveryFailureException($"The webhook '{webhookName}' ({Host(webhook.Url)}) answered {status} {response.ReasonPhrase}.", permanent, retryAfter);
        }
    }

    // The host only: a webhook URL often carries its own secret in the path or query.
    private static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : "?";
}
