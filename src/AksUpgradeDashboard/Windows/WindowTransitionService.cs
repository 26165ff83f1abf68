using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Windows;

/// <summary>
/// The transitions the dashboard makes by itself, as <see cref="Actor.System"/>: an approved window opens when its start
/// comes, and an ended one is Verified or NotReached by what the inventory shows. <see cref="WindowCompletionService"/>
/// runs them.
/// </summary>
public sealed partial class WindowTransitionService(
    DashboardDbContext db, WindowAuditLog audit, NotificationOutbox outbox, TimeProvider time, ILogger<WindowTransitionService> logger)
{
    /// <summary>
    /// Approved windows whose start has come are InProgress; returns how many changed. A window of a rollout wave whose
    /// gate is closed (<see cref="Model.Rollouts.RolloutGate"/>) stays Approved, and nothing is recorded but a log line:
    /// this runs every minute.
    /// </summary>
    public async Task<int> StartOpenedWindowsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var opened = await db.Windows.Where(w => w.Status == WindowStatus.Approved && w.StartUtc <= now && w.EndUtc > now).ToListAsync(cancellationToken);
        if (opened.Where(w => w.RolloutId is not null).Select(w => w.RolloutId!.Value).Distinct().ToList() is { Count: > 0 } rollouts)
        {
            var gates = await Rollouts.RolloutReader.GatesAsync(db, rollouts, time.GetUtcNow(), cancellationToken);
            foreach (var held in opened.Where(w => w.RolloutId is { } r && gates.TryGetValue((r, w.WaveIndex ?? 0), out var gate) && !gate.Open).ToList())
            {
                LogHeldByGate(held.Id, held.Title, gates[(held.RolloutId!.Value, held.WaveIndex ?? 0)].Blocker);
                opened.Remove(held);
                db.Entry(held).State = EntityState.Detached;
            }
        }

        foreach (var window in opened)
        {
            window.Status = WindowWorkflow.Decide(window.Status, WindowAction.Open, WindowPerson.System).To ?? WindowStatus.InProgress;
            window.ConcurrencyStamp = Guid.NewGuid();
            audit.Record(window, Actor.System, AuditAction.Started);
        }

        return await SaveAsync(opened.Count, cancellationToken);
    }

    /// <summary>
    /// Marks ended windows <see cref="WindowStatus.Verified"/> or <see cref="WindowStatus.NotReached"/> against
    /// <paramref name="fleet"/>, with what was found. Verified is final; NotReached is checked again on later
    /// inventories (a slow rollout may finish after the window). Returns how many windows changed.
    /// </summary>
    public async Task<int> RecordCompletionAsync(FleetState fleet, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var awaiting = WindowWorkflow.AwaitingCompletion;
        // A window the dashboard carried out is decided by the first inventory read after its run completed, not
        // after its end; one whose run is still going is not decided at all (AKS finishes what it started).
        var ended = await db.Windows
            .Where(w => awaiting.Contains(w.Status) && (w.EndUtc <= now || (w.Status == WindowStatus.Completed && w.ExecutionEndedAtUtc <= now)))
            .Where(w => w.ExecutionStartedAtUtc == null || w.ExecutionEndedAtUtc != null)
            .ToListAsync(cancellationToken);
        var changed = 0;
        var rollouts = new HashSet<Guid>();
        foreach (var window in ended)
        {
            // A completed run is judged on an inventory read after it ended, whether that was before or after the window's end.
            var decidedAfter = window.Status == WindowStatus.Completed && window.ExecutionEndedAtUtc is { } ran ? UpgradeWindowEntity.AsUtc(ran) : window.End;
            var scope = new CompletionScope(window.SubscriptionId, window.ResourceGroup, window.ClusterName, window.NodePools, window.AllPools, window.Kind, window.Target, decidedAfter);
            if (WindowCompletion.Check(scope, fleet) is not { } result)
            {
                continue;
            }

            var status = result.Reached ? WindowStatus.Verified : WindowStatus.NotReached;
            var found = AuditEntryEntity.Shortened(result.Found, DashboardDbContext.MaxCompletionFoundLength);
            if (window.Status == status && window.CompletionFound == found)
            {
                continue;
            }

            if (window.Status != status)
            {
                audit.Record(window, Actor.System, status == WindowStatus.Verified ? AuditAction.Verified : AuditAction.NotReached, comment: found);
                if (status == WindowStatus.NotReached)
                {
                    outbox.Add(NotificationKind.NotReached, window, Actor.System, found);
                }
            }

            window.Status = status;
            window.CompletionFound = found;
            window.CompletionCheckedAtUtc = fleet.Snapshot.RefreshedAt.UtcDateTime;
            window.ConcurrencyStamp = Guid.NewGuid();
            changed++;
            if (window.RolloutId is { } rollout)
            {
                rollouts.Add(rollout);
            }
        }

        var saved = await SaveAsync(changed, cancellationToken);
        // A rollout whose last window was just verified is complete (a waiver completes one too: RolloutService.WaiveAsync).
        if (saved > 0 && await Rollouts.RolloutCompletion.MarkAsync(db, rollouts, now, cancellationToken) > 0)
        {
            await SaveAsync(0, cancellationToken);
        }

        return saved;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Window {WindowId} ({Title}) is approved and due but stays closed: {Blocker}")]
    private partial void LogHeldByGate(Guid windowId, string title, string? blocker);

    private async Task<int> SaveAsync(int changed, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return changed;
        }
        catch (DbUpdateConcurrencyException)
        {
            return 0; // edited, decided or deleted meanwhile; the next tick looks again
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
