using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Compliance;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Rollouts;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Rollouts;

/// <summary>A proposal and the request it answers; nothing is saved.</summary>
public sealed record RolloutPlan(ParsedRollout Request, RolloutProposal Proposal, DateOnly? EndOfSupport = null)
{
    public string Projection => Proposal.Projection(RolloutProjection.PoolsName(Request.Query), EndOfSupport);
}

/// <summary>The proposal's answer: the plan, or the errors (each naming its field), or that the inventory is not loaded.</summary>
public sealed record RolloutPlanResult(RolloutPlan? Plan, IReadOnlyList<FieldIssue> Errors, bool NotLoaded = false);

/// <summary>
/// Proposes a rollout (issue 18) from what is true now: the pools the grid's query matches in the current inventory,
/// each cluster's planned maintenance (read as <see cref="WindowChecker"/> reads it), the blackout periods and the
/// windows stored. <see cref="RolloutProposer"/> decides; nothing is saved.
/// </summary>
public sealed class RolloutPlanner(
    DashboardDbContext db, InventoryStore store, OsCatalog catalog, IMaintenanceConfigurationReader maintenance, CompliancePolicyService policies,
    IOptions<WindowOptions> windowOptions, TimeProvider time)
{
    public async Task<RolloutPlanResult> ProposeAsync(RolloutRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldIssue>();
        if (RolloutRequests.Parse(request, errors, time.GetUtcNow(), windowOptions.Value.PlanningHorizonDays) is not { } parsed)
        {
            return new(null, errors);
        }

        if (store.Current is null)
        {
            await store.WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(30), time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (store.Current is not { } fleet)
        {
            return new(null, [new("query", "The inventory is not loaded yet, so no pools can be chosen. Try again shortly.")], NotLoaded: true);
        }

        var query = parsed.Query.Compliance.Count == 0 ? parsed.Query : parsed.Query with { Policy = (await policies.GetAsync(cancellationToken)).Policy };
        var pools = fleet.Pools.Where(query.Matches).ToList();
        var schedules = new Dictionary<string, IReadOnlyList<MaintenanceConfigurationInfo>>(StringComparer.OrdinalIgnoreCase);
        foreach (var cluster in pools.Select(p => p.Cluster).DistinctBy(c => c.Id, StringComparer.OrdinalIgnoreCase))
        {
            // A schedule that cannot be read counts as none: the default slot is used, and the window's own check warns.
            if (await maintenance.GetAsync(cluster, cancellationToken) is { Error: null } read)
            {
                schedules[cluster.Id] = read.Configurations;
            }
        }

        var blackouts = (await db.BlackoutPeriods.AsNoTracking().ToListAsync(cancellationToken)).Select(b => new BlackoutPeriod(b.Name, b.Start, b.End)).ToList();
        var existing = await WindowChecker.ScheduledAsync(db, null, cancellationToken);
        var proposal = RolloutProposer.Propose(parsed.Rollout, new RolloutContext(pools, schedules, blackouts, existing, catalog, time.GetUtcNow()));
        return new(new RolloutPlan(parsed with { Query = query }, proposal, RolloutProjection.EndOfSupport(query, catalog)), []);
    }
}
