using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Azure.Sample;
using AksUpgradeDashboard.Compliance;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Compliance;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AksUpgradeDashboard.Api;

/// <summary>
/// <c>/api/v1/compliance</c>: the scorecard, the at-risk list and the trend as JSON and CSV for reporting tools, and
/// the policy (admins change it).
/// </summary>
public static class ComplianceApi
{
    private const int MaxHistoryDays = 3650;

    public static IEndpointRouteBuilder MapComplianceApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/compliance").WithTags("Compliance").RequireAuthorization(DashboardPolicies.Read);

        // ?tag=env adds the breakdown by that cluster tag.
        api.MapGet("/", async Task<Results<Ok<ScorecardResponse>, ProblemHttpResult>> (string? tag, InventoryStore store, ComplianceReportService reports, CancellationToken ct) =>
        {
            if (await ApiResults.LoadedFleetAsync(store, ct) is not { } fleet)
            {
                return ApiResults.NotLoaded(store);
            }

            var report = await reports.BuildAsync(fleet, historyDays: 0, ct);
            return TypedResults.Ok(ScorecardResponse.From(report, fleet, tag));
        });

        // /api/v1/compliance.csv, beside the JSON (a group route cannot end in ".csv" without a slash).
        endpoints.MapGet("/api/v1/compliance.csv", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (string? tag, HttpContext context, InventoryStore store, ComplianceReportService reports, TimeProvider time, CancellationToken ct) =>
        {
            if (await ApiResults.LoadedFleetAsync(store, ct) is not { } fleet)
            {
                return ApiResults.NotLoaded(store);
            }

            var report = await reports.BuildAsync(fleet, historyDays: 0, ct);
            await CsvExport.WriteAsync(context, "aks-compliance-scorecard", ScorecardCsvRow.From(report.Scorecard, fleet, tag), time, ct);
            return TypedResults.Empty;
        }).WithTags("Compliance").RequireAuthorization(DashboardPolicies.Read).Produces<string>(StatusCodes.Status200OK, "text/csv");

        api.MapGet("/at-risk", async Task<Results<Ok<List<DeadlineResponse>>, ProblemHttpResult>> (InventoryStore store, ComplianceReportService reports, CancellationToken ct) =>
        {
            if (await ApiResults.LoadedFleetAsync(store, ct) is not { } fleet)
            {
                return ApiResults.NotLoaded(store);
            }

            var report = await reports.BuildAsync(fleet, historyDays: 0, ct);
            return TypedResults.Ok(report.Deadlines.Select(DeadlineResponse.From).ToList());
        });

        api.MapGet("/at-risk.csv", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (HttpContext context, InventoryStore store, ComplianceReportService reports, TimeProvider time, CancellationToken ct) =>
        {
            if (await ApiResults.LoadedFleetAsync(store, ct) is not { } fleet)
            {
                return ApiResults.NotLoaded(store);
            }

            var report = await reports.BuildAsync(fleet, historyDays: 0, ct);
            await CsvExport.WriteAsync(context, "aks-compliance-at-risk", report.Deadlines.SelectMany(AtRiskCsvRow.From), time, ct);
            return TypedResults.Empty;
        }).Produces<string>(StatusCodes.Status200OK, "text/csv");

        api.MapGet("/history", async Task<Results<Ok<List<HistoryDayResponse>>, ProblemHttpResult>> (int? days, ComplianceHistory history, InventoryStore store, TimeProvider time, CancellationToken ct) =>
        {
            var span = days ?? ComplianceReportService.DefaultHistoryDays;
            if (span is < 1 or > MaxHistoryDays)
            {
                return ApiResults.BadQuery([$"days '{span}' must be between 1 and {MaxHistoryDays}."]);
            }

            var from = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-span);
            var list = await history.ListAsync(from, store.SourceName == SampleInventorySource.SourceName, ct);
            return TypedResults.Ok(list.Select(HistoryDayResponse.From).ToList());
        });

        api.MapGet("/policy", async (CompliancePolicyService policies, CancellationToken ct) =>
            TypedResults.Ok(PolicyResponse.From(await policies.GetAsync(ct))));

        api.MapPut("/policy", async Task<Results<Ok<PolicyResponse>, ValidationProblem, ProblemHttpResult>> (PolicyBody body, HttpContext context, CompliancePolicyService policies, CancellationToken ct) =>
        {
            if (body.MaxDaysBehindLatest is not { } maxDays)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["maxDaysBehindLatest"] = ["maxDaysBehindLatest is required (days a node image may trail the latest, 0 to 365)."] });
            }

            var result = await policies.SaveAsync(new CompliancePolicy(maxDays, body.RetiringIsCompliant ?? false, body.KubernetesMustBeSupported ?? true), body.ConcurrencyStamp, DashboardUser.ActorOf(context.User), ct);
            if (result.Conflict)
            {
                return TypedResults.Problem(result.Errors[0].Message, statusCode: StatusCodes.Status409Conflict, title: "The policy changed");
            }

            return result.Saved is { } saved
                ? TypedResults.Ok(PolicyResponse.From(saved))
                : TypedResults.ValidationProblem(result.Errors.ToDictionary(e => e.Field, e => new[] { e.Message }));
        }).DisableAntiforgery().RequireAuthorization(DashboardPolicies.Administer);

        return endpoints;
    }

    /// <summary>A policy to save; <c>kubernetesMustBeSupported</c> defaults to true when left out.</summary>
    public sealed record PolicyBody(int? MaxDaysBehindLatest, bool? RetiringIsCompliant, bool? KubernetesMustBeSupported, Guid? ConcurrencyStamp);

    public sealed record PolicyResponse(int MaxDaysBehindLatest, bool RetiringIsCompliant, bool KubernetesMustBeSupported, string Description, string Source, string? UpdatedBy, string? UpdatedByName, DateTimeOffset? UpdatedAt, Guid? ConcurrencyStamp)
    {
        public static PolicyResponse From(CompliancePolicyState state) => new(
            state.Policy.MaxDaysBehindLatest, state.Policy.RetiringIsCompliant, state.Policy.KubernetesMustBeSupported, state.Policy.Description,
            state.FromSettings ? "settings" : "configuration", state.UpdatedBy, state.UpdatedByName, state.UpdatedAt, state.ConcurrencyStamp);
    }

    public sealed record CountsResponse(int Pools, int Compliant, int NonCompliant, int Unknown, double? Percent)
    {
        public static CountsResponse From(ComplianceCounts c) => new(c.Pools, c.Compliant, c.NonCompliant, c.Unknown, c.Percent);
    }

    /// <summary>A breakdown row; <c>pools</c> is the pools API query that lists its pools.</summary>
    public sealed record GroupResponse(string Group, int Pools, int Compliant, int NonCompliant, int Unknown, double? Percent, string PoolsQuery)
    {
        public static GroupResponse From(ComplianceGroup g) => new(
            g.Label, g.Counts.Pools, g.Counts.Compliant, g.Counts.NonCompliant, g.Counts.Unknown, g.Counts.Percent, PoolQueryString.Format(g.Filter));
    }

    public sealed record ScorecardResponse(
        DateOnly AssessedOn,
        DateTimeOffset RefreshedAt,
        PolicyResponse Policy,
        CountsResponse Overall,
        Dictionary<string, int> Statuses,
        List<ImageAgeResponse> ImageAges,
        List<GroupResponse> BySubscription,
        List<GroupResponse> ByRegion,
        List<GroupResponse> ByOsVersion,
        List<GroupResponse> ByKubernetesVersion,
        List<GroupResponse> ByKubernetesSupport,
        IReadOnlyList<string> TagKeys,
        string? Tag,
        List<GroupResponse>? ByTag,
        List<DeadlineSummaryResponse> AtRisk)
    {
        public static ScorecardResponse From(ComplianceReport report, FleetState fleet, string? tag)
        {
            var s = report.Scorecard;
            return new(
                s.AssessedOn, s.RefreshedAt, PolicyResponse.From(report.PolicyState), CountsResponse.From(s.Overall),
                s.StatusCounts.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
                [.. s.ImageAges.Select(b => new ImageAgeResponse(b.Label, b.FromDays, b.ToDays, b.Pools))],
                [.. s.BySubscription.Select(GroupResponse.From)], [.. s.ByRegion.Select(GroupResponse.From)],
                [.. s.ByOsVersion.Select(GroupResponse.From)], [.. s.ByKubernetesVersion.Select(GroupResponse.From)],
                [.. s.ByKubernetesSupport.Select(GroupResponse.From)],
                s.TagKeys,
                string.IsNullOrWhiteSpace(tag) ? null : tag.Trim(),
                string.IsNullOrWhiteSpace(tag) ? null : [.. ComplianceScorecard.ByTag(fleet, s.Policy, tag.Trim()).Select(GroupResponse.From)],
                [.. report.Deadlines.Select(DeadlineSummaryResponse.From)]);
        }
    }

    public sealed record ImageAgeResponse(string Label, int? FromDays, int? ToDays, int Pools);

    public sealed record DeadlineSummaryResponse(DateOnly Date, string Deadline, bool Overdue, string OsVersion, int Pools, int Covered, int Planned, int NotPlanned)
    {
        public static DeadlineSummaryResponse From(OsDeadline d) => new(
            d.Date, d.Kind.ToString(), d.Overdue, d.Os.DisplayName, d.Pools.Count, d.CountOf(AtRiskCoverage.Covered), d.CountOf(AtRiskCoverage.Planned), d.CountOf(AtRiskCoverage.NotPlanned));
    }

    public sealed record AtRiskPoolResponse(string Id, string Subscription, string SubscriptionId, string ResourceGroup, string Cluster, string NodePool, string Coverage, Guid? WindowId, string? WindowTitle, string? WindowStatus, DateTimeOffset? WindowEnd, string Explanation)
    {
        public static AtRiskPoolResponse From(AtRiskPool p) => new(
            p.Pool.Id, p.Pool.SubscriptionName, p.Pool.Cluster.SubscriptionId, p.Pool.Cluster.ResourceGroup, p.Pool.Cluster.Name, p.Pool.Pool.Name,
            p.Coverage.ToString(), p.Window?.Id, p.Window?.Title, p.Window?.Status.ToString(), p.Window?.EndUtc, p.Explanation);
    }

    public sealed record DeadlineResponse(DateOnly Date, string Deadline, bool Overdue, string OsVersion, string OsId, int Covered, int Planned, int NotPlanned, List<AtRiskPoolResponse> Pools)
    {
        public static DeadlineResponse From(OsDeadline d) => new(
            d.Date, d.Kind.ToString(), d.Overdue, d.Os.DisplayName, d.Os.Id, d.CountOf(AtRiskCoverage.Covered), d.CountOf(AtRiskCoverage.Planned),
            d.CountOf(AtRiskCoverage.NotPlanned), [.. d.Pools.Select(AtRiskPoolResponse.From)]);
    }

    /// <summary>A day of the trend; <c>sample</c> marks generated history of the sample fleet, not a measurement.</summary>
    public sealed record HistoryDayResponse(DateOnly Day, int Pools, int Compliant, int NonCompliant, int Unknown, double? Percent, int MaxDaysBehindLatest, bool RetiringIsCompliant, bool KubernetesMustBeSupported, bool Sample)
    {
        public static HistoryDayResponse From(ComplianceDay d) => new(
            d.Day, d.Counts.Pools, d.Counts.Compliant, d.Counts.NonCompliant, d.Counts.Unknown, d.Counts.Percent, d.Policy.MaxDaysBehindLatest, d.Policy.RetiringIsCompliant, d.Policy.KubernetesMustBeSupported, d.IsSample);
    }

    /// <summary>One CSV row per breakdown group, the overall line first; the policy is named on every row.</summary>
    public sealed record ScorecardCsvRow(DateOnly AssessedOn, string Dimension, string Group, int Pools, int Compliant, int NonCompliant, int Unknown, double? Percent, string Policy)
    {
        public static IEnumerable<ScorecardCsvRow> From(ComplianceScorecard s, FleetState fleet, string? tag)
        {
            var policy = s.Policy.Description;
            yield return Row("Overall", "All pools", s.Overall);
            foreach (var (dimension, groups) in new[]
                     {
                         ("Subscription", s.BySubscription), ("Region", s.ByRegion), ("OsVersion", s.ByOsVersion), ("KubernetesVersion", s.ByKubernetesVersion),
                         ("KubernetesSupport", s.ByKubernetesSupport),
                     })
            {
                foreach (var g in groups)
                {
                    yield return Row(dimension, g.Label, g.Counts);
                }
            }

            if (!string.IsNullOrWhiteSpace(tag))
            {
                foreach (var g in ComplianceScorecard.ByTag(fleet, s.Policy, tag.Trim()))
                {
                    yield return Row($"Tag:{tag.Trim()}", g.Label, g.Counts);
                }
            }

            ScorecardCsvRow Row(string dimension, string group, ComplianceCounts c) =>
                new(s.AssessedOn, dimension, group, c.Pools, c.Compliant, c.NonCompliant, c.Unknown, c.Percent, policy);
        }
    }

    /// <summary>One CSV row per pool and deadline; overdue deadlines (passed, pools still on the OS) come first.</summary>
    public sealed record AtRiskCsvRow(DateOnly Date, string Deadline, bool Overdue, string OsVersion, string Subscription, string SubscriptionId, string ResourceGroup, string Cluster, string NodePool, string Coverage, string? WindowTitle, string? WindowStatus, DateTimeOffset? WindowEnd, string Explanation)
    {
        public static IEnumerable<AtRiskCsvRow> From(OsDeadline d) => d.Pools.Select(p => new AtRiskCsvRow(
            d.Date, d.Kind.ToString(), d.Overdue, d.Os.DisplayName, p.Pool.SubscriptionName, p.Pool.Cluster.SubscriptionId, p.Pool.Cluster.ResourceGroup, p.Pool.Cluster.Name, p.Pool.Pool.Name,
            p.Coverage.ToString(), p.Window?.Title, p.Window?.Status.ToString(), p.Window?.EndUtc, p.Explanation));
    }
}
