using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Windows;

/// <summary>
/// Submitting and deciding windows: submit, approve, reject, cancel, and who may. <see cref="WindowWorkflow"/> says
/// which status allows what and who may take it; this applies it, re-runs the rules where a decision depends on them,
/// and records each decision with the change it makes, in one save.
/// </summary>
public sealed class WindowDecisionService(
    DashboardDbContext db, WindowChecker checker, WindowAuditLog audit, NotificationOutbox outbox, IOptions<ApprovalOptions> approvalOptions, TimeProvider time)
{
    public int ApprovalsRequired => approvalOptions.Value.Required;

    /// <summary>Operators submit a draft (or a rejected window, after fixing it) for approval; the rules run again first.</summary>
    public async Task<WindowChange> SubmitAsync(Guid id, int? expectedRevision, Actor actor, string? comment, CancellationToken cancellationToken) =>
        await DecideAsync(id, expectedRevision, comment, commentRequired: false, WindowAction.Submit, async window =>
        {
            var check = await checker.CheckAsync(WindowPlans.ToRequest(window), window.Id, cancellationToken);
            if (check is null)
            {
                return WindowChange.NotLoaded();
            }

            if (!check.IsValid)
            {
                return WindowChange.Invalid(check);
            }

            audit.Record(window, actor, AuditAction.Submitted, comment: comment);
            outbox.Add(NotificationKind.Submitted, window, actor, comment);
            return null;
        }, cancellationToken);

    /// <summary>
    /// An approver signs off the revision they saw. Nobody approves a window they created or saved any revision of; the window is
    /// Approved once <see cref="ApprovalOptions.Required"/> different people approved this revision.
    /// </summary>
    public async Task<WindowChange> ApproveAsync(
        Guid id, int? expectedRevision, Actor actor, string? comment, IReadOnlyCollection<string>? acknowledgedWarnings, CancellationToken cancellationToken) =>
        Counted("approve", await DecideAsync(id, expectedRevision, comment, commentRequired: true, WindowAction.Approve, async window =>
        {
            if ((await AuthorsAsync(window, cancellationToken)).WhyNotApprover(actor) is { } notYou)
            {
                return new WindowChange(window, [new("approver", notYou)], [], WindowChangeFailure.Forbidden);
            }

            // The world may have moved since submission (a blackout, another window, a lifecycle date): every rule runs
            // again against the current inventory, windows and blackouts, and every current warning must be acknowledged.
            var check = await checker.CheckAsync(WindowPlans.ToRequest(window), window.Id, cancellationToken);
            if (check is null)
            {
                return WindowChange.NotLoaded();
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
            if (approvers.Any(actor.Is))
            {
                return WindowChange.Conflict(window, $"You already approved revision {window.Revision}.");
            }

            db.Approvals.Add(new WindowApprovalEntity
            {
                WindowId = window.Id, Revision = window.Revision, Approver = actor.Id, ApproverName = AuditEntryEntity.StoredName(actor),
                ApprovedAtUtc = time.GetUtcNow().UtcDateTime, Comment = comment!.Trim(),
                AcknowledgedWarnings = codes.Count == 0 ? null : string.Join(',', codes),
            });
            var count = approvers.Count + 1;
            var acknowledgement = codes.Count == 0 ? "" : $" Acknowledged: {string.Join(", ", codes)}.";
            audit.Record(window, actor, AuditAction.Approved, comment: $"{comment!.Trim()} ({count} of {ApprovalsRequired} approval{(ApprovalsRequired == 1 ? "" : "s")}){acknowledgement}");

            // Approved only with the last approval required; until then the window stays Submitted.
            if (count < ApprovalsRequired)
            {
                return Stay;
            }

            outbox.Add(NotificationKind.Approved, window, actor, comment);
            return null;
        }, cancellationToken));

    public async Task<WindowChange> RejectAsync(Guid id, int? expectedRevision, Actor actor, string? comment, CancellationToken cancellationToken) =>
        Counted("reject", await DecideAsync(id, expectedRevision, comment, commentRequired: true, WindowAction.Reject, async window =>
        {
            if ((await AuthorsAsync(window, cancellationToken)).WhyNotRejecter(actor) is { } notYou)
            {
                return new WindowChange(window, [new("approver", notYou)], [], WindowChangeFailure.Forbidden);
            }

            audit.Record(window, actor, AuditAction.Rejected, comment: comment!.Trim());
            outbox.Add(NotificationKind.Rejected, window, actor, comment);
            return null;
        }, cancellationToken));

    public async Task<WindowChange> CancelAsync(Guid id, Actor actor, string? comment, CancellationToken cancellationToken) =>
        await DecideAsync(id, null, comment, commentRequired: false, WindowAction.Cancel, window =>
        {
            audit.Record(window, actor, AuditAction.Cancelled, comment: comment);
            outbox.Add(NotificationKind.Cancelled, window, actor, comment);
            return Task.FromResult<WindowChange?>(null);
        }, cancellationToken);

    public async Task<List<WindowApprovalEntity>> ApprovalsAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Approvals.AsNoTracking().Where(a => a.WindowId == id).OrderBy(a => a.Id).ToListAsync(cancellationToken);

    /// <summary>The approvals of many windows in one query, by window.</summary>
    public async Task<ILookup<Guid, WindowApprovalEntity>> ApprovalsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        (await db.Approvals.AsNoTracking().Where(a => ids.Contains(a.WindowId)).OrderBy(a => a.Id).ToListAsync(cancellationToken)).ToLookup(a => a.WindowId);

    /// <summary>Submitted windows this approver may still approve: none they wrote any revision of, none they already approved.</summary>
    public async Task<List<UpgradeWindowEntity>> AwaitingApprovalByAsync(Actor actor, CancellationToken cancellationToken)
    {
        var submitted = await db.Windows.AsNoTracking().Where(w => w.Status == WindowStatus.Submitted).OrderBy(w => w.StartUtc).ToListAsync(cancellationToken);
        var ids = submitted.Select(w => w.Id).ToList();
        var approvals = await db.Approvals.AsNoTracking().Where(a => ids.Contains(a.WindowId)).Select(a => new { a.WindowId, a.Revision, a.Approver }).ToListAsync(cancellationToken);
        var saves = await SavesAsync(ids, cancellationToken);
        return [.. submitted.Where(w => !new WindowAuthors(w.CreatedBy, [.. saves[w.Id]]).Includes(actor)
            && !approvals.Any(a => a.WindowId == w.Id && a.Revision == w.Revision && actor.Is(a.Approver)))];
    }

    /// <summary>The window's creator and everyone who saved a revision of it, from the audit trail.</summary>
    public async Task<WindowAuthors> AuthorsAsync(UpgradeWindowEntity window, CancellationToken cancellationToken) =>
        new(window.CreatedBy, [.. (await SavesAsync([window.Id], cancellationToken))[window.Id]]);

    /// <summary>The authors of a window from audit entries already loaded (the window page has them).</summary>
    public static WindowAuthors AuthorsOf(UpgradeWindowEntity window, IEnumerable<AuditEntryEntity> audit) =>
        new(window.CreatedBy, [.. audit.Where(e => e.WindowId == window.Id && e.Action is AuditAction.Created or AuditAction.Edited).Select(e => new WindowSave(e.Actor, e.Revision))]);

    private async Task<ILookup<Guid, WindowSave>> SavesAsync(List<Guid> ids, CancellationToken cancellationToken) =>
        (await db.AuditEntries.AsNoTracking()
            .Where(e => ids.Contains(e.WindowId) && (e.Action == AuditAction.Created || e.Action == AuditAction.Edited))
            .Select(e => new { e.WindowId, e.Actor, e.Revision })
            .ToListAsync(cancellationToken))
        .ToLookup(e => e.WindowId, e => new WindowSave(e.Actor, e.Revision));

    // An apply step's answer that is not a refusal but keeps the status (an approval short of the count required).
    private static readonly WindowChange Stay = new(null, [], []);

    // A decision recorded (not refused) counts in the approvals-decided metric; inside a caller's transaction (a wave
    // decided as one, all or none) the caller counts once it has committed, as a later refusal undoes this one too.
    private WindowChange Counted(string decision, WindowChange change)
    {
        if (change.Failure == WindowChangeFailure.None && change.Window is not null && db.Database.CurrentTransaction is null)
        {
            CountDecisions(decision, 1);
        }

        return change;
    }

    /// <summary>Counts <paramref name="count"/> recorded decisions ("approve" or "reject") in the approvals-decided metric.</summary>
    public static void CountDecisions(string decision, int count) =>
        Telemetry.DashboardMetrics.ApprovalsDecided.Add(count, new KeyValuePair<string, object?>("decision", decision));

    /// <summary>
    /// The shared shape of a decision: find, check the comment, revision and the workflow, apply, move to the status the
    /// workflow gives, save. The window's concurrency stamp changes with every decision, so of two racing, exactly one is saved.
    /// <paramref name="apply"/> returns a refusal, <see cref="Stay"/>, or null to take the workflow's transition.
    /// </summary>
    private async Task<WindowChange> DecideAsync(
        Guid id, int? expectedRevision, string? comment, bool commentRequired, WindowAction action,
        Func<UpgradeWindowEntity, Task<WindowChange?>> apply, CancellationToken cancellationToken)
    {
        var window = await db.Windows.FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        try
        {
            if (window is null)
            {
                return WindowChange.NotFound(id);
            }

            if (CommentProblem(comment, commentRequired, action) is { } problem)
            {
                return new WindowChange(null, [new("comment", problem)], [], WindowChangeFailure.Invalid);
            }

            if (expectedRevision is { } revision && revision != window.Revision)
            {
                return WindowChange.Conflict(window, $"The window changed since you loaded it (revision {revision}, now {window.Revision}). Reload it and look again.");
            }

            var decision = WindowWorkflow.Decide(window.Status, action, WindowPerson.Other);
            if (decision is { Allowed: false, Refusal: { } refusal })
            {
                return WindowChange.Conflict(window, refusal);
            }

            var applied = await apply(window);
            if (applied is not null && !ReferenceEquals(applied, Stay))
            {
                return applied;
            }

            if (applied is null && decision.To is { } to)
            {
                window.Status = to;
            }

            window.ConcurrencyStamp = Guid.NewGuid();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return WindowChange.Conflict(window, "Someone else changed or decided this window at the same moment. Reload it to see what happened.");
            }
            catch (DbUpdateException ex) when (action == WindowAction.Approve && DatabaseErrors.IsUniqueViolation(ex))
            {
                // The unique (window, revision, approver) index: the same person approving twice at once.
                return WindowChange.Conflict(window, $"You already approved revision {window.Revision}.");
            }

            return new WindowChange(window, [], []);
        }
        finally
        {
            // A refused decision must not leave a half-applied window in the context.
            db.ChangeTracker.Clear();
        }
    }

    private static string? CommentProblem(string? comment, bool required, WindowAction action) =>
        required && string.IsNullOrWhiteSpace(comment) ? $"A comment is required: say why the window is {(action == WindowAction.Approve ? "approved" : "rejected")}."
        : comment?.Trim().Length > UpgradeWindowRules.MaxJustificationLength ? $"Comment is {comment.Trim().Length} characters long; the limit is {UpgradeWindowRules.MaxJustificationLength}."
        : comment is not null && Model.TextRules.Problem(comment) is { } problem ? $"Comment {problem}."
        : null;
}
