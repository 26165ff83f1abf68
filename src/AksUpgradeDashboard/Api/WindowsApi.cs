using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AksUpgradeDashboard.Api;

/// <summary>The body of POST and PUT <c>/api/v1/windows</c>. Times are ISO 8601 with an offset; PUT also sends the revision it saw.</summary>
public sealed record WindowBody(
    string? Title,
    string? SubscriptionId,
    string? ResourceGroup,
    string? Cluster,
    List<string>? NodePools,
    string? Kind,
    string? Target,
    string? Start,
    string? End,
    string? TimeZone,
    string? Notes,
    string? BlackoutJustification,
    int? Revision,
    bool? ApplyRecommendedSettings = null);

/// <summary>A warning or error on a field; a warning's <c>code</c> is what an approver acknowledges.</summary>
public sealed record WindowIssueResponse(string Field, string Message, string? Code);

public sealed record WindowResponse(
    Guid Id,
    string Title,
    string SubscriptionId,
    string ResourceGroup,
    string Cluster,
    IReadOnlyList<string> NodePools,
    bool AllPools,
    string Kind,
    string? Target,
    DateTimeOffset Start,
    DateTimeOffset End,
    string TimeZone,
    string? Notes,
    string Status,
    int Revision,
    string CreatedBy,
    string CreatedByName,
    DateTimeOffset CreatedAt,
    string? UpdatedBy,
    string? UpdatedByName,
    DateTimeOffset? UpdatedAt,
    string? BlackoutJustification,
    IReadOnlyList<WindowIssueResponse> Warnings,
    string? CompletionFound,
    DateTimeOffset? CompletionCheckedAt,
    int ApprovalsRequired,
    IReadOnlyList<ApprovalResponse> Approvals,
    bool ApplyRecommendedSettings)
{
    public static WindowResponse From(UpgradeWindowEntity w, IEnumerable<FieldIssue> warnings, IEnumerable<WindowApprovalEntity> approvals, int approvalsRequired) => new(
        w.Id, w.Title, w.SubscriptionId, w.ResourceGroup, w.ClusterName, w.NodePools, w.AllPools, w.Kind.ToString(), w.Target,
        w.Start, w.End, w.TimeZone, w.Notes, w.Status.ToString(), w.Revision, w.CreatedBy, w.CreatedByDisplay, w.CreatedAt,
        w.UpdatedBy, w.UpdatedBy is null ? null : w.UpdatedByName ?? w.UpdatedBy, w.UpdatedAtUtc is { } u ? UpgradeWindowEntity.AsUtc(u) : null, w.BlackoutJustification,
        [.. warnings.Select(i => new WindowIssueResponse(i.Field, i.Message, i.Code))],
        w.CompletionFound, w.CompletionCheckedAtUtc is { } c ? UpgradeWindowEntity.AsUtc(c) : null,
        approvalsRequired, [.. approvals.Select(a => new ApprovalResponse(a.Approver, a.ApproverDisplay, a.Revision, a.ApprovedAt, a.Comment, a.Revision == w.Revision,
            a.AcknowledgedWarnings is { Length: > 0 } codes ? codes.Split(',') : []))],
        w.ApplyRecommendedSettings);
}

/// <summary>One approval; <see cref="Current"/> is false once an edit made a new revision (it no longer counts).</summary>
/// <see cref="Approver"/> is the approver's id (Entra ID: <c>{tenant id}/{object id}</c>), <see cref="ApproverName"/> their name.
public sealed record ApprovalResponse(string Approver, string ApproverName, int Revision, DateTimeOffset ApprovedAt, string Comment, bool Current, IReadOnlyList<string> AcknowledgedWarnings);

/// <summary>
/// The body of submit, approve, reject and cancel. To approve, <see cref="AcknowledgedWarnings"/> names the code of every
/// warning the window has now (see the window's <c>warnings</c>).
/// </summary>
public sealed record DecisionBody(string? Comment, int? Revision, IReadOnlyList<string>? AcknowledgedWarnings = null);

/// <summary>One audit entry; <see cref="Changes"/> maps each changed field to its before and after.</summary>
public sealed record AuditEntryResponse(
    Guid WindowId, string WindowTitle, DateTimeOffset At, string Actor, string ActorName, string Action, int Revision,
    IReadOnlyDictionary<string, WindowAudit.FieldChange> Changes, string? Comment)
{
    public static AuditEntryResponse From(AuditEntryEntity e) =>
        new(e.WindowId, e.WindowTitle, e.At, e.Actor, e.ActorDisplay, e.Action.ToString(), e.Revision, WindowAudit.Read(e.Changes), e.Comment);
}

/// <summary><c>/api/v1/windows</c>: plan, read, edit and delete upgrade windows, with the same rules as the UI.</summary>
public static partial class WindowsApi
{
    public static IEndpointRouteBuilder MapWindowsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/windows").WithTags("Upgrade windows").RequireAuthorization(DashboardPolicies.Read);

        // ?mine=true: the caller's own windows (created or last edited by them), as "My windows" in the UI.
        api.MapGet("/", async (bool? mine, HttpContext context, [AsParameters] WindowEndpointServices services, CancellationToken ct) =>
        {
            var list = await services.Windows.ListAsync(null, null, ct);
            if (mine == true)
            {
                var actor = DashboardUser.ActorOf(context.User);
                list = [.. list.Where(w => UpgradeWindowService.IsMine(w, actor))];
            }

            var approvals = await services.Decisions.ApprovalsAsync([.. list.Select(w => w.Id)], ct);
            var result = new List<WindowResponse>(list.Count);
            foreach (var w in list)
            {
                result.Add(WindowResponse.From(w, await services.Checker.CurrentWarningsAsync(w, ct), approvals[w.Id], services.Decisions.ApprovalsRequired));
            }

            return TypedResults.Ok(result);
        });

        api.MapGet("/{id:guid}", async Task<Results<Ok<WindowResponse>, ProblemHttpResult>> (Guid id, [AsParameters] WindowEndpointServices services, CancellationToken ct) =>
            await services.Windows.FindAsync(id, ct) is { } w
                ? TypedResults.Ok(await ResponseAsync(w, null, services, ct))
                : TypedResults.Problem($"No upgrade window {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found"));

        api.MapPost("/", async Task<Results<Created<WindowResponse>, ValidationProblem, ProblemHttpResult>> (WindowBody body, HttpContext context, [AsParameters] WindowEndpointServices services, CancellationToken ct) =>
        {
            var (request, bodyErrors) = ToRequest(body);
            if (bodyErrors.Count > 0)
            {
                return Invalid(bodyErrors, []);
            }

            var change = await services.Windows.CreateAsync(request, DashboardUser.ActorOf(context.User), ct);
            return change.Failure switch
            {
                WindowChangeFailure.None => TypedResults.Created($"/api/v1/windows/{change.Window!.Id}", await ResponseAsync(change.Window, change.Warnings, services, ct)),
                WindowChangeFailure.Invalid => Invalid(change.Errors, change.Warnings),
                _ => Failed(change),
            };
        }).DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);

        api.MapPut("/{id:guid}", async Task<Results<Ok<WindowResponse>, ValidationProblem, ProblemHttpResult>> (Guid id, WindowBody body, HttpContext context, [AsParameters] WindowEndpointServices services, CancellationToken ct) =>
        {
            var (request, bodyErrors) = ToRequest(body);
            if (body.Revision is null)
            {
                bodyErrors.Add(new("revision", "Revision is required: send the revision you last read, so a concurrent edit is not overwritten."));
            }

            if (bodyErrors.Count > 0)
            {
                return Invalid(bodyErrors, []);
            }

            var change = await services.Windows.UpdateAsync(id, body.Revision!.Value, request, DashboardUser.ActorOf(context.User), ct);
            return change.Failure switch
            {
                WindowChangeFailure.None => TypedResults.Ok(await ResponseAsync(change.Window!, change.Warnings, services, ct)),
                WindowChangeFailure.Invalid => Invalid(change.Errors, change.Warnings),
                _ => Failed(change),
            };
        }).DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);

        api.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, HttpContext context, UpgradeWindowService windows, CancellationToken ct) =>
        {
            var change = await windows.DeleteAsync(id, DashboardUser.ActorOf(context.User), ct);
            return change.Failure == WindowChangeFailure.None ? TypedResults.NoContent() : Failed(change);
        }).DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);

        // The approval workflow. Each takes a JSON body ({ "comment": …, "revision": … }); approve and reject need a comment,
        // and approve the revision the approver looked at.
        api.MapPost("/{id:guid}/submit", (Guid id, DecisionBody body, HttpContext context, [AsParameters] WindowEndpointServices services, CancellationToken ct) =>
            DecidedAsync(services.Decisions.SubmitAsync(id, body.Revision, DashboardUser.ActorOf(context.User), body.Comment, ct), services, ct))
            .DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);
        api.MapPost("/{id:guid}/cancel", (Guid id, DecisionBody body, HttpContext context, [AsParameters] WindowEndpointServices services, CancellationToken ct) =>
            DecidedAsync(services.Decisions.CancelAsync(id, DashboardUser.ActorOf(context.User), body.Comment, ct), services, ct))
            .DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);
        api.MapPost("/{id:guid}/approve", (Guid id, DecisionBody body, HttpContext context, [AsParameters] WindowEndpointServices services, CancellationToken ct) =>
            body.Revision is null
                ? Task.FromResult<Results<Ok<WindowResponse>, ValidationProblem, ProblemHttpResult>>(Invalid([new("revision", "Revision is required: send the revision you reviewed, so you approve exactly what you saw.")], []))
                : DecidedAsync(services.Decisions.ApproveAsync(id, body.Revision, DashboardUser.ActorOf(context.User), body.Comment, body.AcknowledgedWarnings, ct), services, ct))
            .DisableAntiforgery().RequireAuthorization(DashboardPolicies.Approve);
        api.MapPost("/{id:guid}/reject", (Guid id, DecisionBody body, HttpContext context, [AsParameters] WindowEndpointServices services, CancellationToken ct) =>
            DecidedAsync(services.Decisions.RejectAsync(id, body.Revision, DashboardUser.ActorOf(context.User), body.Comment, ct), services, ct))
            .DisableAntiforgery().RequireAuthorization(DashboardPolicies.Approve);

        api.MapGet("/{id:guid}/audit", async Task<Results<Ok<List<AuditEntryResponse>>, ProblemHttpResult>> (Guid id, [AsParameters] WindowEndpointServices services, CancellationToken ct) =>
        {
            var entries = await services.Audit.ListAsync(id, ct);
            return entries.Count == 0 && await services.Windows.FindAsync(id, ct) is null
                ? TypedResults.Problem($"No upgrade window {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
                : TypedResults.Ok(entries.Select(AuditEntryResponse.From).ToList());
        });

        return endpoints;
    }

    private static async Task<Results<Ok<WindowResponse>, ValidationProblem, ProblemHttpResult>> DecidedAsync(Task<WindowChange> decision, WindowEndpointServices services, CancellationToken ct)
    {
        var change = await decision;
        return change.Failure switch
        {
            WindowChangeFailure.None => TypedResults.Ok(await ResponseAsync(change.Window!, null, services, ct)),
            WindowChangeFailure.Invalid => Invalid(change.Errors, change.Warnings),
            _ => Failed(change),
        };
    }

    private static async Task<WindowResponse> ResponseAsync(UpgradeWindowEntity w, IReadOnlyList<FieldIssue>? warnings, WindowEndpointServices services, CancellationToken ct) =>
        WindowResponse.From(w, warnings ?? await services.Checker.CurrentWarningsAsync(w, ct), await services.Decisions.ApprovalsAsync(w.Id, ct), services.Decisions.ApprovalsRequired);

    /// <summary>The window services an endpoint needs, bound from DI as one parameter.</summary>
    internal readonly record struct WindowEndpointServices(UpgradeWindowService Windows, WindowDecisionService Decisions, WindowChecker Checker, WindowAuditLog Audit);

    private static (UpgradeWindowRequest Request, List<FieldIssue> Errors) ToRequest(WindowBody body)
    {
        var errors = new List<FieldIssue>();
        var start = ParseTime(body.Start, "start", errors);
        var end = ParseTime(body.End, "end", errors);
        var request = new UpgradeWindowRequest(body.Title, body.SubscriptionId, body.ResourceGroup, body.Cluster, body.NodePools, body.Kind, body.Target,
            start, end, body.TimeZone, body.Notes, body.BlackoutJustification, body.ApplyRecommendedSettings ?? false);
        return (request, errors);
    }

    private static DateTimeOffset? ParseTime(string? value, string field, List<FieldIssue> errors)
    {
        var parsed = IsoTime.Parse(value, "", "2026-12-05T22:00:00+01:00 or 2026-12-05T21:00:00Z", out var error);
        if (error is not null)
        {
            errors.Add(new(field, error));
        }

        return parsed;
    }

    private static ValidationProblem Invalid(IEnumerable<FieldIssue> errors, IEnumerable<FieldIssue> warnings) => TypedResults.ValidationProblem(
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
        title: "The upgrade window is not valid. Nothing was saved.",
        extensions: new Dictionary<string, object?> { ["warnings"] = warnings.Select(w => new WindowIssueResponse(w.Field, w.Message, w.Code)).ToList() });

    private static ProblemHttpResult Failed(WindowChange change) => change.Failure switch
    {
        WindowChangeFailure.NotFound => TypedResults.Problem(change.Errors[0].Message, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        WindowChangeFailure.Forbidden => TypedResults.Problem(change.Errors[0].Message, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden"),
        WindowChangeFailure.Conflict => TypedResults.Problem(change.Errors[0].Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict",
            extensions: new Dictionary<string, object?>
            {
                ["currentRevision"] = change.Window?.Revision,
                ["warnings"] = change.Warnings.Select(w => new WindowIssueResponse(w.Field, w.Message, w.Code)).ToList(),
            }),
        _ => TypedResults.Problem(change.Errors[0].Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Inventory not loaded"),
    };

}
