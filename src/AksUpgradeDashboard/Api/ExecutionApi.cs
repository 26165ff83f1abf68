using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Execution;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AksUpgradeDashboard.Api;

/// <summary>One step of a window's run on Azure.</summary>
public sealed record ExecutionStepResponse(
    int Order, string Kind, string Description, string? Pool, string? NewPool, string Status,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? RequestId, int Attempts, string? ErrorCode, string? Result);

/// <summary>A window's run on Azure: the mode, who started it, how it ended, and its steps.</summary>
public sealed record ExecutionResponse(
    Guid WindowId, string Mode, string WindowStatus, DateTimeOffset? StartedAt, string? StartedBy, DateTimeOffset? EndedAt, string? Outcome,
    bool CanStart, bool CanAbort, bool CanConfirmMoved, IReadOnlyList<ExecutionStepResponse> Steps)
{
    public static ExecutionResponse From(ExecutionView view)
    {
        var w = view.Window;
        return new(w.Id, view.Mode.ToString(), w.Status.ToString(),
            w.ExecutionStartedAtUtc is { } s ? UpgradeWindowEntity.AsUtc(s) : null, w.ExecutionStartedBy,
            w.ExecutionEndedAtUtc is { } e ? UpgradeWindowEntity.AsUtc(e) : null, w.ExecutionOutcome,
            view.CanStart, view.CanAbort, view.CanConfirmMoved,
            [.. view.Steps.Select(step => new ExecutionStepResponse(step.Order, step.Kind.ToString(), step.AsPlanned().Describe(w.Target), step.Pool, step.NewPool,
                step.Status.ToString(), step.StartedAt, step.FinishedAt, step.RequestId, step.Attempts, step.ErrorCode, step.Result))]);
    }
}

/// <summary>The body of abort: why (required, for the audit trail).</summary>
public sealed record AbortBody(string? Comment);

/// <summary><c>/api/v1/windows/{id}/execution</c>: read a window's run on Azure; start it, abort it, confirm moved workloads (operators).</summary>
public static class ExecutionApi
{
    public static IEndpointRouteBuilder MapExecutionApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/windows/{id:guid}/execution").WithTags("Carrying out windows").RequireAuthorization(DashboardPolicies.Read);

        api.MapGet("/", async Task<Results<Ok<ExecutionResponse>, ProblemHttpResult>> (Guid id, ExecutionService execution, CancellationToken ct) =>
            await execution.ViewAsync(id, ct) is { } view ? TypedResults.Ok(ExecutionResponse.From(view)) : NotFound(id));

        api.MapPost("/start", (Guid id, HttpContext context, ExecutionService execution, CancellationToken ct) =>
            ActedAsync(id, execution, () => execution.StartAsync(id, DashboardUser.ActorOf(context.User), ct), ct))
            .DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);

        api.MapPost("/abort", (Guid id, AbortBody body, HttpContext context, ExecutionService execution, CancellationToken ct) =>
            ActedAsync(id, execution, () => execution.AbortAsync(id, DashboardUser.ActorOf(context.User), body.Comment, ct), ct))
            .DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);

        api.MapPost("/confirm-moved", (Guid id, HttpContext context, ExecutionService execution, CancellationToken ct) =>
            ActedAsync(id, execution, () => execution.ConfirmWorkloadsMovedAsync(id, DashboardUser.ActorOf(context.User), ct), ct))
            .DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);

        return endpoints;
    }

    private static async Task<Results<Ok<ExecutionResponse>, ProblemHttpResult>> ActedAsync(Guid id, ExecutionService execution, Func<Task<string?>> action, CancellationToken ct)
    {
        if (await execution.ViewAsync(id, ct) is null)
        {
            return NotFound(id);
        }

        var refusal = await action();
        var view = await execution.ViewAsync(id, ct);
        return refusal is null && view is not null
            ? TypedResults.Ok(ExecutionResponse.From(view))
            : TypedResults.Problem(refusal, statusCode: StatusCodes.Status409Conflict, title: "Not done");
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"No upgrade window {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
