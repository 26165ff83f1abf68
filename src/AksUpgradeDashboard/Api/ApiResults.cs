using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AksUpgradeDashboard.Api;

/// <summary>Answers the API endpoints share: the fleet once loaded, and the problem details when it is not.</summary>
internal static class ApiResults
{
    // The first load runs at start-up; a request that arrives before it finishes waits for it rather than failing.
    public static async Task<FleetState?> LoadedFleetAsync(InventoryStore store, CancellationToken cancellationToken)
    {
        if (store.Current is { } current)
        {
            return current;
        }

        await store.WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return store.Current;
    }

    public static ProblemHttpResult NotLoaded(InventoryStore store) => TypedResults.Problem(
        title: "The inventory is not available yet.",
        detail: store.LastRefreshError ?? "The first inventory load has not finished. Try again shortly.",
        statusCode: StatusCodes.Status503ServiceUnavailable);

    public static ProblemHttpResult BadQuery(IReadOnlyList<string> errors) => TypedResults.Problem(
        title: "The query string is not valid.",
        detail: string.Join(" ", errors),
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
