using System.Diagnostics;
using AksUpgradeDashboard.Azure;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model.Execution;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Notifications;
using AksUpgradeDashboard.Telemetry;
using AksUpgradeDashboard.Windows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Execution;

/// <summary>
/// Carries out windows on Azure one small move at a time: each call of <see cref="AdvanceAsync"/> gives every running
/// window one move (send its next step, or poll its running operation once), storing the state after each, so a
/// restart resumes where it stopped and a step is never sent twice. Only the lease holder calls it
/// (the upgrade executor). Safety checks run before every step (<see cref="ExecutionSafety"/>).
/// </summary>
public sealed partial class ExecutionRunner(
    DashboardDbContext db,
    AksWrites arm,
    WindowChecker checker,
    InventoryStore store,
    WindowAuditLog audit,
    NotificationOutbox outbox,
    WindowTransitionService transitions,
    IOptions<ExecutionOptions> options,
    IOptions<ApprovalOptions> approvals,
    TimeProvider time,
    ILogger<ExecutionRunner> logger)
{
    /// <summary>How long a claimed step may go without its operation URL before it is taken as lost (sent or not, we cannot know).</summary>
    private static readonly TimeSpan LostAfter = TimeSpan.FromMinutes(15);

    private const int MaxStaleRetries = 3;

    /// <summary>How long after its window's end an operation is still followed (AKS finishes what it started, but not forever).</summary>
    private static readonly TimeSpan FollowAfterEnd = TimeSpan.FromHours(12);

    private ExecutionOptions Options => options.Value;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// In Automatic mode, starts the approved windows that have opened; then moves every running window on once. Stops
    /// early once <paramref name="budget"/> has passed (the rest wait for the next round), so the lease is renewed before
    /// another replica could take it while a step is in flight.
    /// </summary>
    public async Task AdvanceAsync(CancellationToken cancellationToken, TimeSpan? budget = null)
    {
        var began = time.GetTimestamp();
        if (Options.Execution == ExecutionMode.Off)
        {
            return;
        }

        await OpenDueAsync(cancellationToken);
        if (Options.Execution == ExecutionMode.Automatic)
        {
            var now = Now;
            var due = await db.Windows.AsNoTracking()
                .Where(w => w.Status == WindowStatus.InProgress && w.ExecutionStartedAtUtc == null && w.StartUtc <= now && w.EndUtc > now)
                .Select(w => w.Id).ToListAsync(cancellationToken);
            foreach (var id in due)
            {
                if (await StartAsync(id, Actor.System, cancellationToken) is { } refused)
                {
                    LogStartRefused(id, refused);
                }
            }
        }

        var running = await db.Windows.AsNoTracking()
            .Where(w => w.ExecutionStartedAtUtc != null && w.ExecutionEndedAtUtc == null)
            .OrderBy(w => w.StartUtc).Select(w => w.Id).ToListAsync(cancellationToken);
        foreach (var id in running)
        {
            if (budget is { } b && time.GetElapsedTime(began) > b)
            {
                break;
            }

            try
            {
                await AdvanceWindowAsync(id, cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone aborted or confirmed meanwhile; the next round reads the window again.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One window's trouble (an answer we cannot read, a row the database refuses) must not hold up the others.
                LogWindowFailed(id, ex);
                db.ChangeTracker.Clear();
                await StopAfterErrorAsync(id, cancellationToken);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    // After an unexpected error the run stops rather than trying the same thing every round; nothing more is sent.
    private async Task StopAfterErrorAsync(Guid windowId, CancellationToken cancellationToken)
    {
        try
        {
            var window = await db.Windows.FirstAsync(w => w.Id == windowId, cancellationToken);
            var steps = await db.ExecutionSteps.Where(s => s.WindowId == windowId).OrderBy(s => s.Order).ToListAsync(cancellationToken);
            if (steps.FirstOrDefault(s => !s.IsFinished) is { } step)
            {
                await FailAsync(window, steps, step, "UnexpectedError",
                    "The dashboard hit an unexpected error on this step and stopped the run (the log has the details). Check the pool in the Azure portal.", cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWindowFailed(windowId, ex);
        }
    }

    /// <summary>Opens the approved windows whose start has come (the transition service's rule, gates included).</summary>
    public Task<int> OpenDueAsync(CancellationToken cancellationToken) => transitions.StartOpenedWindowsAsync(cancellationToken);

    /// <summary>
    /// Starts carrying out an open, approved window: stores its steps (Queued) and records who started it. Returns the
    /// refusal when it cannot start; the safety checks themselves run before each step.
    /// </summary>
    public async Task<string?> StartAsync(Guid windowId, Actor actor, CancellationToken cancellationToken)
    {
        try
        {
            var window = await db.Windows.FirstOrDefaultAsync(w => w.Id == windowId, cancellationToken);
            if (window is null)
            {
                return "The window does not exist.";
            }

            if (window.ExecutionStartedAtUtc is not null)
            {
                return $"The dashboard already started this window at {Format(window.ExecutionStartedAtUtc.Value)}.";
            }

            if (window.Status != WindowStatus.InProgress)
            {
                return window.Status == WindowStatus.Approved
                    ? $"The window is approved but not open: it opens at {Format(window.StartUtc)} (a rollout's gate may hold it)."
                    : $"The window is {window.Status}; only an approved window that has opened can be started.";
            }

            if (store.Current?.FindCluster(window.SubscriptionId, window.ResourceGroup, window.ClusterName) is not { } cluster)
            {
                return $"Cluster {window.ClusterName} is not in the current inventory.";
            }

            var pools = window.AllPools ? [.. cluster.Cluster.NodePools.Select(p => p.Name)] : window.NodePools;
            var steps = ExecutionPlan.For(window.Kind, window.Target, cluster.Cluster, pools, window.ApplyRecommendedSettings);
            if (steps.Count == 0)
            {
                return "None of the window's pools is in the current inventory: there is nothing to do.";
            }

            var now = Now;
            foreach (var step in steps)
            {
                db.ExecutionSteps.Add(new ExecutionStepEntity
                {
                    WindowId = window.Id, Revision = window.Revision, Order = step.Order, Kind = step.Kind, Pool = step.Pool, NewPool = step.NewPool, Status = StepStatus.Queued,
                });
            }

            window.ExecutionStartedAtUtc = now;
            window.ExecutionStartedBy = actor.Id;
            window.ConcurrencyStamp = Guid.NewGuid();
            audit.Record(window, actor, AuditAction.ExecutionStarted, comment: $"{steps.Count} step{(steps.Count == 1 ? "" : "s")}: {string.Join("; ", steps.Select(s => s.Describe(window.Target)))}");
            outbox.Add(NotificationKind.ExecutionStarted, window, actor);
            await db.SaveChangesAsync(cancellationToken);
            LogStarted(window.Id, window.Title, steps.Count, actor.Id);
            return null;
        }
        catch (DbUpdateException)
        {
            return "The window changed while it was being started (or another replica started it); reload and look again.";
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task AdvanceWindowAsync(Guid windowId, CancellationToken cancellationToken)
    {
        var window = await db.Windows.FirstAsync(w => w.Id == windowId, cancellationToken);
        var steps = await db.ExecutionSteps.Where(s => s.WindowId == windowId).OrderBy(s => s.Order).ToListAsync(cancellationToken);
        if (window.Status != WindowStatus.InProgress)
        {
            await EndAsync(window, steps, WindowStatus.Failed, $"The window became {window.Status} while it was being carried out.", cancellationToken);
            return;
        }

        if (steps.FirstOrDefault(s => !s.IsFinished) is not { } step)
        {
            await EndAsync(window, steps, WindowStatus.Completed, $"Every step succeeded ({steps.Count}).", cancellationToken);
            return;
        }

        var now = Now;
        if (step.NextCheckAtUtc is { } next && next > now)
        {
            return;
        }

        switch (step.Status)
        {
            case StepStatus.WaitingForPerson when now >= window.EndUtc:
                await FailAsync(window, steps, step, "NotConfirmed",
                    "The window ended before anyone confirmed that the workloads moved, so the old pools were not deleted. Delete them by hand once drained, or plan a new window.",
                    cancellationToken);
                break;

            case StepStatus.Running when now >= window.EndUtc + FollowAfterEnd:
                await FailAsync(window, steps, step, "StillRunning",
                    $"The operation was still running {FollowAfterEnd.TotalHours:0} hours after the window ended; the dashboard stopped following it. Check the pool in the Azure portal.",
                    cancellationToken);
                break;

            case StepStatus.Queued when step.Kind == StepKind.MoveWorkloads:
                step.Status = StepStatus.WaitingForPerson;
                step.StartedAtUtc = now;
                step.Result = "Waiting for an operator to cordon and drain the old pool and confirm.";
                await SaveAsync(step, cancellationToken);
                break;

            case StepStatus.Queued:
                await SendAsync(window, steps, step, cancellationToken);
                break;

            case StepStatus.Running when step.OperationUrl is null:
                if (now - (step.StartedAtUtc ?? now) >= LostAfter)
                {
                    await FailAsync(window, steps, step, "Lost",
                        "The dashboard stopped while this step's request was being sent, so it cannot know whether Azure received it; it was not sent again. Check the pool in the Azure portal.",
                        cancellationToken);
                }

                break;

            case StepStatus.Running:
                await PollAsync(window, steps, step, cancellationToken);
                break;
        }
    }

    private async Task SendAsync(UpgradeWindowEntity window, List<ExecutionStepEntity> steps, ExecutionStepEntity step, CancellationToken cancellationToken)
    {
        var reasons = await SafetyReasonsAsync(window, step, cancellationToken);
        if (reasons.Count > 0)
        {
            await FailAsync(window, steps, step, "SafetyCheck", "Stopped before anything was sent to Azure: " + string.Join(" ", reasons), cancellationToken);
            return;
        }

        var settings = RecommendedSettings(window, step);
        if (step.Kind == StepKind.ApplyUpgradeSettings && settings is null)
        {
            await FailAsync(window, steps, step, "NotInInventory", $"Pool {step.Pool} is not in the current inventory, so its recommended settings are unknown; nothing was sent.", cancellationToken);
            return;
        }

        // Claimed in the database first: after a crash the step is Running without an operation, never sent twice.
        step.Status = StepStatus.Running;
        step.StartedAtUtc = Now;
        step.Result = null;
        await SaveAsync(step, cancellationToken);

        using var span = DashboardMetrics.Upgrades.StartActivity($"upgrade {step.Kind}");
        span?.SetTag("aks.cluster", window.ClusterName).SetTag("aks.pool", step.Pool).SetTag("upgrade.step", step.Kind.ToString());
        SentStep sent;
        try
        {
            sent = await arm.SendAsync(window, step.AsPlanned(), cancellationToken, settings);
        }
        catch (ArmRequestException ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Error.Code);
            await FailAsync(window, steps, step, ex.Error.Code,
                $"Azure Resource Manager could not be reached ({ex.Error.Code}); the request may or may not have arrived. Check the pool in the Azure portal.", cancellationToken);
            return;
        }

        var answer = sent.Response;
        step.RequestId = answer.RequestId ?? step.RequestId;
        var verdict = ArmAnswers.Classify(answer.Status, answer.Error?.Code, answer.Error?.Message);
        span?.SetTag("arm.request_id", answer.RequestId).SetTag("http.response.status_code", answer.Status).SetTag("upgrade.answer", verdict.Answer.ToString());
        switch (verdict.Answer)
        {
            case WriteAnswer.Accepted when answer.OperationUrl is { } url && !arm.IsArmUrl(url):
                // Our bearer token goes only to the configured ARM host; an operation elsewhere cannot be followed.
                await FailAsync(window, steps, step, "InvalidOperationUrl",
                    "Azure accepted the change but gave an operation address on another host, which the dashboard does not follow. Check the pool in the Azure portal.", cancellationToken);
                break;

            case WriteAnswer.Accepted:
                step.OperationUrl = answer.OperationUrl ?? sent.Resource.ToString();
                step.NextCheckAtUtc = Now + Longer(Options.PollInterval, answer.RetryAfter);
                step.Result = "Running.";
                audit.Record(window, Actor.System, AuditAction.StepStarted,
                    comment: $"{step.AsPlanned().Describe(window.Target)}: accepted (HTTP {answer.Status}, request id {answer.RequestId ?? "none"}).");
                try
                {
                    await SaveAsync(step, cancellationToken);
                }
                catch (DbUpdateConcurrencyException)
                {
                    await AbortedWhileSendingAsync(window.Id, step, answer, cancellationToken);
                }

                break;

            case WriteAnswer.Busy or WriteAnswer.Stale when step.Attempts < MaxStaleRetries || verdict.Answer == WriteAnswer.Busy:
                step.Status = StepStatus.Queued;
                step.StartedAtUtc = null;
                step.Attempts++;
                step.ErrorCode = verdict.ErrorCode;
                step.Result = verdict.Explanation;
                step.NextCheckAtUtc = verdict.Answer == WriteAnswer.Stale ? Now : Now + Longer(Options.BusyRetryInterval, answer.RetryAfter);
                await SaveAsync(step, cancellationToken);
                LogRetry(window.Id, step.Kind, verdict.ErrorCode, step.Attempts);
                break;

            default:
                span?.SetStatus(ActivityStatusCode.Error, verdict.ErrorCode);
                await FailAsync(window, steps, step, verdict.ErrorCode ?? $"Http{answer.Status}", verdict.Explanation, cancellationToken);
                break;
        }
    }

    /// <summary>
    /// An operator aborted while this step's request was on its way, and Azure accepted it: the run is already Aborted,
    /// so what the request started is aborted on Azure now and recorded, rather than left running unfollowed.
    /// </summary>
    private async Task AbortedWhileSendingAsync(Guid windowId, ExecutionStepEntity step, ArmResponse accepted, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var window = await db.Windows.FirstAsync(w => w.Id == windowId, cancellationToken);
        var outcome = await arm.AbortAsync(window, step.AbortTarget, cancellationToken);
        audit.Record(window, Actor.System, AuditAction.ExecutionAborted,
            comment: $"{step.AsPlanned().Describe(window.Target)}: its request reached Azure after the run was aborted (request id {accepted.RequestId ?? "none"}). {outcome}");
        await db.SaveChangesAsync(cancellationToken);
        LogAbortedWhileSending(window.Id, outcome);
    }

    private async Task PollAsync(UpgradeWindowEntity window, List<ExecutionStepEntity> steps, ExecutionStepEntity step, CancellationToken cancellationToken)
    {
        ArmResponse answer;
        try
        {
            answer = await arm.PollAsync(step.OperationUrl!, cancellationToken);
        }
        catch (ArmRequestException ex)
        {
            // The operation runs on in Azure whatever our network does: look again next round.
            step.NextCheckAtUtc = Now + Options.PollInterval;
            step.Result = $"Could not read the operation's status ({ex.Error.Code}); trying again.";
            await SaveAsync(step, cancellationToken);
            return;
        }

        var followingDeletion = step.Kind == StepKind.DeletePool && step.OperationUrl == arm.PoolUri(window, step.Pool!).ToString();
        var status = ArmAnswers.ReadPoll(answer.Status, answer.Error?.Code, answer.Error?.Message, answer.Body, followingDeletion);
        switch (status.State)
        {
            case OperationState.InProgress:
                step.NextCheckAtUtc = Now + Longer(Options.PollInterval, answer.RetryAfter);
                await SaveAsync(step, cancellationToken);
                break;

            case OperationState.Succeeded:
                step.Status = StepStatus.Succeeded;
                step.FinishedAtUtc = Now;
                step.NextCheckAtUtc = null;
                step.Result = "Succeeded.";
                audit.Record(window, Actor.System, AuditAction.StepSucceeded, comment: $"{step.AsPlanned().Describe(window.Target)}: succeeded (request id {step.RequestId ?? "none"}).");
                Count(step, "succeeded");
                await SaveAsync(step, cancellationToken);
                break;

            default:
                var canceled = status.State == OperationState.Canceled;
                await FailAsync(window, steps, step, status.ErrorCode ?? (canceled ? "Canceled" : "Failed"),
                    canceled ? "Azure canceled the operation." : $"The operation failed: {status.ErrorCode}{(status.ErrorMessage is { } m ? $": {m}" : "")}", cancellationToken);
                break;
        }
    }

    // The recommended settings for the step's pool, from the inventory's view of the pool and its cluster's tags.
    private RecommendedUpgradeSettings? RecommendedSettings(UpgradeWindowEntity window, ExecutionStepEntity step) =>
        step.Kind == StepKind.ApplyUpgradeSettings
        && store.Current?.FindCluster(window.SubscriptionId, window.ResourceGroup, window.ClusterName) is { } cluster
        && cluster.Cluster.NodePools.FirstOrDefault(p => string.Equals(p.Name, step.Pool, StringComparison.OrdinalIgnoreCase)) is { } pool
            ? UpgradeSettingsAdvice.For(pool, UpgradeSettingsAdvice.IsProduction(cluster.Cluster))
            : null;

    /// <summary>The safety checks before <paramref name="step"/>, with the cluster and pool read live from ARM.</summary>
    private async Task<IReadOnlyList<string>> SafetyReasonsAsync(UpgradeWindowEntity window, ExecutionStepEntity step, CancellationToken cancellationToken)
    {
        var approvalsAtRevision = await db.Approvals.AsNoTracking().Where(a => a.WindowId == window.Id && a.Revision == window.Revision).ToListAsync(cancellationToken);
        var acknowledged = approvalsAtRevision.SelectMany(a => (a.AcknowledgedWarnings ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        var check = await checker.CheckAsync(WindowPlans.ToRequest(window), window.Id, cancellationToken, asOf: window.Start);
        var blackoutPrefix = WarningCodes.BlackoutOverride + ":";
        var unacknowledged = (check?.Warnings ?? [])
            .Where(w => w.Code is { } code && code.StartsWith(blackoutPrefix, StringComparison.Ordinal) && !acknowledged.Contains(code))
            .Select(w => w.Code![blackoutPrefix.Length..]).ToList();

        string? clusterState = null, power = null, poolState = null;
        var cluster = await ReadAsync(arm.ClusterUri(window), cancellationToken);
        if (cluster is not null)
        {
            clusterState = ArmResourceJson.Property(cluster, "provisioningState");
            power = ArmResourceJson.PowerState(cluster);
        }

        // A step on a pool that exists reads it live; a new pool's step checks the old pool it copies.
        var pool = step.Kind == StepKind.UpgradeControlPlane ? null : step.Pool;
        if (pool is not null && await ReadAsync(arm.PoolUri(window, pool), cancellationToken) is { } poolJson)
        {
            poolState = ArmResourceJson.Property(poolJson, "provisioningState");
        }

        return ExecutionSafety.Check(new SafetyFacts
        {
            Status = window.Status,
            ApprovalsAtRevision = approvalsAtRevision.Select(a => a.Approver).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
            ApprovalsRequired = approvals.Value.Required,
            Now = time.GetUtcNow(),
            Start = window.Start,
            End = window.End,
            MinimumTimeLeft = Options.MinimumTimeLeft,
            RuleErrors = check is null ? [new Model.FieldIssue("inventory", "The inventory is not loaded, so the rules could not run.")] : check.Errors,
            UnacknowledgedBlackouts = unacknowledged,
            InventoryReadAt = store.Current?.Snapshot.RefreshedAt,
            MaxInventoryAge = Options.MaxInventoryAge,
            ClusterProvisioningState = clusterState,
            ClusterPowerState = power,
            Pool = pool,
            PoolProvisioningState = poolState,
        });
    }

    private async Task<string?> ReadAsync(Uri resource, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await arm.GetAsync(resource, cancellationToken);
            return answer.Status == 200 ? answer.Body : null;
        }
        catch (ArmRequestException)
        {
            return null; // reported by the safety check as an unknown state
        }
    }

    private async Task FailAsync(UpgradeWindowEntity window, List<ExecutionStepEntity> steps, ExecutionStepEntity step, string code, string reason, CancellationToken cancellationToken)
    {
        step.Status = StepStatus.Failed;
        step.FinishedAtUtc = Now;
        step.NextCheckAtUtc = null;
        step.ErrorCode = AuditEntryEntity.Shortened(code, 128);
        step.Result = AuditEntryEntity.Shortened(reason, DashboardDbContext.MaxCompletionFoundLength);
        audit.Record(window, Actor.System, AuditAction.StepFailed, comment: $"{step.AsPlanned().Describe(window.Target)}: {reason} (request id {step.RequestId ?? "none"})");
        Count(step, "failed");
        await EndAsync(window, steps, WindowStatus.Failed, $"{step.AsPlanned().Describe(window.Target)} failed: {reason}", cancellationToken);
    }

    /// <summary>Ends the run: the steps not run are Skipped, the window Completed, Failed or Aborted, recorded and announced.</summary>
    internal async Task EndAsync(UpgradeWindowEntity window, List<ExecutionStepEntity> steps, WindowStatus outcome, string why, CancellationToken cancellationToken, Actor? actor = null)
    {
        var now = Now;
        foreach (var rest in steps.Where(s => !s.IsFinished))
        {
            rest.Status = StepStatus.Skipped;
            rest.FinishedAtUtc = now;
            rest.NextCheckAtUtc = null;
            rest.ConcurrencyStamp = Guid.NewGuid();
        }

        if (window.Status == WindowStatus.InProgress)
        {
            window.Status = outcome;
        }

        window.ExecutionEndedAtUtc = now;
        window.ExecutionOutcome = AuditEntryEntity.Shortened(why, DashboardDbContext.MaxCompletionFoundLength);
        window.ConcurrencyStamp = Guid.NewGuid();
        var (action, kind) = outcome switch
        {
            WindowStatus.Completed => (AuditAction.ExecutionCompleted, NotificationKind.ExecutionCompleted),
            WindowStatus.Aborted => (AuditAction.ExecutionAborted, NotificationKind.ExecutionFailed),
            _ => (AuditAction.ExecutionFailed, NotificationKind.ExecutionFailed),
        };
        audit.Record(window, actor ?? Actor.System, action, comment: why);
        outbox.Add(kind, window, actor ?? Actor.System, why);
        await db.SaveChangesAsync(cancellationToken);
        LogEnded(window.Id, window.Title, outcome, why);
    }

    private async Task SaveAsync(ExecutionStepEntity step, CancellationToken cancellationToken)
    {
        step.ConcurrencyStamp = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Count(ExecutionStepEntity step, string result) =>
        DashboardMetrics.UpgradeOperations.Add(1, new KeyValuePair<string, object?>("step", step.Kind.ToString()), new KeyValuePair<string, object?>("result", result));

    private static TimeSpan Longer(TimeSpan ours, TimeSpan? theirs) => theirs is { } t && t > ours ? t : ours;

    private static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started carrying out window {WindowId} ({Title}) on Azure: {Steps} steps, started by {Actor}")]
    private partial void LogStarted(Guid windowId, string title, int steps, string actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Window {WindowId} was aborted while a step's request was on its way; {Outcome}")]
    private partial void LogAbortedWhileSending(Guid windowId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Window {WindowId} is due but was not started: {Reason}")]
    private partial void LogStartRefused(Guid windowId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Carrying out window {WindowId} failed unexpectedly; its run is stopped")]
    private partial void LogWindowFailed(Guid windowId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Window {WindowId}: {Step} answered {Code}; trying again later (attempt {Attempts})")]
    private partial void LogRetry(Guid windowId, StepKind step, string? code, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Window {WindowId} ({Title}) ended {Outcome}: {Why}")]
    private partial void LogEnded(Guid windowId, string title, WindowStatus outcome, string why);
}
