using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Windows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Notifications;

/// <summary>Stores the reminders, escalations and digest that <see cref="NotificationSchedule"/> finds due, each once.</summary>
public sealed class NotificationScheduler(DashboardDbContext db, IOptions<NotificationOptions> options, TimeProvider time)
{
    private static readonly WindowStatus[] s_watched = [WindowStatus.Approved, WindowStatus.Submitted];

    /// <summary>Returns how many events were added.</summary>
    public async Task<int> EnqueueDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var horizon = (now + NotificationSchedule.DayAhead).UtcDateTime;
        var nowUtc = now.UtcDateTime;
        var windows = await db.Windows.AsNoTracking()
            .Where(w => s_watched.Contains(w.Status) && w.StartUtc > nowUtc && w.StartUtc <= horizon)
            .Select(w => new { w.Id, w.Title, w.Revision, w.Status, w.StartUtc })
            .ToListAsync(cancellationToken);
        var due = NotificationSchedule.Due(
            windows.Select(w => new ScheduledWindowState(w.Id, w.Title, w.Revision, w.Status, UpgradeWindowEntity.AsUtc(w.StartUtc))),
            now, options.Value.DigestDay, options.Value.DigestHourUtc);
        var keys = due.Select(d => d.DedupeKey).ToList();
        var stored = await db.NotificationEvents.AsNoTracking().Where(e => e.DedupeKey != null && keys.Contains(e.DedupeKey)).Select(e => e.DedupeKey!).ToListAsync(cancellationToken);
        var added = 0;
        foreach (var d in due.Where(d => !stored.Contains(d.DedupeKey)))
        {
            db.NotificationEvents.Add(new NotificationEventEntity
            {
                Kind = d.Kind, DedupeKey = d.DedupeKey, WindowId = d.Window?.Id, Revision = d.Window?.Revision ?? 0, WindowTitle = d.Window?.Title,
                ActorId = Actor.System.Id, ActorName = Actor.System.Name, Detail = d.Detail, OccurredAtUtc = nowUtc,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                added++;
            }
            catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
            {
                // Stored meanwhile by a replica that held the lease a moment ago: once is enough.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return added;
    }
}
