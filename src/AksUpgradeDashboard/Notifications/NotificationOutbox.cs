using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Windows;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Notifications;

/// <summary>
/// Adds an event to the outbox in the caller's context, so it is stored by the same save as the change that causes it
/// (or not at all). Nothing is added while notifications are off, so turning them on later does not send old news.
/// </summary>
public sealed class NotificationOutbox(DashboardDbContext db, IOptions<NotificationOptions> options, TimeProvider time)
{
    public void Add(NotificationKind kind, UpgradeWindowEntity window, Actor actor, string? comment = null)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        db.NotificationEvents.Add(new NotificationEventEntity
        {
            Kind = kind,
            WindowId = window.Id,
            Revision = window.Revision,
            WindowTitle = window.Title,
            ActorId = actor.Id,
            ActorName = AuditEntryEntity.StoredName(actor),
            Comment = string.IsNullOrWhiteSpace(comment) ? null : AuditEntryEntity.Shortened(comment.Trim(), Model.Windows.UpgradeWindowRules.MaxJustificationLength),
            OccurredAtUtc = time.GetUtcNow().UtcDateTime,
        });
    }
}
