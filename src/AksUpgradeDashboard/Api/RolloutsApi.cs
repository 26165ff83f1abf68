using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Rollouts;
using AksUpgradeDashboard.Windows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AksUpgradeDashboard.Api;

/// <summary>The body of POST <c>/api/v1/rollouts</c>: the proposal's request, and optionally the planner's edits of its windows.</summary>
public sealed record RolloutSaveBody(
    string? Name, string? Kind, string? Target, string? Query, IReadOnlyList<WaveRequest>? Waves, string? TimeZone, int? WindowHours, DateTimeOffset? NotBefore,
    IReadOnlyList<WindowEdit>? Edits)
{
    public RolloutRequest Request => new(Name, Kind, Target, Query, Waves, TimeZone, WindowHours, NotBefore);
}

/// <summary>The body of a wave decision: a comment, and to approve or reject the revision of each window seen, by id.</summary>
public sealed record WaveDecisionBody(string? Comment, IReadOnlyDictionary<Guid, int>? Revisions = null, IReadOnlyList<string>? AcknowledgedWarnings = null);

public sealed record ProposedWindowResponse(
    int Wave, string ClusterId, string SubscriptionId, string ResourceGroup, string Cluster, string Kind, string? Target, IReadOnlyList<string> NodePools,
    DateTimeOffset Start, DateTimeOffset End, string Slot);

public sealed record UnscheduledResponse(string ClusterId, string Cluster, string Kind, IReadOnlyList<string> NodePools, string Reason);

public sealed record PoolLeftOutResponse(string PoolId, string Cluster, string NodePool, string Reason);

public sealed record WaveProposalResponse(int Index, string Name, string Rule, DateTimeOffset SpanStart, DateTimeOffset SpanEnd, IReadOnlyList<ProposedWindowResponse> Windows, IReadOnlyList<UnscheduledResponse> Unscheduled);

public sealed record RolloutProposalResponse(
    IReadOnlyList<WaveProposalResponse> Waves, IReadOnlyList<PoolLeftOutResponse> Unassigned, IReadOnlyList<PoolLeftOutResponse> OnTarget, IReadOnlyList<PoolLeftOutResponse> Blocked,
    DateTimeOffset? Finish, int PoolsScheduled, int PoolsNotScheduled, string Projection)
{
    public static RolloutProposalResponse From(RolloutPlan plan)
    {
        var p = plan.Proposal;
        static PoolLeftOutResponse Left(Model.Rollouts.PoolLeftOut l) => new(l.Pool.Id, l.Pool.Cluster.Name, l.Pool.Pool.Name, l.Reason);
        return new(
            [.. p.Waves.Select((w, i) => new WaveProposalResponse(i, w.Wave.Name, w.Wave.Rule.Description, w.SpanStart, w.SpanEnd,
                [.. w.Windows.Select(x => new ProposedWindowResponse(i, x.Cluster.Id, x.Cluster.SubscriptionId, x.Cluster.ResourceGroup, x.Cluster.Name, x.Kind.ToString(), x.Target, x.Pools, x.StartUtc, x.EndUtc, x.Slot))],
                [.. w.Unscheduled.Select(u => new UnscheduledResponse(u.Cluster.Id, u.Cluster.Name, u.Kind.ToString(), u.Pools, u.Reason))]))],
            [.. p.Unassigned.Select(Left)], [.. p.OnTarget.Select(Left)], [.. p.Blocked.Select(Left)],
            p.Finish, p.PoolsScheduled, p.PoolsNotScheduled, plan.Projection);
    }
}

public sealed record GateResponse(bool Open, string? Blocker);

public sealed record WaiverResponse(string By, string ByName, DateTimeOffset At, string? Comment, IReadOnlyList<Guid> WindowIds);

public sealed record RolloutWindowResponse(
    Guid Id, string Title, string ClusterId, string Cluster, string ResourceGroup, string SubscriptionId, IReadOnlyList<string> NodePools, string Kind, string? Target,
    DateTimeOffset Start, DateTimeOffset End, string Status, int Revision, bool Waived, string? CompletionFound);

public sealed record RolloutWaveResponse(
    int Index, string Name, string RuleKind, string RuleValue, string Rule, double DurationDays, int MaxConcurrentClusters, double SoakDays,
    GateResponse Gate, WaveProgress Progress, WaiverResponse? Waiver, IReadOnlyList<RolloutWindowResponse> Windows);

public sealed record RolloutResponse(
    Guid Id, string Name, string Kind, string? Target, string Query, string TimeZone, int WindowHours, string Status,
    string CreatedBy, string CreatedByName, DateTimeOffset CreatedAt, string Projection, IReadOnlyList<RolloutWaveResponse> Waves)
{
    public static RolloutResponse From(RolloutView view)
    {
        var r = view.Rollout;
        return new(r.Id, r.Name, r.Kind.ToString(), r.Target, r.Query, r.TimeZone, r.WindowHours, r.Status.ToString(), r.CreatedBy, r.CreatedByDisplay, r.CreatedAt, view.Projection,
            [.. view.Waves.Select(w => new RolloutWaveResponse(
                w.Wave.Order, w.Wave.Name, w.Wave.RuleKind, w.Wave.RuleValue, w.Rule?.Description ?? w.Wave.RuleValue, w.Wave.Duration.TotalDays, w.Wave.MaxConcurrentClusters, w.Wave.Soak.TotalDays,
                new GateResponse(w.Gate.Open, w.Gate.Blocker), w.Progress,
                w.Wave.WaivedBy is { } by ? new WaiverResponse(by, w.Wave.WaivedByName ?? by, UpgradeWindowEntity.AsUtc(w.Wave.WaivedAtUtc ?? default), w.Wave.WaiverComment, w.Wave.WaivedWindowIds) : null,
                [.. w.Windows.Select(x => new RolloutWindowResponse(x.Id, x.Title, x.ClusterId, x.ClusterName, x.ResourceGroup, x.SubscriptionId, x.NodePools, x.Kind.ToString(), x.Target,
                    x.Start, x.End, x.Status.ToString(), x.Revision, w.Wave.WaivedWindowIds.Contains(x.Id), x.CompletionFound))]))]);
    }
}

/// <summary>One row of the rollout's CSV: a window with its wave, status and the wave's gate.</summary>
public sealed record RolloutCsvRow(
    string Rollout, int Wave, string WaveName, string Cluster, string ResourceGroup, string SubscriptionId, IReadOnlyList<string> NodePools, string Kind, string? Target,
    DateTimeOffset Start, DateTimeOffset End, string Status, bool Waived, string Gate, int WavePoolsDone, int WavePoolsRemaining, string Projection);

/// <summary>
/// <c>/api/v1/rollouts</c> (issue 18): propose a rollout, save it with all its windows as drafts, and submit, approve,
/// reject or waive it a wave at a time; cancel it; read it with its gates and progress, or as CSV.
/// </summary>
public static class RolloutsApi
{
    public static IEndpointRouteBuilder MapRolloutsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/rollouts").WithTags("Rollouts").RequireAuthorization(DashboardPolicies.Read);

        api.MapPost("/proposal", async Task<Results<Ok<RolloutProposalResponse>, ValidationProblem, ProblemHttpResult>> (RolloutRequest body, RolloutPlanner planner, CancellationToken ct) =>
        {
            var planned = await planner.ProposeAsync(body, ct);
            return planned.Plan is { } plan ? TypedResults.Ok(RolloutProposalResponse.From(plan))
                : planned.NotLoaded ? NotLoaded(planned.Errors)
                : Invalid(planned.Errors, [], "The rollout request is not valid.");
        }).DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);

        api.MapPost("/", async Task<Results<Created<RolloutResponse>, ValidationProblem, ProblemHttpResult>> (RolloutSaveBody body, HttpContext context, RolloutService rollouts, RolloutReader reader, CancellationToken ct) =>
        {
            var change = await rollouts.SaveAsync(body.Request, body.Edits, DashboardUser.ActorOf(context.User), ct);
            return change.Failure switch
            {
                WindowChangeFailure.None => TypedResults.Created($"/api/v1/rollouts/{change.Rollout!.Id}", RolloutResponse.From((await reader.FindAsync(change.Rollout.Id, ct))!)),
                WindowChangeFailure.Invalid => Invalid(change.Errors, change.Warnings, "The rollout cannot be saved. Nothing was saved."),
                _ => Failed(change),
            };
        }).DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);

        api.MapGet("/", async (RolloutReader reader, CancellationToken ct) => TypedResults.Ok((await reader.ListAsync(ct)).Select(RolloutResponse.From).ToList()));

        api.MapGet("/{id:guid}", async Task<Results<Ok<RolloutResponse>, ProblemHttpResult>> (Guid id, RolloutReader reader, CancellationToken ct) =>
            await reader.FindAsync(id, ct) is { } view ? TypedResults.Ok(RolloutResponse.From(view)) : NotFound(id));

        api.MapGet("/{id:guid}.csv", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (Guid id, HttpContext context, RolloutReader reader, TimeProvider time, CancellationToken ct) =>
        {
            if (await reader.FindAsync(id, ct) is not { } view)
            {
                return NotFound(id);
            }

            var rows = view.Waves.SelectMany(w => w.Windows.Select(x => new RolloutCsvRow(
                view.Rollout.Name, w.Wave.Order + 1, w.Wave.Name, x.ClusterName, x.ResourceGroup, x.SubscriptionId, x.NodePools, x.Kind.ToString(), x.Target, x.Start, x.End,
                x.Status.ToString(), w.Wave.WaivedWindowIds.Contains(x.Id), w.Gate.Blocker ?? "open", w.Progress.PoolsDone, w.Progress.PoolsRemaining, view.Projection)));
            await CsvExport.WriteAsync(context, "rollout", rows, time, ct);
            return TypedResults.Empty;
        }).Produces<string>(StatusCodes.Status200OK, "text/csv");

        api.MapPost("/{id:guid}/waves/{index:int}/submit", (Guid id, int index, WaveDecisionBody body, HttpContext context, RolloutService rollouts, RolloutReader reader, CancellationToken ct) =>
            DoneAsync(rollouts.SubmitWaveAsync(id, index, DashboardUser.ActorOf(context.User), body.Comment, ct), id, reader, ct))
            .DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);
        api.MapPost("/{id:guid}/waves/{index:int}/approve", (Guid id, int index, WaveDecisionBody body, HttpContext context, RolloutService rollouts, RolloutReader reader, CancellationToken ct) =>
            DoneAsync(rollouts.DecideWaveAsync(id, index, approve: true, DashboardUser.ActorOf(context.User), body.Comment, body.Revisions, body.AcknowledgedWarnings, ct), id, reader, ct))
            .DisableAntiforgery().RequireAuthorization(DashboardPolicies.Approve);
        api.MapPost("/{id:guid}/waves/{index:int}/reject", (Guid id, int index, WaveDecisionBody body, HttpContext context, RolloutService rollouts, RolloutReader reader, CancellationToken ct) =>
            DoneAsync(rollouts.DecideWaveAsync(id, index, approve: false, DashboardUser.ActorOf(context.User), body.Comment, body.Revisions, null, ct), id, reader, ct))
            .DisableAntiforgery().RequireAuthorization(DashboardPolicies.Approve);
        api.MapPost("/{id:guid}/waves/{index:int}/waive", (Guid id, int index, WaveDecisionBody body, HttpContext context, RolloutService rollouts, RolloutReader reader, CancellationToken ct) =>
            DoneAsync(rollouts.WaiveAsync(id, index, DashboardUser.ActorOf(context.User), body.Comment, ct), id, reader, ct))
            .DisableAntiforgery().RequireAuthorization(DashboardPolicies.Approve);
        api.MapPost("/{id:guid}/cancel", (Guid id, WaveDecisionBody body, HttpContext context, RolloutService rollouts, RolloutReader reader, CancellationToken ct) =>
            DoneAsync(rollouts.CancelAsync(id, DashboardUser.ActorOf(context.User), body.Comment, ct), id, reader, ct))
            .DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);

        return endpoints;
    }

    private static async Task<Results<Ok<RolloutResponse>, ValidationProblem, ProblemHttpResult>> DoneAsync(Task<RolloutOutcome> action, Guid id, RolloutReader reader, CancellationToken ct)
    {
        var change = await action;
        return change.Failure switch
        {
            WindowChangeFailure.None => await reader.FindAsync(id, ct) is { } view ? TypedResults.Ok(RolloutResponse.From(view)) : NotFound(id),
            WindowChangeFailure.Invalid => Invalid(change.Errors, change.Warnings, "The request is not valid. Nothing was changed."),
            _ => Failed(change),
        };
    }

    private static ProblemHttpResult NotFound(Guid id) => TypedResults.Problem($"No rollout {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ProblemHttpResult NotLoaded(IReadOnlyList<FieldIssue> errors) =>
        TypedResults.Problem(errors.Count > 0 ? errors[0].Message : null, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Inventory not loaded");

    private static ValidationProblem Invalid(IEnumerable<FieldIssue> errors, IEnumerable<FieldIssue> warnings, string title) => TypedResults.ValidationProblem(
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
        title: title,
        extensions: new Dictionary<string, object?> { ["warnings"] = warnings.Select(w => new WindowIssueResponse(w.Field, w.Message, w.Code)).ToList() });

    private static ProblemHttpResult Failed(RolloutOutcome change) => change.Failure switch
    {
        WindowChangeFailure.NotFound => TypedResults.Problem(change.Errors[0].Message, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        WindowChangeFailure.Forbidden => TypedResults.Problem(change.Errors[0].Message, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden"),
        WindowChangeFailure.Conflict => TypedResults.Problem(change.Errors[0].Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict",
            extensions: new Dictionary<string, object?> { ["warnings"] = change.Warnings.Select(w => new WindowIssueResponse(w.Field, w.Message, w.Code)).ToList() }),
        _ => NotLoaded(change.Errors),
    };
}
