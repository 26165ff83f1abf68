using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Windows;

/// <summary>The outcome of a change: the window, or why not (each error names its field).</summary>
public sealed record WindowChange(UpgradeWindowEntity? Window, IReadOnlyList<FieldIssue> Errors, IReadOnlyList<FieldIssue> Warnings, WindowChangeFailure Failure = WindowChangeFailure.None);

public enum WindowChangeFailure
{
    None,
    Invalid,
    NotFound,
    Conflict,
    InventoryNotLoaded,

    /// <summary>The person may not do this to this window (e.g. approve their own).</summary>
    Forbidden,
}

/// <summary>
/// Creates, edits and deletes upgrade windows: the rules run on the server against the current inventory, other
/// windows and blackout periods, and nothing is saved when any rule fails. Edits are optimistic: the caller says which
/// revision it saw, and a stale one (or a write that races another) is a conflict, never a silent overwrite.
/// </summary>
public sealed class UpgradeWindowService(
    DashboardDbContext db,
    InventoryStore store,
    OsCatalog catalog,
    IMaintenanceConfigurationReader maintenance,
    IOptions<ApprovalOptions> approvalOptions,
    TimeProvider time)
{
    /// <summary>The actor recorded for changes the app makes by itself (a window opening, the completion check).</summary>
    public const string SystemActor = "system";

    // Which status allows what, and who may, is WindowWorkflow's answer (Model/Windows/WindowWorkflow.cs).
    private static IReadOnlyList<WindowStatus> ActiveStatuses => WindowWorkflow.Active;

    public int ApprovalsRequired => approvalOptions.Value.Required;

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

    public async Task<WindowChange> CreateAsync(UpgradeWindowRequest request, string user, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(request, editingId: null, cancellationToken);
        if (check is null)
        {
            return NotLoaded();
        }

        if (!check.IsValid)
        {
            return new WindowChange(null, check.Errors, check.Warnings, WindowChangeFailure.Invalid);
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
                CreatedBy = user,
                CreatedAtUtc = time.GetUtcNow().UtcDateTime,
                Status = WindowStatus.Draft,
            };
            Apply(window, plan, request);
            db.Windows.Add(window);
            Audit(window, user, AuditAction.Created);
            return Task.FromResult(new WindowChange(window, [], check.Warnings));
        }, cancellationToken);
    }

    public async Task<WindowChange> UpdateAsync(Guid id, int expectedRevision, UpgradeWindowRequest request, string user, CancellationToken cancellationToken)
    {
        var found = await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (found is null)
        {
            return new WindowChange(null, [new("id", $"No upgrade window {id}.")], [], WindowChangeFailure.NotFound);
        }

        if (Refusal(found, expectedRevision) is { } refused)
        {
            return refused;
        }

        var check = await CheckAsync(request, id, cancellationToken);
        if (check is null)
        {
            return NotLoaded();
        }

        if (!check.IsValid)
        {
            return new WindowChange(null, check.Errors, check.Warnings, WindowChangeFailure.Invalid);
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

                var before = AuditedFields(window);
                Apply(window, check.Plan!, request);
                var changes = WindowAudit.Diff(before, AuditedFields(window));
                if (changes is null)
                {
                    // Nothing changed: no new revision, so approvals stand.
                    return new WindowChange(window, [], check.Warnings);
                }

                // An approval is bound to the revision it saw: any edit makes a new revision, and the old approvals stop counting.
                var voided = await db.Approvals.CountAsync(a => a.WindowId == id && a.Revision == window.Revision, ct);
                window.Revision++;
                window.UpdatedBy = user;
                window.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
                window.ConcurrencyStamp = Guid.NewGuid();
                Audit(window, user, AuditAction.Edited, changes);
                if (voided > 0 || window.Status == WindowStatus.Approved)
                {
                    window.Status = window.Status == WindowStatus.Approved ? WindowStatus.Submitted : window.Status;
                    Audit(window, user, AuditAction.ApprovalsVoided, comment: $"{voided} approval{(voided == 1 ? "" : "s")} of revision {window.Revision - 1} no longer count{(voided == 1 ? "s" : "")}; the window needs approving again.");
                }

                return new WindowChange(window, [], check.Warnings);
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Conflict(found, "Someone else saved this window at the same moment. Reload it and apply your change again.");
        }
    }

    /// <summary>Why an edit of <paramref name="window"/> at <paramref name="expectedRevision"/> is refused, or null.</summary>
    private static WindowChange? Refusal(UpgradeWindowEntity window, int expectedRevision) =>
        window.Revision != expectedRevision
            ? Conflict(window, $"The window was changed by {window.UpdatedBy ?? window.CreatedBy} since you loaded it (revision {expectedRevision}, now {window.Revision}). Reload it and apply your change again.")
            : WindowWorkflow.Decide(window.Status, WindowAction.Edit, WindowPerson.Other) is { Allowed: false, Refusal: { } refusal }
                ? Conflict(window, refusal)
                : null;

    // A constant all replicas share for the windows' write lock; "AKSUDWI" in ASCII.
    private const long WindowWriteLockKey = 0x41_4B_53_55_44_57_49;

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
            var stored = await db.Windows.AsNoTracking()
                .Where(w => w.Id != windowId)
                .Select(w => new { w.Id, w.ClusterId, w.Title, w.StartUtc, w.EndUtc, w.Status })
                .ToListAsync(ct);
            var overlaps = UpgradeWindowRules.Overlaps(plan.Cluster, plan.StartUtc, plan.EndUtc,
                stored.Select(o => new ScheduledWindow(o.Id, o.ClusterId, o.Title, new DateTimeOffset(o.StartUtc, TimeSpan.Zero), new DateTimeOffset(o.EndUtc, TimeSpan.Zero), ActiveStatuses.Contains(o.Status))),
                windowId);
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

    public async Task<WindowChange> DeleteAsync(Guid id, string user, CancellationToken cancellationToken)
    {
        var window = await db.Windows.FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (window is null)
        {
            return new WindowChange(null, [new("id", $"No upgrade window {id}.")], [], WindowChangeFailure.NotFound);
        }

        if (WindowWorkflow.Decide(window.Status, WindowAction.Delete, WindowPerson.Other) is { Allowed: false, Refusal: { } refusal })
        {
            return Conflict(window, refusal);
        }

        db.Windows.Remove(window);
        Audit(window, user, AuditAction.Deleted);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict(window, "Someone else changed this window at the same moment. Reload it and try again.");
        }

        return new WindowChange(window, [], []);
    }

    /// <summary>Windows whose completion is still open: approved or running, or checked and not yet at the target.</summary>
    private static IReadOnlyList<WindowStatus> AwaitingCompletionStatuses => WindowWorkflow.AwaitingCompletion;

    /// <summary>
    /// Marks ended windows <see cref="WindowStatus.Verified"/> or <see cref="WindowStatus.NotReached"/> against
    /// <paramref name="fleet"/>, with what was found. Verified is final; NotReached is checked again on later
    /// inventories (a slow rollout may finish after the window). Returns how many windows changed.
    /// </summary>
    public async Task<int> RecordCompletionAsync(FleetState fleet, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ended = await db.Windows
            .Where(w => w.EndUtc <= now && AwaitingCompletionStatuses.Contains(w.Status))
            .ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var window in ended)
        {
            if (WindowCompletion.Check(new CompletionScope(window.SubscriptionId, window.ResourceGroup, window.ClusterName, window.NodePools, window.AllPools, window.Kind, window.Target, window.End), fleet) is not { } result)
            {
                continue;
            }

            var status = result.Reached ? WindowStatus.Verified : WindowStatus.NotReached;
            var found = AuditEntryEntity.Shortened(result.Found, DashboardDbContext.MaxCompletionFoundLength);
            if (window.Status != status || window.CompletionFound != found)
            {
                if (window.Status != status)
                {
                    Audit(window, SystemActor, status == WindowStatus.Verified ? AuditAction.Verified : AuditAction.NotReached, comment: found);
                }

                window.Status = status;
                window.CompletionFound = found;
                window.CompletionCheckedAtUtc = fleet.Snapshot.RefreshedAt.UtcDateTime;
                window.ConcurrencyStamp = Guid.NewGuid();
                changed++;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone edited or deleted one of these windows meanwhile; the next inventory checks again.
            return 0;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return changed;
    }

    /// <summary>Approved windows whose start has come are InProgress; returns how many changed.</summary>
    public async Task<int> StartOpenedWindowsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var opened = await db.Windows.Where(w => w.Status == WindowStatus.Approved && w.StartUtc <= now && w.EndUtc > now).ToListAsync(cancellationToken);
        foreach (var window in opened)
        {
            window.Status = WindowStatus.InProgress;
            window.ConcurrencyStamp = Guid.NewGuid();
            Audit(window, SystemActor, AuditAction.Started);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return opened.Count;
        }
        catch (DbUpdateConcurrencyException)
        {
            return 0; // edited or decided meanwhile; the next tick looks again
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Operators submit a draft (or a rejected window, after fixing it) for approval; the rules run again first.</summary>
    public async Task<WindowChange> SubmitAsync(Guid id, int? expectedRevision, string user, string? comment, CancellationToken cancellationToken) =>
        await DecideAsync(id, expectedRevision, comment, commentRequired: false, WindowAction.Submit, "submitted", async window =>
        {
            var check = await CheckAsync(ToRequest(window), window.Id, cancellationToken);
            if (check is null)
            {
                return NotLoaded();
            }

            if (!check.IsValid)
            {
                return new WindowChange(null, check.Errors, check.Warnings, WindowChangeFailure.Invalid);
            }

            window.Status = WindowStatus.Submitted;
            Audit(window, user, AuditAction.Submitted, comment: comment);
            return null;
        }, cancellationToken);

    /// <summary>
    /// An approver signs off the revision they saw. Nobody approves a window they created or saved any revision of; the window is
    /// Approved once <see cref="ApprovalOptions.Required"/> different people approved this revision.
    /// </summary>
    public async Task<WindowChange> ApproveAsync(
        Guid id, int? expectedRevision, string user, string? comment, IReadOnlyCollection<string>? acknowledgedWarnings, CancellationToken cancellationToken) =>
        Counted("approve", await DecideAsync(id, expectedRevision, comment, commentRequired: true, WindowAction.Approve, "approved", async window =>
        {
            if ((await AuthorsAsync(window, cancellationToken)).WhyNotApprover(user) is { } notYou)
            {
                return new WindowChange(window, [new("approver", notYou)], [], WindowChangeFailure.Forbidden);
            }

            // The world may have moved since submission (a blackout, another window, a lifecycle date): every rule runs
            // again against the current inventory, windows and blackouts, and every current warning must be acknowledged.
            var check = await CheckAsync(ToRequest(window), window.Id, cancellationToken);
            if (check is null)
            {
                return NotLoaded();
            }

            if (!check.IsValid)
            {
                return new WindowChange(window, [new("approval", $"The window no longer passes the rules, so it cannot be approved: {string.Join(" ", check.Errors.Select(e => e.Message))}")], check.Warnings, WindowChangeFailure.Conflict);
            }

            var acknowledged = new HashSet<string>(acknowledgedWarnings ?? [], StringComparer.OrdinalIgnoreCase);
            var current = check.Warnings.Where(w => w.Code is not null).ToList();
            if (current.Where(w => !acknowledged.Contains(w.Code!)).ToList() is { Count: > 0 } open)
            {
                return new WindowChange(window, [new("acknowledgedWarnings",
                    $"Acknowledge every current warning to approve (acknowledgedWarnings): {string.Join(" ", open.Select(w => $"{w.Code}: {w.Message}"))}")], check.Warnings, WindowChangeFailure.Conflict);
            }

            var codes = current.Select(w => w.Code!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

            var approvers = await db.Approvals.Where(a => a.WindowId == window.Id && a.Revision == window.Revision).Select(a => a.Approver).ToListAsync(cancellationToken);
            if (approvers.Contains(user, StringComparer.OrdinalIgnoreCase))
            {
                return Conflict(window, $"You already approved revision {window.Revision}.");
            }

            db.Approvals.Add(new WindowApprovalEntity
            {
                WindowId = window.Id, Revision = window.Revision, Approver = user, ApprovedAtUtc = time.GetUtcNow().UtcDateTime, Comment = comment!.Trim(),
                AcknowledgedWarnings = codes.Count == 0 ? null : string.Join(',', codes),
            });
            var count = approvers.Count + 1;
            var acknowledgement = codes.Count == 0 ? "" : $" Acknowledged: {string.Join(", ", codes)}.";
            Audit(window, user, AuditAction.Approved, comment: $"{comment!.Trim()} ({count} of {ApprovalsRequired} approval{(ApprovalsRequired == 1 ? "" : "s")}){acknowledgement}");
            if (count >= ApprovalsRequired)
            {
                window.Status = WindowStatus.Approved;
            }

            return null;
        }, cancellationToken));

    public async Task<WindowChange> RejectAsync(Guid id, int? expectedRevision, string user, string? comment, CancellationToken cancellationToken) =>
        Counted("reject", await DecideAsync(id, expectedRevision, comment, commentRequired: true, WindowAction.Reject, "rejected", async window =>
        {
            if ((await AuthorsAsync(window, cancellationToken)).WhyNotRejecter(user) is { } notYou)
            {
                return new WindowChange(window, [new("approver", notYou)], [], WindowChangeFailure.Forbidden);
            }

            window.Status = WindowStatus.Rejected;
            Audit(window, user, AuditAction.Rejected, comment: comment!.Trim());
            return null;
        }, cancellationToken));

    // A decision recorded (not refused) counts in the approvals-decided metric.
    private static WindowChange Counted(string decision, WindowChange change)
    {
        if (change.Failure == WindowChangeFailure.None && change.Window is not null)
        {
            Telemetry.DashboardMetrics.ApprovalsDecided.Add(1, new KeyValuePair<string, object?>("decision", decision));
        }

        return change;
    }

    public async Task<WindowChange> CancelAsync(Guid id, string user, string? comment, CancellationToken cancellationToken) =>
        await DecideAsync(id, null, comment, commentRequired: false, WindowAction.Cancel, "cancelled", window =>
        {
            window.Status = WindowStatus.Cancelled;
            Audit(window, user, AuditAction.Cancelled, comment: comment);
            return Task.FromResult<WindowChange?>(null);
        }, cancellationToken);

    public async Task<List<WindowApprovalEntity>> ApprovalsAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Approvals.AsNoTracking().Where(a => a.WindowId == id).OrderBy(a => a.Id).ToListAsync(cancellationToken);

    /// <summary>The audit trail, oldest first; of one window, or of all.</summary>
    public async Task<List<AuditEntryEntity>> AuditAsync(Guid? windowId, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking().Where(a => windowId == null || a.WindowId == windowId).OrderBy(a => a.Id).ToListAsync(cancellationToken);

    /// <summary>Submitted windows this approver may still approve: none they wrote any revision of, none they already approved.</summary>
    public async Task<List<UpgradeWindowEntity>> AwaitingApprovalByAsync(string user, CancellationToken cancellationToken)
    {
        var submitted = await db.Windows.AsNoTracking().Where(w => w.Status == WindowStatus.Submitted).OrderBy(w => w.StartUtc).ToListAsync(cancellationToken);
        var ids = submitted.Select(w => w.Id).ToList();
        var mine = await db.Approvals.AsNoTracking().Where(a => ids.Contains(a.WindowId) && a.Approver == user).Select(a => new { a.WindowId, a.Revision }).ToListAsync(cancellationToken);
        var saves = await SavesAsync(ids, cancellationToken);
        return [.. submitted.Where(w => !AuthorsOf(w, saves).Includes(user) && !mine.Any(m => m.WindowId == w.Id && m.Revision == w.Revision))];
    }

    /// <summary>The window's creator and everyone who saved a revision of it, from the audit trail.</summary>
    public async Task<WindowAuthors> AuthorsAsync(UpgradeWindowEntity window, CancellationToken cancellationToken) =>
        AuthorsOf(window, await SavesAsync([window.Id], cancellationToken));

    /// <summary>The authors of a window from audit entries already loaded (the window page has them).</summary>
    public static WindowAuthors AuthorsOf(UpgradeWindowEntity window, IEnumerable<AuditEntryEntity> audit) =>
        new(window.CreatedBy, [.. audit.Where(e => e.WindowId == window.Id && e.Action is AuditAction.Created or AuditAction.Edited).Select(e => new WindowSave(e.Actor, e.Revision))]);

    private static WindowAuthors AuthorsOf(UpgradeWindowEntity window, ILookup<Guid, WindowSave> saves) =>
        new(window.CreatedBy, [.. saves[window.Id]]);

    private async Task<ILookup<Guid, WindowSave>> SavesAsync(List<Guid> ids, CancellationToken cancellationToken) =>
        (await db.AuditEntries.AsNoTracking()
            .Where(e => ids.Contains(e.WindowId) && (e.Action == AuditAction.Created || e.Action == AuditAction.Edited))
            .Select(e => new { e.WindowId, e.Actor, e.Revision })
            .ToListAsync(cancellationToken))
        .ToLookup(e => e.WindowId, e => new WindowSave(e.Actor, e.Revision));

    /// <summary>"My windows": created or last edited by the person. Who may approve is <see cref="AuthorsAsync"/>'s answer, not this.</summary>
    public static bool IsMine(UpgradeWindowEntity window, string user) =>
        string.Equals(window.CreatedBy, user, StringComparison.OrdinalIgnoreCase) || string.Equals(window.UpdatedBy, user, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The shared shape of a state change: find, check the state, revision and comment, apply, audit, save. The window's
    /// concurrency stamp changes with every decision, so of two decisions racing, exactly one is saved.
    /// </summary>
    private async Task<WindowChange> DecideAsync(
        Guid id, int? expectedRevision, string? comment, bool commentRequired, WindowAction action, string verb,
        Func<UpgradeWindowEntity, Task<WindowChange?>> apply, CancellationToken cancellationToken)
    {
        var window = await db.Windows.FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        try
        {
            if (window is null)
            {
                return new WindowChange(null, [new("id", $"No upgrade window {id}.")], [], WindowChangeFailure.NotFound);
            }

            if (commentRequired && string.IsNullOrWhiteSpace(comment))
            {
                return new WindowChange(null, [new("comment", $"A comment is required: say why the window is {verb}.")], [], WindowChangeFailure.Invalid);
            }

            if (comment?.Trim().Length > UpgradeWindowRules.MaxJustificationLength)
            {
                return new WindowChange(null, [new("comment", $"Comment is {comment.Trim().Length} characters long; the limit is {UpgradeWindowRules.MaxJustificationLength}.")], [], WindowChangeFailure.Invalid);
            }

            if (comment is not null && UpgradeWindowRules.ContainsControlCharacters(comment))
            {
                return new WindowChange(null, [new("comment", "Comment contains control characters.")], [], WindowChangeFailure.Invalid);
            }

            if (expectedRevision is { } revision && revision != window.Revision)
            {
                return Conflict(window, $"The window changed since you loaded it (revision {revision}, now {window.Revision}). Reload it and look again.");
            }

            if (WindowWorkflow.Decide(window.Status, action, WindowPerson.Other) is { Allowed: false, Refusal: { } refusal })
            {
                return Conflict(window, refusal);
            }

            if (await apply(window) is { } refused)
            {
                return refused;
            }

            window.ConcurrencyStamp = Guid.NewGuid();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Conflict(window, "Someone else changed or decided this window at the same moment. Reload it to see what happened.");
            }
            catch (DbUpdateException ex) when (verb == "approved" && DatabaseErrors.IsUniqueViolation(ex))
            {
                // The unique (window, revision, approver) index: the same person approving twice at once.
                return Conflict(window, $"You already approved revision {window.Revision}.");
            }

            return new WindowChange(window, [], []);
        }
        finally
        {
            // A circuit-long context must not keep a half-applied window around after a refusal.
            db.ChangeTracker.Clear();
        }
    }

    private void Audit(UpgradeWindowEntity window, string actor, AuditAction action, string? changes = null, string? comment = null) =>
        db.AuditEntries.Add(AuditEntryEntity.Of(AuditSubject.Window, window.Id, window.Title, time.GetUtcNow().UtcDateTime, actor, action, window.Revision, changes, comment));

    private static Dictionary<string, string?> AuditedFields(UpgradeWindowEntity w) => new(StringComparer.Ordinal)
    {
        ["title"] = w.Title,
        ["nodePools"] = w.AllPools ? "(all)" : string.Join(", ", w.NodePools),
        ["kind"] = w.Kind.ToString(),
        ["target"] = w.Target,
        ["start"] = w.Start.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["end"] = w.End.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["timeZone"] = w.TimeZone,
        ["notes"] = w.Notes,
        ["blackoutJustification"] = w.BlackoutJustification,
    };

    /// <summary>The rules' warnings for a stored window as of now (e.g. it has become too late), for display.</summary>
    public async Task<IReadOnlyList<FieldIssue>> CurrentWarningsAsync(UpgradeWindowEntity window, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(ToRequest(window), window.Id, cancellationToken);
        return check?.Warnings ?? [];
    }

    public static UpgradeWindowRequest ToRequest(UpgradeWindowEntity w) => new(
        w.Title, w.SubscriptionId, w.ResourceGroup, w.ClusterName, w.AllPools ? [] : w.NodePools, w.Kind.ToString(), w.Target,
        new DateTimeOffset(w.StartUtc, TimeSpan.Zero), new DateTimeOffset(w.EndUtc, TimeSpan.Zero), w.TimeZone, w.Notes, w.BlackoutJustification);

    /// <summary>The window as a plan on the current inventory, or why not (its cluster or one of its pools is gone).</summary>
    public static (UpgradePlan? Plan, string? Missing) ToPlan(UpgradeWindowEntity w, FleetState fleet)
    {
        if (fleet.FindCluster(w.SubscriptionId, w.ResourceGroup, w.ClusterName) is not { } cluster)
        {
            return (null, $"Cluster '{w.ClusterName}' (resource group '{w.ResourceGroup}', subscription {w.SubscriptionId}) is not in the current inventory.");
        }

        List<NodePoolInfo> pools = [];
        if (w.AllPools)
        {
            pools.AddRange(cluster.Pools.Select(p => p.Pool));
        }
        else
        {
            foreach (var name in w.NodePools)
            {
                if (cluster.Pools.FirstOrDefault(p => string.Equals(p.Pool.Name, name, StringComparison.OrdinalIgnoreCase)) is not { } pool)
                {
                    return (null, $"Node pool '{name}' of cluster '{w.ClusterName}' is not in the current inventory.");
                }

                pools.Add(pool.Pool);
            }
        }

        var plan = new UpgradePlan(w.Title, cluster.Cluster, pools, w.AllPools, w.Kind, w.Target,
            w.Start, w.End, w.TimeZone, w.Notes);
        return (plan, null);
    }

    private async Task<WindowCheck?> CheckAsync(UpgradeWindowRequest request, Guid? editingId, CancellationToken cancellationToken)
    {
        // The first load runs at start-up; a save that arrives before it finishes waits for it (briefly) rather than failing.
        if (store.Current is null)
        {
            await store.WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(30), time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (store.Current is not { } fleet)
        {
            return null;
        }

        var others = await db.Windows.AsNoTracking()
            .Where(w => w.Id != editingId)
            .Select(w => new { w.Id, w.ClusterId, w.Title, w.StartUtc, w.EndUtc, w.Status })
            .ToListAsync(cancellationToken);
        var blackouts = await db.BlackoutPeriods.AsNoTracking().ToListAsync(cancellationToken);
        var cluster = request.SubscriptionId is { } s && request.ResourceGroup is { } g && request.Cluster is { } c ? fleet.FindCluster(s, g, c) : null;
        var configurations = cluster is null ? null : await maintenance.GetAsync(cluster.Cluster, cancellationToken);
        var context = new WindowContext(
            fleet, catalog, time.GetUtcNow(),
            [.. others.Select(o => new ScheduledWindow(o.Id, o.ClusterId, o.Title, new DateTimeOffset(o.StartUtc, TimeSpan.Zero), new DateTimeOffset(o.EndUtc, TimeSpan.Zero), ActiveStatuses.Contains(o.Status)))],
            [.. blackouts.Select(b => new BlackoutPeriod(b.Name, new DateTimeOffset(b.StartUtc, TimeSpan.Zero), new DateTimeOffset(b.EndUtc, TimeSpan.Zero)))],
            editingId,
            configurations is { Error: null } ? configurations.Configurations : null);
        var check = UpgradeWindowRules.Check(request, context);
        return configurations?.Error is { } error
            ? check with { Warnings = [.. check.Warnings, new("start", $"The cluster's planned maintenance configuration could not be read ({error.Message}), so the window was not checked against it.", WarningCodes.MaintenanceUnreadable)] }
            : check;
    }

    private static void Apply(UpgradeWindowEntity window, UpgradePlan plan, UpgradeWindowRequest request)
    {
        window.Title = plan.Title;
        window.SubscriptionId = plan.Cluster.SubscriptionId;
        window.ResourceGroup = plan.Cluster.ResourceGroup;
        window.ClusterName = plan.Cluster.Name;
        window.ClusterId = plan.Cluster.Id;
        window.AllPools = plan.AllPools;
        window.NodePools = plan.AllPools ? [] : [.. plan.Pools.Select(p => p.Name)];
        window.Kind = plan.Kind;
        window.Target = plan.Target;
        window.StartUtc = plan.StartUtc.UtcDateTime;
        window.EndUtc = plan.EndUtc.UtcDateTime;
        window.TimeZone = plan.TimeZone;
        window.Notes = plan.Notes;
        window.BlackoutJustification = string.IsNullOrWhiteSpace(request.BlackoutJustification) ? null : request.BlackoutJustification.Trim();
    }

    private static WindowChange Conflict(UpgradeWindowEntity window, string message) =>
        new(window, [new("revision", message)], [], WindowChangeFailure.Conflict);

    private static WindowChange NotLoaded() =>
        new(null, [new("cluster", "The inventory is not loaded yet, so the window cannot be checked. Try again shortly.")], [], WindowChangeFailure.InventoryNotLoaded);
}
