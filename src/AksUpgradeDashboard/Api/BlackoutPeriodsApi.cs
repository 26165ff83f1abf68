using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Windows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AksUpgradeDashboard.Api;

/// <summary>The body of POST and PUT <c>/api/v1/blackout-periods</c>. Times are ISO 8601 with an offset; PUT also sends the stamp it saw.</summary>
public sealed record BlackoutPeriodBody(string? Name, string? Start, string? End, Guid? ConcurrencyStamp);

/// <summary>A blackout period; times in UTC.</summary>
public sealed record BlackoutPeriodResponse(Guid Id, string Name, DateTimeOffset Start, DateTimeOffset End, Guid ConcurrencyStamp)
{
    public static BlackoutPeriodResponse From(BlackoutPeriodEntity b) => new(b.Id, b.Name, b.Start, b.End, b.ConcurrencyStamp);
}

/// <summary><c>/api/v1/blackout-periods</c>: list, add, edit and delete blackout periods, with the same rules as the settings page.</summary>
public static partial class BlackoutPeriodsApi
{
    private const string Route = "/api/v1/blackout-periods";

    public static IEndpointRouteBuilder MapBlackoutPeriodsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Route).WithTags("Blackout periods").RequireAuthorization(DashboardPolicies.Read);

        api.MapGet("/", async (BlackoutPeriodService blackouts, CancellationToken ct) =>
            TypedResults.Ok((await blackouts.ListAsync(ct)).Select(BlackoutPeriodResponse.From).ToList()));

        api.MapGet("/{id:guid}", async Task<Results<Ok<BlackoutPeriodResponse>, ProblemHttpResult>> (Guid id, BlackoutPeriodService blackouts, CancellationToken ct) =>
            await blackouts.FindAsync(id, ct) is { } b
                ? TypedResults.Ok(BlackoutPeriodResponse.From(b))
                : TypedResults.Problem($"No blackout period {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found"));

        api.MapPost("/", async Task<Results<Created<BlackoutPeriodResponse>, ValidationProblem, ProblemHttpResult>> (BlackoutPeriodBody body, HttpContext context, BlackoutPeriodService blackouts, CancellationToken ct) =>
        {
            var (start, end, errors) = Parse(body);
            if (errors.Count > 0)
            {
                return Invalid(errors);
            }

            var change = await blackouts.CreateAsync(body.Name, start, end, DashboardUser.ActorOf(context.User), ct);
            return change.Failure switch
            {
                BlackoutChangeFailure.None => TypedResults.Created($"{Route}/{change.Period!.Id}", BlackoutPeriodResponse.From(change.Period)),
                BlackoutChangeFailure.Invalid => Invalid(change.Errors),
                _ => Failed(change),
            };
        }).DisableAntiforgery().RequireAuthorization(DashboardPolicies.Administer);

        api.MapPut("/{id:guid}", async Task<Results<Ok<BlackoutPeriodResponse>, ValidationProblem, ProblemHttpResult>> (Guid id, BlackoutPeriodBody body, HttpContext context, BlackoutPeriodService blackouts, CancellationToken ct) =>
        {
            var (start, end, errors) = Parse(body);
            if (body.ConcurrencyStamp is null)
            {
                errors.Add(new("concurrencyStamp", "ConcurrencyStamp is required: send the concurrencyStamp you last read, so a concurrent edit is not overwritten."));
            }

            if (errors.Count > 0)
            {
                return Invalid(errors);
            }

            var change = await blackouts.UpdateAsync(id, body.ConcurrencyStamp!.Value, body.Name, start, end, DashboardUser.ActorOf(context.User), ct);
            return change.Failure switch
            {
                BlackoutChangeFailure.None => TypedResults.Ok(BlackoutPeriodResponse.From(change.Period!)),
                BlackoutChangeFailure.Invalid => Invalid(change.Errors),
                _ => Failed(change),
            };
        }).DisableAntiforgery().RequireAuthorization(DashboardPolicies.Administer);

        api.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, HttpContext context, BlackoutPeriodService blackouts, CancellationToken ct) =>
        {
            var change = await blackouts.DeleteAsync(id, DashboardUser.ActorOf(context.User), ct);
            return change.Failure == BlackoutChangeFailure.None ? TypedResults.NoContent() : Failed(change);
        }).DisableAntiforgery().RequireAuthorization(DashboardPolicies.Administer);

        return endpoints;
    }

    /// <summary>Parses the times and runs the rules, so one response lists every field's errors.</summary>
    private static (DateTimeOffset? Start, DateTimeOffset? End, List<FieldIssue> Errors) Parse(BlackoutPeriodBody body)
    {
        var errors = new List<FieldIssue>();
        var start = ParseTime(body.Start, "start", "Start", errors);
        var end = ParseTime(body.End, "end", "End", errors);
        var unparsed = errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        errors.AddRange(BlackoutPeriodService.Validate(body.Name, start, end).Where(e => !unparsed.Contains(e.Field)));
        return (start, end, errors);
    }

    private static DateTimeOffset? ParseTime(string? value, string field, string label, List<FieldIssue> errors)
    {
        var parsed = IsoTime.Parse(value, label, "2026-12-19T00:00:00Z or 2026-12-19T01:00:00+01:00", out var error);
        if (error is not null)
        {
            errors.Add(new(field, error));
        }

        return parsed;
    }

    private static ValidationProblem Invalid(IEnumerable<FieldIssue> errors) => TypedResults.ValidationProblem(
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
        title: "The blackout period is not valid. Nothing was saved.");

    private static ProblemHttpResult Failed(BlackoutChange change) => change.Failure switch
    {
        BlackoutChangeFailure.NotFound => TypedResults.Problem(change.Errors[0].Message, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        _ => TypedResults.Problem(change.Errors[0].Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
    };

}
