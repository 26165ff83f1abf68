using System.Globalization;
using System.Text.RegularExpressions;
using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Data;
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
    int? Revision);

public sealed record WindowIssueResponse(string Field, string Message);

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
    DateTimeOffset CreatedAt,
    string? UpdatedBy,
    DateTimeOffset? UpdatedAt,
    string? BlackoutJustification,
    IReadOnlyList<WindowIssueResponse> Warnings,
    string? CompletionFound,
    DateTimeOffset? CompletionCheckedAt)
{
    public static WindowResponse From(UpgradeWindowEntity w, IEnumerable<WindowIssue> warnings) => new(
        w.Id, w.Title, w.SubscriptionId, w.ResourceGroup, w.ClusterName, w.NodePools, w.AllPools, w.Kind, w.Target,
        w.Start, w.End, w.TimeZone, w.Notes, w.Status.ToString(), w.Revision, w.CreatedBy, w.CreatedAt,
        w.UpdatedBy, w.UpdatedAtUtc is { } u ? UpgradeWindowEntity.AsUtc(u) : null, w.BlackoutJustification,
        [.. warnings.Select(i => new WindowIssueResponse(i.Field, i.Message))],
        w.CompletionFound, w.CompletionCheckedAtUtc is { } c ? UpgradeWindowEntity.AsUtc(c) : null);
}

/// <summary><c>/api/v1/windows</c>: plan, read, edit and delete upgrade windows, with the same rules as the UI.</summary>
public static partial class WindowsApi
{
    public static IEndpointRouteBuilder MapWindowsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/windows").WithTags("Upgrade windows").RequireAuthorization(DashboardPolicies.Read);

        api.MapGet("/", async (UpgradeWindowService windows, CancellationToken ct) =>
        {
            var list = await windows.ListAsync(null, null, ct);
            var result = new List<WindowResponse>(list.Count);
            foreach (var w in list)
            {
                result.Add(WindowResponse.From(w, await windows.CurrentWarningsAsync(w, ct)));
            }

            return TypedResults.Ok(result);
        });

        api.MapGet("/{id:guid}", async Task<Results<Ok<WindowResponse>, ProblemHttpResult>> (Guid id, UpgradeWindowService windows, CancellationToken ct) =>
            await windows.FindAsync(id, ct) is { } w
                ? TypedResults.Ok(WindowResponse.From(w, await windows.CurrentWarningsAsync(w, ct)))
                : TypedResults.Problem($"No upgrade window {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found"));

        api.MapPost("/", async Task<Results<Created<WindowResponse>, ValidationProblem, ProblemHttpResult>> (WindowBody body, HttpContext context, UpgradeWindowService windows, CancellationToken ct) =>
        {
            var (request, bodyErrors) = ToRequest(body);
            if (bodyErrors.Count > 0)
            {
                return Invalid(bodyErrors, []);
            }

            var change = await windows.CreateAsync(request, UserName(context), ct);
            return change.Failure switch
            {
                WindowChangeFailure.None => TypedResults.Created($"/api/v1/windows/{change.Window!.Id}", WindowResponse.From(change.Window, change.Warnings)),
                WindowChangeFailure.Invalid => Invalid(change.Errors, change.Warnings),
                _ => Failed(change),
            };
        }).DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);

        api.MapPut("/{id:guid}", async Task<Results<Ok<WindowResponse>, ValidationProblem, ProblemHttpResult>> (Guid id, WindowBody body, HttpContext context, UpgradeWindowService windows, CancellationToken ct) =>
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

            var change = await windows.UpdateAsync(id, body.Revision!.Value, request, UserName(context), ct);
            return change.Failure switch
            {
                WindowChangeFailure.None => TypedResults.Ok(WindowResponse.From(change.Window!, change.Warnings)),
                WindowChangeFailure.Invalid => Invalid(change.Errors, change.Warnings),
                _ => Failed(change),
            };
        }).DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);

        api.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, UpgradeWindowService windows, CancellationToken ct) =>
        {
            var change = await windows.DeleteAsync(id, ct);
            return change.Failure == WindowChangeFailure.None ? TypedResults.NoContent() : Failed(change);
        }).DisableAntiforgery().RequireAuthorization(DashboardPolicies.Operate);

        return endpoints;
    }

    private static string UserName(HttpContext context) => DashboardUser.NameOf(context.User);

    private static (UpgradeWindowRequest Request, List<WindowIssue> Errors) ToRequest(WindowBody body)
    {
        var errors = new List<WindowIssue>();
        var start = ParseTime(body.Start, "start", errors);
        var end = ParseTime(body.End, "end", errors);
        var request = new UpgradeWindowRequest(body.Title, body.SubscriptionId, body.ResourceGroup, body.Cluster, body.NodePools, body.Kind, body.Target,
            start, end, body.TimeZone, body.Notes, body.BlackoutJustification);
        return (request, errors);
    }

    // A time without an offset is ambiguous (whose midnight?), so the API refuses it rather than guess.
    private static DateTimeOffset? ParseTime(string? value, string field, List<WindowIssue> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (IsoWithOffset().IsMatch(value.Trim())
            && DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return parsed;
        }

        errors.Add(new(field, $"'{value}' is not an ISO 8601 time with an offset, such as 2026-12-05T22:00:00+01:00 or 2026-12-05T21:00:00Z."));
        return null;
    }

    private static ValidationProblem Invalid(IEnumerable<WindowIssue> errors, IEnumerable<WindowIssue> warnings) => TypedResults.ValidationProblem(
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
        title: "The upgrade window is not valid. Nothing was saved.",
        extensions: new Dictionary<string, object?> { ["warnings"] = warnings.Select(w => new WindowIssueResponse(w.Field, w.Message)).ToList() });

    private static ProblemHttpResult Failed(WindowChange change) => change.Failure switch
    {
        WindowChangeFailure.NotFound => TypedResults.Problem(change.Errors[0].Message, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        WindowChangeFailure.Conflict => TypedResults.Problem(change.Errors[0].Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict",
            extensions: new Dictionary<string, object?> { ["currentRevision"] = change.Window?.Revision }),
        _ => TypedResults.Problem(change.Errors[0].Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Inventory not loaded"),
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoWithOffset();
}
