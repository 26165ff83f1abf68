using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Execution;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Execution;

/// <summary>A window's run as people see it: the mode, the steps, and what may be done now.</summary>
public sealed record ExecutionView(
    ExecutionMode Mode, UpgradeWindowEntity Window, IReadOnlyList<ExecutionStepEntity> Steps, bool CanStart, bool CanAbort, bool CanConfirmMoved);

/// <summary>What operators do to a run: start it, abort it, confirm the workloads moved. Each returns a refusal, or null.</summary>
public sealed class ExecutionService(
    DashboardDbContext db, ExecutionRunner runner, AksWrites arm, WindowAuditLog audit, IOptions<ExecutionOptions> options, TimeProvider time)
{
    public ExecutionMode Mode => options.Value.Execution;

    public async Task<ExecutionView?> ViewAsync(Guid windowId, CancellationToken cancellationToken)
    {
        var window = await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == windowId, cancellationToken);
        if (window is null)
        {
            return null;
        }

        var steps = await db.ExecutionSteps.AsNoTracking().Where(s => s.WindowId == windowId).OrderBy(s => s.Order).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return new ExecutionView(
            Mode, window, steps,
            CanStart: Mode != ExecutionMode.Off && window.ExecutionStartedAtUtc is null && window.Status is WindowStatus.InProgress or WindowStatus.Approved
                && window.Start <= now && now < window.End,
            CanAbort: Mode != ExecutionMode.Off && window.IsExecuting,
            CanConfirmMoved: Mode != ExecutionMode.Off && window.IsExecuting && steps.Any(s => s.Status == StepStatus.WaitingForPerson));
    }

    /// <summary>Starts the run now (Manual mode, or early in Automatic). The safety checks run before each step.</summary>
    public async Task<string?> StartAsync(Guid windowId, Actor actor, CancellationToken cancellationToken)
    {
        if (Mode == ExecutionMode.Off)
        {
            return "The dashboard does not carry out windows here (Upgrades:Execution is Off): follow the runbook.";
        }

        // An approved window whose start has come opens now rather than at the next minute's check (a closed rollout gate still holds it).
        await runner.OpenDueAsync(cancellationToken);
        return await runner.StartAsync(windowId, actor, cancellationToken);
    }

    /// <summary>
    /// Stops the run: asks AKS to abort the operation running on the pool (or cluster), marks the rest Skipped and the
    /// window Aborted. The run stops even when AKS's abort fails; what AKS answered is recorded.
    /// </summary>
    public async Task<string?> AbortAsync(Guid windowId, Actor actor, string? comment, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            return "A comment is required to abort: say why, for the audit trail.";
        }

        try
        {
            var window = await db.Windows.FirstOrDefaultAsync(w => w.Id == windowId, cancellationToken);
            if (window is null)
            {
                return "The window does not exist.";
            }

            if (!window.IsExecuting || !WindowWorkflow.Decide(window.Status, WindowAction.Abort, WindowPerson.Other).Allowed)
            {
                return "The dashboard is not carrying out this window, so there is nothing to abort.";
            }

            var steps = await db.ExecutionSteps.Where(s => s.WindowId == windowId).OrderBy(s => s.Order).ToListAsync(cancellationToken);
            var aks = "Nothing was running on Azure.";
            if (steps.FirstOrDefault(s => s.Status == StepStatus.Running) is { } running)
            {
                // No operation yet: its request is in flight. The executor's save then conflicts with this one, and it
                // asks AKS to abort what its request started (ExecutionRunner.AbortedWhileSendingAsync).
                aks = running.OperationUrl is null
                    ? "The step's request was being sent; the dashboard asks AKS to abort it as soon as Azure answers."
                    : await arm.AbortAsync(window, running.AbortTarget, cancellationToken);
                running.Status = StepStatus.Aborted;
                running.FinishedAtUtc = time.GetUtcNow().UtcDateTime;
                running.Result = aks;
                running.ConcurrencyStamp = Guid.NewGuid();
            }

            await runner.EndAsync(window, steps, WindowStatus.Aborted, $"Aborted by {actor.Name}: {comment.Trim()} {aks}", cancellationToken, actor);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return "The run moved on while you were aborting it; reload and look again.";
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>An operator confirms the old pools are cordoned and drained and the workloads run on the new pools; the old pools are deleted next.</summary>
    public async Task<string?> ConfirmWorkloadsMovedAsync(Guid windowId, Actor actor, CancellationToken cancellationToken)
    {
        try
        {
            var window = await db.Windows.FirstOrDefaultAsync(w => w.Id == windowId, cancellationToken);
            var steps = await db.ExecutionSteps.Where(s => s.WindowId == windowId && s.Kind == StepKind.MoveWorkloads).ToListAsync(cancellationToken);
            if (window is null || !window.IsExecuting || !steps.Any(s => s.Status == StepStatus.WaitingForPerson))
            {
                return "The window is not waiting for workloads to be moved.";
            }

            var now = time.GetUtcNow().UtcDateTime;
            foreach (var step in steps.Where(s => !s.IsFinished))
            {
                step.Status = StepStatus.Succeeded;
                step.StartedAtUtc ??= now;
                step.FinishedAtUtc = now;
                step.Result = $"Confirmed by {actor.Name}.";
                step.ConcurrencyStamp = Guid.NewGuid();
            }

            window.ConcurrencyStamp = Guid.NewGuid();
            audit.Record(window, actor, AuditAction.WorkloadsMoved, comment: $"Confirmed that the workloads moved off {string.Join(", ", steps.Select(s => s.Pool))}; the old pools are deleted next.");
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return "The run moved on meanwhile; reload and look again.";
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
