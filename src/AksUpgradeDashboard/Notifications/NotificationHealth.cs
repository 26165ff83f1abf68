using AksUpgradeDashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Notifications;

/// <summary>How one channel is doing, for the admins' settings page.</summary>
public sealed record ChannelHealth(
    string Channel, string Description, DateTimeOffset? LastSentAt, string? LastError, DateTimeOffset? LastErrorAt, int Pending, int GaveUp);

/// <summary>Each configured channel's last delivery, last error and backlog, from the deliveries recorded.</summary>
public sealed class NotificationHealth(DashboardDbContext db, IOptions<NotificationOptions> options, TimeProvider time)
{
    public static readonly TimeSpan GaveUpWindow = TimeSpan.FromDays(7);

    public async Task<IReadOnlyList<ChannelHealth>> ChannelsAsync(CancellationToken cancellationToken)
    {
        var configured = new List<(string Channel, string Description)>();
        var value = options.Value;
        if (value.EmailEnabled)
        {
            configured.Add((NotificationDeliveryEntity.EmailChannel, $"E-mail through {value.Smtp.Host}:{value.Smtp.Port} ({value.Smtp.Security}) from {value.Smtp.From}"));
        }

        foreach (var (name, hook) in value.Webhooks.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            var host = Uri.TryCreate(hook.Url, UriKind.Absolute, out var uri) ? uri.Authority : "?";
            configured.Add((NotificationDeliveryEntity.WebhookChannel(name), $"Webhook '{name}' ({hook.Format}) to {host}{(hook.Events.Count == 0 ? "" : $", events: {string.Join(", ", hook.Events)}")}"));
        }

        if (configured.Count == 0)
        {
            return [];
        }

        var since = (time.GetUtcNow() - GaveUpWindow).UtcDateTime;
        var stats = await db.NotificationDeliveries.AsNoTracking()
            .GroupBy(d => d.Channel)
            .Select(g => new
            {
                Channel = g.Key,
                LastSent = g.Max(d => d.SentAtUtc),
                Pending = g.Count(d => d.Status == DeliveryStatus.Pending),
                GaveUp = g.Count(d => d.Status == DeliveryStatus.GaveUp && d.LastAttemptAtUtc >= since),
            })
            .ToListAsync(cancellationToken);
        var result = new List<ChannelHealth>();
        foreach (var (channel, description) in configured)
        {
            var stat = stats.FirstOrDefault(s => s.Channel == channel);
            var lastError = await db.NotificationDeliveries.AsNoTracking()
                .Where(d => d.Channel == channel && d.LastError != null && d.Status != DeliveryStatus.Sent)
                .OrderByDescending(d => d.LastAttemptAtUtc).Select(d => new { d.LastError, d.LastAttemptAtUtc })
                .FirstOrDefaultAsync(cancellationToken);
            result.Add(new ChannelHealth(
                channel, description,
                stat?.LastSent is { } sent ? UpgradeWindowEntity.AsUtc(sent) : null,
                lastError?.LastError,
                lastError?.LastAttemptAtUtc is { } at ? UpgradeWindowEntity.AsUtc(at) : null,
                stat?.Pending ?? 0,
                stat?.GaveUp ?? 0));
        }

        return result;
    }
}
