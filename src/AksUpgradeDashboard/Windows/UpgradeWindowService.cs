using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Windows;

/// <summary>
/// Finds, lists, creates, edits and deletes upgrade windows: the rules run on the server against the current inventory,
/// other windows and blackout periods, and nothing is saved when any rule fails. Edits are optimistic: the caller says
/// which revision it saw, and a stale one (or a write that races another) is a conflict, never a silent overwrite.
/// Submitting and deciding are <see cref="WindowDecisionService"/>'s; opening and completion <see cref="WindowTransitionService"/>'s.
/// </summary>
public sealed class UpgradeWindowService(DashboardDbContext db, WindowChecker checker, WindowAuditLog audit, NotificationOutbox outbox, TimeProvider time)
{
    public Task<UpgradeWindowEntity?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);

    public async Task<List<UpgradeWindowEntity>> ListAsync(DateTime? fromUtc, DateTime? toUtc, CancellationToken cancellationToken)
    {
        var query = db.Windows.AsNoTracking();
        if (fromUtc is { } from)
        {
            query = query.Where(w => w.EndUtc > from);
        }

        if (toUtc is { } to)
        {
            query = query.Where(w => w.StartUtc < to);
        }

        // Ties by title in ordinal order, the same on every provider (PostgreSQL's collation would differ from SQLite's).
        return [.. (await query.ToListAsync(cancellationToken)).OrderBy(w => w.StartUtc).ThenBy(w => w.Title, StringComparer.Ordinal)];
    }

    /// <summary>"My windows": created or last edited by the person. Who may approve is <see cref="WindowDecisionService.AuthorsAsync"/>'s answer, not this.</summary>
    public static bool IsMine(UpgradeWindowEntity window, Actor actor) => actor.Is(window.CreatedBy) || actor.Is(window.UpdatedBy);

    public async Task<WindowChange> CreateAsync(UpgradeWindowRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var check = await checker.CheckAsync(request, editingId: null, cancellationToken);
        if (check is null)
        {
            return WindowChange.NotLoaded();
        }

        if (!check.IsValid)
        {
            return WindowChange.Invalid(check);
        }

        var plan = check.Plan!;
        var id = Guid.NewGuid(); // the same on a retried attempt, so a save that did commit is found, not made twice
        return await SaveSerializedAsync(plan, id, isNew: true, check.Warnings, _ =>
        {
            var window = new UpgradeWindowEntity
            {
                Id = id,
                Title = plan.Title,
                SubscriptionId = plan.Cluster.SubscriptionId,
                ResourceGroup = plan.Cluster.ResourceGroup,
                ClusterName = plan.Cluster.Name,
                ClusterId = plan.Cluster.Id,
                Kind = plan.Kind,
                TimeZone = plan.TimeZone,
                CreatedBy = actor.Id,
                CreatedByName = AuditEntryEntity.StoredName(actor),
                CreatedAtUtc = time.GetUtcNow().UtcDateTime,
                Status = WindowStatus.Draft,
            };
            WindowPlans.Apply(window, plan, request);
            db.Windows.Add(window);
            audit.Record(window, actor, AuditAction.Created);
            return Task.FromResult(new WindowChange(window, [], check.Warnings));
        }, cancellationToken);
    }

    public async Task<WindowChange> UpdateAsync(Guid id, int expectedRevision, UpgradeWindowRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var found = await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (found is null)
        {
            return WindowChange.NotFound(id);
        }

        if (Refusal(found, expectedRevision) is { } refused)
        {
            return refused;
        }

        var check = await checker.CheckAsync(request, id, cancellationToken);
        if (check is null)
        {
            return WindowChange.NotLoaded();
        }

        if (!check.IsValid)
        {
            return WindowChange.Invalid(check);
        }

        try
        {
            return await SaveSerializedAsync(check.Plan!, id, isNew: false, check.Warnings, async ct =>
            {
                // Read again under the lock: the revision and state checked above may have moved since.
                var window = await db.Windows.FirstAsync(w => w.Id == id, ct);
                if (Refusal(window, expectedRevision) is { } refusedNow)
                {
                    return refusedNow;
                }

                var before = WindowAuditLog.AuditedFields(window);
                WindowPlans.Apply(window, check.Plan!, request);
                var changes = WindowAudit.Diff(before, WindowAuditLog.AuditedFields(window));
                if (changes is null)
                {
                    // Nothing changed: no new revision, so approvals stand.
                    return new WindowChange(window, [], check.Warnings);
                }

                // An approval is bound to the revision it saw: any edit makes a new revision, and the old approvals stop counting.
                var voided = await db.Approvals.CountAsync(a => a.WindowId == id && a.Revision == window.Revision, ct);
                var decision = WindowWorkflow.Decide(window.Status, WindowAction.Edit, WindowPerson.Other);
                window.Revision++;
                window.UpdatedBy = actor.Id;
                window.UpdatedByName = AuditEntryEntity.StoredName(actor);
                window.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
                window.ConcurrencyStamp = Guid.NewGuid();
                audit.Record(window, actor, AuditAction.Edited, changes);
                if (voided > 0 || (decision.VoidsApprovals && window.Status != decision.To))
                {
                    window.Status = decision.To ?? window.Status;
                    audit.Record(window, actor, AuditAction.ApprovalsVoided, comment: $"{voided} approval{(voided == 1 ? "" : "s")} of revision {window.Revision - 1} no longer count{(voided == 1 ? "s" : "")}; the window needs approving again.");
                }

                // Approvers who signed off hear that it no longer counts; approvers who may decide hear it waits again.
                if (voided > 0)
                {
                    outbox.Add(NotificationKind.ApprovalsVoided, window, actor);
                }

                if (window.Status == WindowStatus.Submitted)
                {
                    outbox.Add(NotificationKind.Submitted, window, actor, "Resubmitted after an edit.");
                }

                return new WindowChange(window, [], check.Warnings);
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return WindowChange.Conflict(found, "Someone else saved this window at the same moment. Reload it and apply your change again.");
        }
    }

    public async Task<WindowChange> DeleteAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var window = await db.Windows.FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (window is null)
        {
            return WindowChange.NotFound(id);
        }

        if (WindowWorkflow.Decide(window.Status, WindowAction.Delete, WindowPerson.Other) is { Allowed: false, Refusal: { } refusal })
        {
            return WindowChange.Conflict(window, refusal);
        }

        db.Windows.Remove(window);
        audit.Record(window, actor, AuditAction.Deleted);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WindowChange.Conflict(window, "Someone else changed this window at the same moment. Reload it and try again.");
        }

        return new WindowChange(window, [], []);
    }

    /// <summary>Why an edit of <paramref name="window"/> at <paramref name="expectedRevision"/> is refused, or null.</summary>
    private static WindowChange? Refusal(UpgradeWindowEntity window, int expectedRevision) =>
        window.Revision != expectedRevision
            ? WindowChange.Conflict(window, $"The window was changed by {window.LastSavedByDisplay} since you loaded it (revision {expectedRevision}, now {window.Revision}). Reload it and apply your change again.")
            : WindowWorkflow.Decide(window.Status, WindowAction.Edit, WindowPerson.Other) is { Allowed: false, Refusal: { } refusal }
                ? WindowChange.Conflict(window, refusal)
                : null;

    // A constant all replicas share for the windows' write lock; "AKSUDWI" in ASCII.
    internal const long WindowWriteLockKey = 0x41_4B_53_55_44_57_49;

    /// <summary>
    /// Saves a new or edited window so that the overlap rule holds under concurrency: the last overlap check, against the
    /// windows stored at that moment, and the save run under one write lock (SQLite: the transaction is IMMEDIATE, so it
    /// holds the file's write lock; PostgreSQL: a transaction-scoped advisory lock). <paramref name="stage"/> makes the
    /// change in the context; a change it returns with a failure is not saved.
    /// </summary>
    private async Task<WindowChange> SaveSerializedAsync(
        UpgradePlan plan, Guid windowId, bool isNew, IReadOnlyList<FieldIssue> warnings, Func<CancellationToken, Task<WindowChange>> stage, CancellationToken cancellationToken) =>
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear(); // a retried attempt starts from what is stored
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({WindowWriteLockKey})", ct);
            }

            if (isNew && await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == windowId, ct) is { } saved)
            {
                return new WindowChange(saved, [], warnings); // an earlier attempt committed; its answer was lost
            }

            // All windows, compared by the rule itself: ARM may spell a cluster id in another case, and SQL would not match it.
            var overlaps = UpgradeWindowRules.Overlaps(plan.Cluster, plan.StartUtc, plan.EndUtc, await WindowChecker.ScheduledAsync(db, windowId, ct), windowId);
            if (overlaps.Count > 0)
            {
                return new WindowChange(null, overlaps, warnings, WindowChangeFailure.Invalid);
            }

            var change = await stage(ct);
            if (change.Failure == WindowChangeFailure.None)
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }

            return change;
        }, cancellationToken);
}
