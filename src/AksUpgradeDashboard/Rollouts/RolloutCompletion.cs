using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Rollouts;
using AksUpgradeDashboard.Model.Windows;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Rollouts;

/// <summary>Marks active rollouts Completed once every window not cancelled is Verified, or NotReached and waived (see <see cref="RolloutGate.IsComplete"/>).</summary>
internal static class RolloutCompletion
{
    /// <summary>
    /// Marks those of <paramref name="rolloutIds"/> that are complete, with an audit entry each, in the context (the caller
    /// saves). Waves are read tracked, so a waiver not saved yet counts. Returns how many were marked.
    /// </summary>
    public static async Task<int> MarkAsync(DashboardDbContext db, IReadOnlyCollection<Guid> rolloutIds, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (rolloutIds.Count == 0)
        {
            return 0;
        }

        var rollouts = await db.Rollouts.Where(r => rolloutIds.Contains(r.Id) && r.Status == RolloutStatus.Active).ToListAsync(cancellationToken);
        if (rollouts.Count == 0)
        {
            return 0;
        }

        var ids = rollouts.Select(r => r.Id).ToList();
        var waves = (await db.RolloutWaves.Where(w => ids.Contains(w.RolloutId)).ToListAsync(cancellationToken)).ToLookup(w => w.RolloutId);
        var windows = (await db.Windows.AsNoTracking().Where(w => w.RolloutId != null && ids.Contains(w.RolloutId.Value))
            .Select(w => new { w.Id, w.RolloutId, w.WaveIndex, w.Status, w.EndUtc }).ToListAsync(cancellationToken)).ToLookup(w => w.RolloutId!.Value);
        var marked = 0;
        foreach (var rollout in rollouts)
        {
            var gateWaves = waves[rollout.Id].OrderBy(w => w.Order).Select(w => new GateWave(w.Soak, [.. windows[rollout.Id].Where(x => x.WaveIndex == w.Order)
                .Select(x => new GateWindow(x.Status, UpgradeWindowEntity.AsUtc(x.EndUtc), w.WaivedWindowIds.Contains(x.Id)))])).ToList();
            if (!RolloutGate.IsComplete(gateWaves))
            {
                continue;
            }

            rollout.Status = RolloutStatus.Completed;
            rollout.ConcurrencyStamp = Guid.NewGuid();
            db.AuditEntries.Add(AuditEntryEntity.Of(AuditSubject.Rollout, rollout.Id, rollout.Name, nowUtc, Actor.System, AuditAction.Verified, 1,
                comment: "Every window of the rollout is verified or, not reached, waived: the rollout is complete."));
            marked++;
        }

        return marked;
    }
}
