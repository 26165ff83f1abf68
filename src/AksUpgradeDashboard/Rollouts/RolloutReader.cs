using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Inventory;
using System.Collections.Immutable;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Rollouts;
using AksUpgradeDashboard.Model.Windows;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Rollouts;

/// <summary>One wave's progress in pools: done (window Verified), in progress, failed (NotReached; waived or not) and remaining.</summary>
public sealed record WaveProgress(int PoolsDone, int PoolsInProgress, int PoolsFailed, int PoolsRemaining, int PoolsWaived)
{
    /// <summary>
    /// The wave's windows in pools. A window of every pool of its cluster stores no pool names, so
    /// <paramref name="wholeClusterPools"/> says how many it covers (the cluster's pools in the inventory).
    /// </summary>
    public static WaveProgress Of(IEnumerable<UpgradeWindowEntity> windows, IReadOnlyCollection<Guid> waived, Func<UpgradeWindowEntity, int> wholeClusterPools)
    {
        var counted = windows.Where(w => w.Status != WindowStatus.Cancelled).ToList();
        int Pools(Func<UpgradeWindowEntity, bool> which) => counted.Where(which).Sum(w => w.AllPools ? wholeClusterPools(w) : w.NodePools.Count);
        return new(
            Pools(w => w.Status == WindowStatus.Verified),
            Pools(w => w.Status is WindowStatus.InProgress or WindowStatus.Completed),
            Pools(w => w.Status is WindowStatus.NotReached or WindowStatus.Failed or WindowStatus.Aborted),
            Pools(w => w.Status is not (WindowStatus.Verified or WindowStatus.InProgress or WindowStatus.Completed or WindowStatus.NotReached or WindowStatus.Failed or WindowStatus.Aborted)),
            Pools(w => w.Status == WindowStatus.NotReached && waived.Contains(w.Id)));
    }
}

/// <summary>A saved wave with its windows (failures first, then by start), its gate and its progress.</summary>
public sealed record RolloutWaveView(RolloutWaveEntity Wave, WaveRule? Rule, IReadOnlyList<UpgradeWindowEntity> Windows, GateState Gate, WaveProgress Progress);

/// <summary>A saved rollout as read: its waves, the projection sentence for its windows, and its burn-down.</summary>
public sealed record RolloutView(RolloutEntity Rollout, IReadOnlyList<RolloutWaveView> Waves, string Projection, IReadOnlyList<BurnDownPoint> BurnDown);

/// <summary>The projection sentence (see <see cref="RolloutProposal.Projection"/>) for saved rollouts.</summary>
public static class RolloutProjection
{
    /// <summary>What the sentence calls the pools: the query's one OS ("Ubuntu 22.04"), else "selected".</summary>
    public static string PoolsName(PoolQuery query) => query.OsVersions.Count == 1 ? query.OsVersions[0] : "selected";

    /// <summary>The end of support of the query's one OS, for "… days before end of support"; null otherwise.</summary>
    public static DateOnly? EndOfSupport(PoolQuery query, OsCatalog catalog) =>
        query.OsVersions is [var os] ? catalog.OsVersions.Values.FirstOrDefault(v => v.DisplayName == os)?.EndOfSupport : null;

    /// <summary>The sentence for the rollout's windows that are not cancelled, as if they were its proposal.</summary>
    public static string For(RolloutEntity rollout, IReadOnlyList<RolloutWaveEntity> waves, IReadOnlyList<UpgradeWindowEntity> windows, OsCatalog catalog)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(rollout.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var rolloutWaves = waves.Select(w => new RolloutWave(w.Name, RolloutRequests.Rule(w.RuleKind, w.RuleValue, out _) ?? new ClusterListWaveRule([]), w.Duration, Math.Max(1, w.MaxConcurrentClusters), w.Soak)).ToList();
        var model = new Rollout(new RolloutChange(rollout.Kind, rollout.Target), rolloutWaves, rollout.WindowHours, zone);
        var proposals = waves.Select((w, i) => new WaveProposal(rolloutWaves[i], default, default,
            [.. windows.Where(x => x.WaveIndex == w.Order && x.Status != WindowStatus.Cancelled).Select(x => new ProposedWindow(
                new ClusterInfo { Id = x.ClusterId, SubscriptionId = x.SubscriptionId, ResourceGroup = x.ResourceGroup, Name = x.ClusterName, Location = "" },
                x.Kind, x.Target, [.. x.NodePools], x.Start, x.End, ""))],
            [])).ToImmutableArray();
        var query = PoolQueryString.Parse(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(rollout.Query), out _);
        return new RolloutProposal(model, proposals, [], [], []).Projection(PoolsName(query), EndOfSupport(query, catalog));
    }
}

/// <summary>Reads saved rollouts: the list, one with its waves, gates and progress, and the gates the transitions need.</summary>
public sealed class RolloutReader(DashboardDbContext db, OsCatalog catalog, InventoryStore inventory, TimeProvider time)
{
    public async Task<List<RolloutView>> ListAsync(CancellationToken cancellationToken)
    {
        var rollouts = await db.Rollouts.AsNoTracking().ToListAsync(cancellationToken);
        var ids = rollouts.Select(r => r.Id).ToList();
        var waves = (await db.RolloutWaves.AsNoTracking().Where(w => ids.Contains(w.RolloutId)).ToListAsync(cancellationToken)).ToLookup(w => w.RolloutId);
        var windows = (await db.Windows.AsNoTracking().Where(w => w.RolloutId != null && ids.Contains(w.RolloutId.Value)).ToListAsync(cancellationToken)).ToLookup(w => w.RolloutId!.Value);
        return [.. rollouts.OrderByDescending(r => r.CreatedAtUtc).ThenBy(r => r.Name, StringComparer.Ordinal).Select(r => View(r, [.. waves[r.Id]], [.. windows[r.Id]]))];
    }

    public async Task<RolloutView?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await db.Rollouts.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } rollout)
        {
            return null;
        }

        var waves = await db.RolloutWaves.AsNoTracking().Where(w => w.RolloutId == id).ToListAsync(cancellationToken);
        var windows = await db.Windows.AsNoTracking().Where(w => w.RolloutId == id).ToListAsync(cancellationToken);
        return View(rollout, waves, windows);
    }

    /// <summary>The gate of each wave of the rollouts, by rollout and wave index (see <see cref="RolloutGate"/>).</summary>
    internal static async Task<Dictionary<(Guid Rollout, int Wave), GateState>> GatesAsync(DashboardDbContext db, IReadOnlyCollection<Guid> rolloutIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var waves = (await db.RolloutWaves.AsNoTracking().Where(w => rolloutIds.Contains(w.RolloutId)).ToListAsync(cancellationToken)).ToLookup(w => w.RolloutId);
        var windows = (await db.Windows.AsNoTracking().Where(w => w.RolloutId != null && rolloutIds.Contains(w.RolloutId.Value))
            .Select(w => new { w.Id, w.RolloutId, w.WaveIndex, w.Status, w.EndUtc }).ToListAsync(cancellationToken)).ToLookup(w => w.RolloutId!.Value);
        var gates = new Dictionary<(Guid, int), GateState>();
        foreach (var id in rolloutIds)
        {
            var ordered = waves[id].OrderBy(w => w.Order).ToList();
            var gateWaves = ordered.Select(w => new GateWave(w.Soak, [.. windows[id].Where(x => x.WaveIndex == w.Order)
                .Select(x => new GateWindow(x.Status, UpgradeWindowEntity.AsUtc(x.EndUtc), w.WaivedWindowIds.Contains(x.Id), WaivedAt(w)))])).ToList();
            var states = RolloutGate.All(gateWaves, now);
            for (var i = 0; i < ordered.Count; i++)
            {
                gates[(id, ordered[i].Order)] = states[i];
            }
        }

        return gates;
    }

    // The wave keeps its latest waiver's time only: a window waived earlier counts as waived then too, which can only
    // make the soak after it longer, never shorter.
    private static DateTimeOffset? WaivedAt(RolloutWaveEntity wave) => wave.WaivedAtUtc is { } at ? UpgradeWindowEntity.AsUtc(at) : null;

    // Without an inventory (or a cluster gone from it) a whole-cluster window counts as one pool rather than none.
    private int WholeClusterPools(UpgradeWindowEntity window) =>
        inventory.Current?.Clusters.FirstOrDefault(c => string.Equals(c.Cluster.Id, window.ClusterId, StringComparison.OrdinalIgnoreCase))?.Pools.Length ?? 1;

    private RolloutView View(RolloutEntity rollout, List<RolloutWaveEntity> waves, List<UpgradeWindowEntity> windows)
    {
        waves = [.. waves.OrderBy(w => w.Order)];
        var gates = RolloutGate.All([.. waves.Select(w => new GateWave(w.Soak, [.. windows.Where(x => x.WaveIndex == w.Order)
            .Select(x => new GateWindow(x.Status, x.End, w.WaivedWindowIds.Contains(x.Id), WaivedAt(w)))]))], time.GetUtcNow());
        var views = waves.Select((w, i) =>
        {
            var own = windows.Where(x => x.WaveIndex == w.Order)
                .OrderBy(x => x.Status is WindowStatus.NotReached or WindowStatus.Failed or WindowStatus.Aborted ? 0 : 1).ThenBy(x => x.StartUtc).ThenBy(x => x.Title, StringComparer.Ordinal).ToList();
            return new RolloutWaveView(w, RolloutRequests.Rule(w.RuleKind, w.RuleValue, out _), own, gates[i], WaveProgress.Of(own, w.WaivedWindowIds, WholeClusterPools));
        }).ToList();
        // A verified window is done when the inventory that showed it was read (Verified is final, so that read is the one).
        var burnDown = RolloutBurnDown.Of([.. windows.Where(w => w.Status != WindowStatus.Cancelled).Select(w => new BurnDownWindow(
            w.AllPools ? WholeClusterPools(w) : w.NodePools.Count, w.End,
            w.Status == WindowStatus.Verified ? (w.CompletionCheckedAtUtc is { } at ? UpgradeWindowEntity.AsUtc(at) : w.End) : null))], time.GetUtcNow());
        return new RolloutView(rollout, views, RolloutProjection.For(rollout, waves, windows, catalog), burnDown);
    }
}
