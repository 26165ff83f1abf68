using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Compliance;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AksUpgradeDashboard.Api;

/// <summary>The read-only inventory API under <c>/api/v1</c>, for automation and reporting tools.</summary>
public static class InventoryApi
{
    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("Inventory").RequireAuthorization(DashboardPolicies.Read);

        api.MapGet("/subscriptions", async Task<Results<Ok<IEnumerable<SubscriptionResponse>>, ProblemHttpResult>> (InventoryStore store, CancellationToken ct) =>
            await ApiResults.LoadedFleetAsync(store, ct) is { } fleet
                ? TypedResults.Ok(fleet.Subscriptions.Select(SubscriptionResponse.From))
                : ApiResults.NotLoaded(store));

        api.MapGet("/clusters", async Task<Results<Ok<IEnumerable<ClusterResponse>>, ProblemHttpResult>> (InventoryStore store, CancellationToken ct) =>
            await ApiResults.LoadedFleetAsync(store, ct) is { } fleet
                ? TypedResults.Ok(fleet.Clusters.Select(ClusterResponse.From))
                : ApiResults.NotLoaded(store));

        api.MapGet("/pools", async Task<Results<Ok<IEnumerable<PoolResponse>>, ProblemHttpResult>> (HttpRequest request, InventoryStore store, CompliancePolicyService policies, CancellationToken ct) =>
        {
            var query = PoolQueryString.Parse(request.Query, out var errors);
            if (errors.Count > 0)
            {
                return ApiResults.BadQuery(errors);
            }

            query = await WithPolicyAsync(query, policies, ct);

            return await ApiResults.LoadedFleetAsync(store, ct) is { } fleet
                ? TypedResults.Ok(query.Apply(fleet.Pools).Select(PoolResponse.From))
                : ApiResults.NotLoaded(store);
        });

        api.MapGet("/pools.csv", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (HttpContext context, InventoryStore store, CompliancePolicyService policies, TimeProvider time, CancellationToken ct) =>
        {
            var query = PoolQueryString.Parse(context.Request.Query, out var errors);
            if (errors.Count > 0)
            {
                return ApiResults.BadQuery(errors);
            }

            query = await WithPolicyAsync(query, policies, ct);

            if (await ApiResults.LoadedFleetAsync(store, ct) is not { } fleet)
            {
                return ApiResults.NotLoaded(store);
            }

            await CsvExport.WriteAsync(context, "aks-node-pools", query.Apply(fleet.Pools).Select(PoolResponse.From), time, ct);
            return TypedResults.Empty;
        });

        api.MapGet("/inventory", async Task<Results<Ok<InventoryResponse>, ProblemHttpResult>> (InventoryStore store, CancellationToken ct) =>
        {
            if (await ApiResults.LoadedFleetAsync(store, ct) is not { } fleet)
            {
                return ApiResults.NotLoaded(store);
            }

            return TypedResults.Ok(new InventoryResponse(
                fleet.Snapshot.Source,
                fleet.Snapshot.RefreshedAt,
                store.IsRefreshing,
                store.LastRefreshError,
                [.. fleet.Subscriptions.Select(SubscriptionResponse.From)],
                [.. fleet.Clusters.Select(ClusterResponse.From)],
                [.. fleet.Pools.Select(PoolResponse.From)],
                [.. fleet.Snapshot.Errors.Select(e => new InventoryErrorResponse(e.Code, e.Message, e.SubscriptionId))]));
        });

        // Starts a refresh (or joins the one running) and answers at once; GET /api/v1/inventory shows the result.
        api.MapPost("/inventory/refresh", (InventoryStore store) =>
        {
            _ = store.RefreshAsync();
            return TypedResults.Accepted("/api/v1/inventory", new RefreshResponse(Refreshing: true, store.Current?.Snapshot.RefreshedAt));
        }).DisableAntiforgery().RequireAuthorization(DashboardPolicies.Read).RequireRateLimiting(RateLimits.InventoryRefresh);

        return endpoints;
    }

    // The first load runs at start-up; an API call that arrives before it finishes waits for it rather than failing.

    // ?compliance= is judged by the policy in force (configuration, or what an admin saved).
    private static async Task<PoolQuery> WithPolicyAsync(PoolQuery query, CompliancePolicyService policies, CancellationToken cancellationToken) =>
        query.Compliance.Count == 0 ? query : query with { Policy = (await policies.GetAsync(cancellationToken)).Policy };
}
