using System.Globalization;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Rollouts;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Rollouts;

/// <summary>The outcome of a rollout change: the rollout, or why not (each error names its field or window).</summary>
public sealed record RolloutOutcome(RolloutEntity? Rollout, IReadOnlyList<FieldIssue> Errors, IReadOnlyList<FieldIssue> Warnings, WindowChangeFailure Failure = WindowChangeFailure.None)
{
    public static RolloutOutcome NotFound(Guid id) => new(null, [new("id", $"No rollout {id}.")], [], WindowChangeFailure.NotFound);

    public static RolloutOutcome Invalid(IReadOnlyList<FieldIssue> errors) => new(null, errors, [], WindowChangeFailure.Invalid);

    public static RolloutOutcome Conflict(RolloutEntity? rollout, string field, string message) => new(rollout, [new(field, message)], [], WindowChangeFailure.Conflict);
}

/// <summary>
/// Saves a rollout and acts on its waves (issue 18). Saving stores the rollout, its waves and all its windows (Draft,
/// linked to rollout and wave) in one transaction, after every window rule passed for every window; a wave is submitted,
/// approved or rejected as one decision, window by window through <see cref="WindowDecisionService"/> (the same rules,
/// the same no-self-approval) inside one transaction, so either every window of the wave moves or none does.
/// </summary>
public sealed class RolloutService(
    DashboardDbContext db, RolloutPlanner planner, WindowChecker checker, WindowDecisionService decisions, WindowAuditLog audit,
    IOptions<WindowOptions> windowOptions, TimeProvider time)
{
    /// <summary>
    /// Proposes again and saves what is proposed, with the planner's <paramref name="edits"/> (a window moved or dropped,
    /// found by wave, cluster id and kind). Nothing is saved when any window fails a rule: the errors name each one.
    /// </summary>
    public async Task<RolloutOutcome> SaveAsync(RolloutRequest request, IReadOnlyList<WindowEdit>? edits, Actor actor, CancellationToken cancellationToken)
    {
        var planned = await planner.ProposeAsync(request, cancellationToken);
        if (planned.NotLoaded)
        {
            return new(null, planned.Errors, [], WindowChangeFailure.InventoryNotLoaded);
        }

        if (planned.Plan is not { } plan)
        {
            return RolloutOutcome.Invalid(planned.Errors);
        }

        var errors = new List<FieldIssue>();
        var windows = plan.Proposal.Waves.SelectMany((w, i) => w.Windows.Select(x => (Wave: i, Window: x))).ToList();
        for (var e = 0; e < (edits?.Count ?? 0); e++)
        {
            var edit = edits![e];
            var at = windows.FindIndex(w => w.Wave == edit.Wave && string.Equals(w.Window.Cluster.Id, edit.ClusterId, StringComparison.OrdinalIgnoreCase)
                && (edit.Kind is null || string.Equals(w.Window.Kind.ToString(), edit.Kind, StringComparison.OrdinalIgnoreCase)));
            if (at < 0)
            {
                errors.Add(new($"edits[{e}]", $"The proposal has no window in wave {edit.Wave + 1} for cluster '{edit.ClusterId}'{(edit.Kind is null ? "" : $" of kind {edit.Kind}")}."));
            }
            else if (edit.Drop)
            {
                windows.RemoveAt(at);
            }
            else if (edit.Start is { } farStart && UpgradeWindowRules.BeyondHorizon("Start", farStart, time.GetUtcNow(), windowOptions.Value.PlanningHorizonDays) is { } beyond)
            {
                errors.Add(new($"edits[{e}]", beyond)); // before the window's end is worked out, which overflows near the end of time
            }
            else if (edit.Start is { } start)
            {
                var window = windows[at].Window;
                windows[at] = windows[at] with { Window = window with { StartUtc = start.ToUniversalTime(), EndUtc = start.ToUniversalTime() + (window.EndUtc - window.StartUtc) } };
            }
        }

        if (errors.Count == 0 && windows.Count == 0)
        {
            errors.Add(new("windows", "The rollout has no window to save: the query's pools need no change, or none fit its waves."));
        }

        if (errors.Count > 0)
        {
            return RolloutOutcome.Invalid(errors);
        }

        // Every window rule, for every window, against the stored windows and blackouts; then against each other.
        var checks = new List<(int Wave, ProposedWindow Window, UpgradeWindowRequest Request, WindowCheck Check)>();
        var warnings = new List<FieldIssue>();
        foreach (var (wave, window) in windows)
        {
            var windowRequest = ToRequest(plan, wave, window);
            if (await checker.CheckAsync(windowRequest, editingId: null, cancellationToken) is not { } check)
            {
                return new(null, [new("query", "The inventory is not loaded yet, so the windows cannot be checked. Try again shortly.")], [], WindowChangeFailure.InventoryNotLoaded);
            }

            var name = WindowName(wave, window);
            errors.AddRange(check.Errors.Select(x => new FieldIssue(name, $"{x.Field}: {x.Message}")));
            warnings.AddRange(check.Warnings.Select(x => new FieldIssue(name, x.Message, x.Code)));
            checks.Add((wave, window, windowRequest, check));
        }

        var own = checks.Select(c => new ScheduledWindow(Guid.NewGuid(), c.Window.Cluster.Id, c.Request.Title!, c.Window.StartUtc, c.Window.EndUtc, Active: true)).ToList();
        for (var i = 0; i < checks.Count; i++)
        {
            var others = own.Where((_, j) => j != i).ToList();
            errors.AddRange(UpgradeWindowRules.Overlaps(checks[i].Check.Plan?.Cluster ?? checks[i].Window.Cluster, checks[i].Window.StartUtc, checks[i].Window.EndUtc, others, own[i].Id)
                .Select(x => new FieldIssue(WindowName(checks[i].Wave, checks[i].Window), $"{x.Field}: {x.Message} (in this rollout)")));
        }

        if (errors.Count > 0)
        {
            return new(null, errors, warnings, WindowChangeFailure.Invalid);
        }

        var id = Guid.NewGuid();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({UpgradeWindowService.WindowWriteLockKey})", ct);
            }

            if (await db.Rollouts.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } saved)
            {
                return new RolloutOutcome(saved, [], warnings); // an earlier attempt committed; its answer was lost
            }

            // The last overlap check, under the windows' write lock, against what is stored at this moment.
            var stored = await WindowChecker.ScheduledAsync(db, null, ct);
            var raced = checks.SelectMany(c => UpgradeWindowRules.Overlaps(c.Check.Plan!.Cluster, c.Window.StartUtc, c.Window.EndUtc, stored, null)
                .Select(x => new FieldIssue(WindowName(c.Wave, c.Window), $"{x.Field}: {x.Message}"))).ToList();
            if (raced.Count > 0)
            {
                return new RolloutOutcome(null, raced, warnings, WindowChangeFailure.Invalid);
            }

            var now = time.GetUtcNow().UtcDateTime;
            var rollout = new RolloutEntity
            {
                Id = id,
                Name = plan.Request.Name,
                Kind = plan.Request.Rollout.Change.Kind,
                Target = plan.Request.Rollout.Change.Target,
                Query = plan.Request.QueryString,
                TimeZone = plan.Request.Rollout.TimeZone.Id,
                WindowHours = plan.Request.Rollout.WindowHours,
                Status = RolloutStatus.Draft,
                CreatedBy = actor.Id,
                CreatedByName = AuditEntryEntity.StoredName(actor),
                CreatedAtUtc = now,
            };
            db.Rollouts.Add(rollout);
            for (var i = 0; i < plan.Request.Rollout.Waves.Count; i++)
            {
                var wave = plan.Request.Rollout.Waves[i];
                var (ruleKind, ruleValue) = RolloutRequests.ToText(wave.Rule);
                db.RolloutWaves.Add(new RolloutWaveEntity
                {
                    RolloutId = id, Order = i, Name = wave.Name, RuleKind = ruleKind, RuleValue = ruleValue,
                    Duration = wave.Duration, MaxConcurrentClusters = wave.MaxConcurrentClusters, Soak = wave.Soak,
                });
            }

            foreach (var (wave, window, windowRequest, check) in checks)
            {
                var entity = new UpgradeWindowEntity
                {
                    Id = Guid.NewGuid(),
                    Title = check.Plan!.Title,
                    SubscriptionId = check.Plan.Cluster.SubscriptionId,
                    ResourceGroup = check.Plan.Cluster.ResourceGroup,
                    ClusterName = check.Plan.Cluster.Name,
                    ClusterId = check.Plan.Cluster.Id,
                    Kind = check.Plan.Kind,
                    TimeZone = check.Plan.TimeZone,
                    CreatedBy = actor.Id,
                    CreatedByName = AuditEntryEntity.StoredName(actor),
                    CreatedAtUtc = now,
                    Status = WindowStatus.Draft,
                    RolloutId = id,
                    WaveIndex = wave,
                };
                WindowPlans.Apply(entity, check.Plan, windowRequest);
                db.Windows.Add(entity);
                audit.Record(entity, actor, AuditAction.Created);
            }

            Record(rollout, actor, AuditAction.Created, string.Create(CultureInfo.InvariantCulture,
                $"{plan.Request.Rollout.Waves.Count} wave{(plan.Request.Rollout.Waves.Count == 1 ? "" : "s")}, {checks.Count} window{(checks.Count == 1 ? "" : "s")} saved as drafts{(edits is { Count: > 0 } ? $" ({edits.Count} edited by the planner)" : "")}."));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new RolloutOutcome(rollout, [], warnings);
        }, cancellationToken);
    }

    /// <summary>Submits the wave's Draft and Rejected windows, each as <see cref="WindowDecisionService.SubmitAsync"/> does; all or none.</summary>
    public async Task<RolloutOutcome> SubmitWaveAsync(Guid id, int wave, Actor actor, string? comment, CancellationToken cancellationToken) =>
        await WaveActionAsync(id, wave, AuditAction.Submitted, comment, [WindowStatus.Draft, WindowStatus.Rejected], "draft or rejected window to submit", null,
            (window, ct) => decisions.SubmitAsync(window.Id, null, actor, comment, ct), actor, rollout => rollout.Status = RolloutStatus.Active, cancellationToken);

    /// <summary>
    /// Approves or rejects the wave's submitted windows as one decision: <paramref name="revisions"/> holds the revision of
    /// each window the approver saw, and any window missing or changed since is a conflict naming it. Each window is
    /// decided by <see cref="WindowDecisionService"/> (no approving one's own windows, every warning acknowledged); all or none.
    /// </summary>
    public async Task<RolloutOutcome> DecideWaveAsync(
        Guid id, int wave, bool approve, Actor actor, string? comment, IReadOnlyDictionary<Guid, int>? revisions,
        IReadOnlyCollection<string>? acknowledgedWarnings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            return RolloutOutcome.Invalid([new("comment", $"A comment is required: say why the wave is {(approve ? "approved" : "rejected")}.")]);
        }

        if (revisions is null)
        {
            return RolloutOutcome.Invalid([new("revisions", "Revisions are required: send the revision of each window of the wave you reviewed, by window id.")]);
        }

        return await WaveActionAsync(id, wave, approve ? AuditAction.Approved : AuditAction.Rejected, comment, [WindowStatus.Submitted], $"submitted window to {(approve ? "approve" : "reject")}",
            approve ? "approve" : "reject",
            (window, ct) => !revisions.TryGetValue(window.Id, out var seen)
                ? Task.FromResult(WindowChange.Conflict(window, $"Window '{window.Title}' ({window.Id}) is in the wave but not in your revisions: reload the wave and look again."))
                : seen != window.Revision
                    ? Task.FromResult(WindowChange.Conflict(window, $"Window '{window.Title}' ({window.Id}) changed since you loaded it (revision {seen}, now {window.Revision}). Reload the wave and look again."))
                    : approve
                        ? decisions.ApproveAsync(window.Id, seen, actor, comment, acknowledgedWarnings, ct)
                        : decisions.RejectAsync(window.Id, seen, actor, comment, ct),
            actor, null, cancellationToken);
    }

    /// <summary>
    /// An approver waives the wave's NotReached windows (those not waived yet), with a comment, so its gate can pass; not
    /// the rollout's creator nor anyone who wrote one of those windows (<see cref="RolloutWaiver"/>).
    /// </summary>
    public async Task<RolloutOutcome> WaiveAsync(Guid id, int wave, Actor actor, string? comment, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            return RolloutOutcome.Invalid([new("comment", "A comment is required: say why the windows not reached may be left behind.")]);
        }

        if (TextRules.Problem(comment) is { } problem)
        {
            return RolloutOutcome.Invalid([new("comment", $"Comment {problem}.")]);
        }

        if (comment.Trim().Length > UpgradeWindowRules.MaxJustificationLength)
        {
            return RolloutOutcome.Invalid([new("comment", $"Comment is {comment.Trim().Length} characters long; the limit is {UpgradeWindowRules.MaxJustificationLength}.")]);
        }

        var rollout = await db.Rollouts.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        var waveEntity = await db.RolloutWaves.FirstOrDefaultAsync(w => w.RolloutId == id && w.Order == wave, cancellationToken);
        try
        {
            if (rollout is null || waveEntity is null)
            {
                return rollout is null ? RolloutOutcome.NotFound(id) : new(rollout, [new("wave", $"Rollout '{rollout.Name}' has no wave {wave}.")], [], WindowChangeFailure.NotFound);
            }

            var notReached = await db.Windows.Where(w => w.RolloutId == id && w.WaveIndex == wave && w.Status == WindowStatus.NotReached).OrderBy(w => w.StartUtc).ToListAsync(cancellationToken);
            var waived = notReached.Where(w => !waveEntity.WaivedWindowIds.Contains(w.Id)).ToList();
            if (waived.Count == 0)
            {
                return RolloutOutcome.Conflict(rollout, "wave", $"Wave {wave + 1} has no window not reached that is not waived already.");
            }

            var authors = new List<WaivedWindow>(waived.Count);
            foreach (var window in waived)
            {
                authors.Add(new(window.Title, await decisions.AuthorsAsync(window, cancellationToken)));
            }

            if (RolloutWaiver.WhyNot(actor, rollout.CreatedBy, rollout.Name, authors) is { } notYou)
            {
                return new(rollout, [new("approver", notYou)], [], WindowChangeFailure.Forbidden);
            }

            var trimmed = comment.Trim();
            waveEntity.WaivedWindowIds = [.. waveEntity.WaivedWindowIds, .. waived.Select(w => w.Id)];
            waveEntity.WaivedBy = actor.Id;
            waveEntity.WaivedByName = AuditEntryEntity.StoredName(actor);
            waveEntity.WaivedAtUtc = time.GetUtcNow().UtcDateTime;
            waveEntity.WaiverComment = trimmed;
            foreach (var window in waived)
            {
                audit.Record(window, actor, AuditAction.Waived, comment: $"Waived for rollout '{rollout.Name}' wave {wave + 1}: {trimmed}");
            }

            Record(rollout, actor, AuditAction.Waived, $"Wave {wave + 1} ({waveEntity.Name}): {waived.Count} window{(waived.Count == 1 ? "" : "s")} not reached waived ({string.Join(", ", waived.Select(w => w.ClusterName))}). {trimmed}");
            rollout.ConcurrencyStamp = Guid.NewGuid();
            await RolloutCompletion.MarkAsync(db, [id], time.GetUtcNow().UtcDateTime, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return RolloutOutcome.Conflict(rollout, "rollout", "Someone else changed this rollout at the same moment. Reload it and look again.");
            }

            return new(rollout, [], []);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Cancels the rollout and every window of it that has not started (Draft, Submitted, Approved or Rejected), all or none.</summary>
    public async Task<RolloutOutcome> CancelAsync(Guid id, Actor actor, string? comment, CancellationToken cancellationToken) =>
        await InTransactionAsync(id, async (rollout, ct) =>
        {
            if (rollout.Status == RolloutStatus.Cancelled)
            {
                return RolloutOutcome.Conflict(rollout, "status", "The rollout is cancelled already.");
            }

            var windows = await db.Windows.AsNoTracking().Where(w => w.RolloutId == id).OrderBy(w => w.StartUtc).ToListAsync(ct);
            var cancelled = 0;
            foreach (var window in windows.Where(w => WindowWorkflow.Allows(w.Status, WindowAction.Cancel)))
            {
                if (Refused(await decisions.CancelAsync(window.Id, actor, comment, ct), window) is { } refused)
                {
                    return refused;
                }

                cancelled++;
            }

            return Then(actor, AuditAction.Cancelled, $"{cancelled} window{(cancelled == 1 ? "" : "s")} not started cancelled.{(string.IsNullOrWhiteSpace(comment) ? "" : $" {comment.Trim()}")}",
                r => r.Status = RolloutStatus.Cancelled);
        }, cancellationToken);

    // Takes one action on each window of the wave in `statuses`, in one transaction; the first refusal undoes them all.
    // An approval or rejection (`decision`) counts in the approvals metric only once the whole wave has committed.
    private Task<RolloutOutcome> WaveActionAsync(
        Guid id, int wave, AuditAction action, string? comment, WindowStatus[] statuses, string nothing, string? decision,
        Func<UpgradeWindowEntity, CancellationToken, Task<WindowChange>> decide, Actor actor, Action<RolloutEntity>? alsoOnRollout, CancellationToken cancellationToken) =>
        InTransactionAsync(id, async (rollout, ct) =>
        {
            if (rollout.Status == RolloutStatus.Cancelled)
            {
                return RolloutOutcome.Conflict(rollout, "status", "The rollout is cancelled.");
            }

            var waveEntity = await db.RolloutWaves.AsNoTracking().FirstOrDefaultAsync(w => w.RolloutId == id && w.Order == wave, ct);
            if (waveEntity is null)
            {
                return new RolloutOutcome(rollout, [new("wave", $"Rollout '{rollout.Name}' has no wave {wave}.")], [], WindowChangeFailure.NotFound);
            }

            var windows = (await db.Windows.AsNoTracking().Where(w => w.RolloutId == id && w.WaveIndex == wave).ToListAsync(ct))
                .Where(w => statuses.Contains(w.Status)).OrderBy(w => w.StartUtc).ThenBy(w => w.Title, StringComparer.Ordinal).ToList();
            if (windows.Count == 0)
            {
                return RolloutOutcome.Conflict(rollout, "wave", $"Wave {wave + 1} ({waveEntity.Name}) has no {nothing}.");
            }

            foreach (var window in windows)
            {
                if (Refused(await decide(window, ct), window) is { } refused)
                {
                    return refused;
                }
            }

            return Then(actor, action, $"Wave {wave + 1} ({waveEntity.Name}): {windows.Count} window{(windows.Count == 1 ? "" : "s")}.{(string.IsNullOrWhiteSpace(comment) ? "" : $" {comment.Trim()}")}",
                alsoOnRollout) with { AfterCommit = decision is null ? null : () => WindowDecisionService.CountDecisions(decision, windows.Count) };
        }, cancellationToken);

    // A window's refusal as the rollout's, naming the window.
    private static RolloutOutcome? Refused(WindowChange change, UpgradeWindowEntity window) =>
        change.Failure == WindowChangeFailure.None ? null
        : new RolloutOutcome(null,
            [.. change.Errors.Select(e => new FieldIssue(e.Field, e.Message.Contains(window.Id.ToString(), StringComparison.Ordinal) ? e.Message : $"Window '{window.Title}' ({window.Id}): {e.Message}"))],
            [.. change.Warnings.Select(w => new FieldIssue($"windows[{window.Id}]", w.Message, w.Code))], change.Failure);

    /// <summary>What a transaction's steps came to: a refusal (nothing is kept), or the rollout-level entry and change to record.</summary>
    private sealed record Step(RolloutOutcome? Refusal, Actor? Actor = null, AuditAction Action = AuditAction.Created, string Comment = "", Action<RolloutEntity>? Change = null)
    {
        /// <summary>What to do once the transaction has committed (never when it is undone).</summary>
        public Action? AfterCommit { get; init; }

        public static implicit operator Step(RolloutOutcome refusal) => new(refusal);
    }

    private static Step Then(Actor actor, AuditAction action, string comment, Action<RolloutEntity>? change) => new(null, actor, action, comment, change);

    /// <summary>
    /// Runs <paramref name="steps"/> (which decide windows through <see cref="WindowDecisionService"/>, each saving into
    /// this transaction) and commits only when all succeeded; then records the rollout-level entry.
    /// </summary>
    private async Task<RolloutOutcome> InTransactionAsync(Guid id, Func<RolloutEntity, CancellationToken, Task<Step>> steps, CancellationToken cancellationToken)
    {
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                if (await db.Rollouts.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is not { } found)
                {
                    return RolloutOutcome.NotFound(id);
                }

                var step = await steps(found, ct);
                if (step.Refusal is { } refusal)
                {
                    await transaction.RollbackAsync(ct);
                    return refusal;
                }

                db.ChangeTracker.Clear();
                var rollout = await db.Rollouts.FirstAsync(r => r.Id == id, ct);
                step.Change?.Invoke(rollout);
                rollout.ConcurrencyStamp = Guid.NewGuid();
                Record(rollout, step.Actor!, step.Action, step.Comment);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                step.AfterCommit?.Invoke();
                return new RolloutOutcome(rollout, [], []);
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return RolloutOutcome.Conflict(null, "rollout", "Someone else changed this rollout or one of its windows at the same moment. Reload it and look again.");
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private void Record(RolloutEntity rollout, Actor actor, AuditAction action, string comment) =>
        db.AuditEntries.Add(AuditEntryEntity.Of(AuditSubject.Rollout, rollout.Id, rollout.Name, time.GetUtcNow().UtcDateTime, actor, action, 1, comment: comment));

    private static string WindowName(int wave, ProposedWindow window) => $"windows[wave {wave + 1}, {window.Cluster.Name}, {window.Kind}]";

    private static UpgradeWindowRequest ToRequest(RolloutPlan plan, int wave, ProposedWindow window)
    {
        var title = $"{plan.Request.Name}: {window.Cluster.Name} (wave {wave + 1})";
        return new UpgradeWindowRequest(
            title.Length > UpgradeWindowRules.MaxTitleLength ? title[..UpgradeWindowRules.MaxTitleLength] : title,
            window.Cluster.SubscriptionId, window.Cluster.ResourceGroup, window.Cluster.Name, window.Pools, window.Kind.ToString(), window.Target,
            window.StartUtc, window.EndUtc, plan.Request.Rollout.TimeZone.Id, $"Rollout '{plan.Request.Name}', wave {wave + 1} ({plan.Request.Rollout.Waves[wave].Name}). {window.Slot}", null);
    }
}
