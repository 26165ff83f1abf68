using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Windows;

/// <summary>
/// Runs the window rules (<see cref="UpgradeWindowRules"/>) against what is true now: the current inventory, the other
/// windows and blackouts stored, and the cluster's planned maintenance. Saving, submitting and approving all ask it.
/// </summary>
public sealed class WindowChecker(
    DashboardDbContext db, InventoryStore store, OsCatalog catalog, IMaintenanceConfigurationReader maintenance, IOptions<WindowOptions> options, TimeProvider time)
{
    private List<ScheduledWindow>? _scheduled;
    private List<BlackoutPeriod>? _blackouts;

    /// <summary>
    /// The rules' verdict on <paramref name="request"/>, or null when the inventory is not loaded yet. <paramref name="asOf"/>
    /// checks as of another instant (a started window, as of its start, so its start is not "in the past").
    /// </summary>
    public async Task<WindowCheck?> CheckAsync(UpgradeWindowRequest request, Guid? editingId, CancellationToken cancellationToken, DateTimeOffset? asOf = null)
    {
        // The first load runs at start-up; a save that arrives before it finishes waits for it (briefly) rather than failing.
        if (store.Current is null)
        {
            await store.WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(30), time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (store.Current is not { } fleet)
        {
            return null;
        }

        // Loaded once per scope (one request, one page operation): checking many windows must not load them all each time.
        _scheduled ??= await ScheduledAsync(db, null, cancellationToken);
        var others = _scheduled.Where(w => w.Id != editingId).ToList();
        var blackouts = await BlackoutsAsync(cancellationToken);
        var cluster = request.SubscriptionId is { } s && request.ResourceGroup is { } g && request.Cluster is { } c ? fleet.FindCluster(s, g, c) : null;
        var configurations = cluster is null ? null : await maintenance.GetAsync(cluster.Cluster, cancellationToken);
        var context = new WindowContext(
            fleet, catalog, asOf ?? time.GetUtcNow(), others,
            blackouts,
            editingId,
            configurations is { Error: null } ? configurations.Configurations : null,
            options.Value.PlanningHorizonDays);
        var check = UpgradeWindowRules.Check(request, context);
        return configurations?.Error is { } error
            ? check with { Warnings = [.. check.Warnings, new("start", $"The cluster's planned maintenance configuration could not be read ({error.Message}), so the window was not checked against it.", WarningCodes.MaintenanceUnreadable)] }
            : check;
    }

    /// <summary>Where a new window of <paramref name="kind"/> on <paramref name="cluster"/> should start (see <see cref="WindowStartSuggestion"/>).</summary>
    public async Task<SuggestedStart> SuggestStartAsync(ClusterInfo? cluster, UpgradeKind kind, int preferredHours, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var configurations = cluster is null ? null : await maintenance.GetAsync(cluster, cancellationToken);
        return WindowStartSuggestion.Suggest(
            kind, cluster, preferredHours, time.GetUtcNow(), zone,
            configurations is { Error: null } ? configurations.Configurations : null,
            await BlackoutsAsync(cancellationToken),
            _scheduled ??= await ScheduledAsync(db, null, cancellationToken));
    }

    /// <summary>The rules' warnings for a stored window as of now (e.g. it has become too late), for display.</summary>
    public async Task<IReadOnlyList<FieldIssue>> CurrentWarningsAsync(UpgradeWindowEntity window, CancellationToken cancellationToken) =>
        (await CheckAsync(WindowPlans.ToRequest(window), window.Id, cancellationToken))?.Warnings ?? [];

    private async Task<List<BlackoutPeriod>> BlackoutsAsync(CancellationToken cancellationToken) =>
        _blackouts ??= [.. (await db.BlackoutPeriods.AsNoTracking().ToListAsync(cancellationToken)).Select(b => new BlackoutPeriod(b.Name, b.Start, b.End))];

    /// <summary>Every stored window but <paramref name="exceptId"/>, as the overlap rule sees them.</summary>
    internal static async Task<List<ScheduledWindow>> ScheduledAsync(DashboardDbContext db, Guid? exceptId, CancellationToken cancellationToken) =>
        [.. (await db.Windows.AsNoTracking()
                .Where(w => w.Id != exceptId)
                .Select(w => new { w.Id, w.ClusterId, w.Title, w.StartUtc, w.EndUtc, w.Status })
                .ToListAsync(cancellationToken))
            .Select(o => new ScheduledWindow(o.Id, o.ClusterId, o.Title, UpgradeWindowEntity.AsUtc(o.StartUtc), UpgradeWindowEntity.AsUtc(o.EndUtc), WindowWorkflow.IsActive(o.Status)))];
}
