using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Windows;

/// <summary>The outcome of a change: the window, or why not (each error names its field).</summary>
public sealed record WindowChange(UpgradeWindowEntity? Window, IReadOnlyList<WindowIssue> Errors, IReadOnlyList<WindowIssue> Warnings, WindowChangeFailure Failure = WindowChangeFailure.None);

public enum WindowChangeFailure
{
    None,
    Invalid,
    NotFound,
    Conflict,
    InventoryNotLoaded,
}

/// <summary>
/// Creates, edits and deletes upgrade windows: the rules run on the server against the current inventory, other
/// windows and blackout periods, and nothing is saved when any rule fails. Edits are optimistic: the caller says which
/// revision it saw, and a stale one (or a write that races another) is a conflict, never a silent overwrite.
/// </summary>
public sealed class UpgradeWindowService(DashboardDbContext db, InventoryStore store, OsCatalog catalog, IMaintenanceConfigurationReader maintenance, TimeProvider time)
{
    /// <summary>Windows that still hold their slot on the cluster.</summary>
    public static readonly WindowStatus[] ActiveStatuses = [WindowStatus.Draft, WindowStatus.Submitted, WindowStatus.Approved, WindowStatus.InProgress];

    /// <summary>Windows that may still be edited or deleted (nobody has approved them).</summary>
    public static readonly WindowStatus[] EditableStatuses = [WindowStatus.Draft, WindowStatus.Submitted, WindowStatus.Rejected];

    public Task<UpgradeWindowEntity?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);

    public async Task<List<UpgradeWindowEntity>> ListAsync(DateTime? fromUtc, DateTime? toUtc, CancellationToken cancellationToken)
    {
        var query = db.Windows.AsNoTracking();
        if (fromUtc is { } from)
        {
            query = query.Where(w => w.EndUtc > from);
        }

        if (toUtc is { } to)
        {
            query = query.Where(w => w.StartUtc < to);
        }

        return await query.OrderBy(w => w.StartUtc).ThenBy(w => w.Title).ToListAsync(cancellationToken);
    }

    public async Task<WindowChange> CreateAsync(UpgradeWindowRequest request, string user, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(request, editingId: null, cancellationToken);
        if (check is null)
        {
            return NotLoaded();
        }

        if (!check.IsValid)
        {
            return new WindowChange(null, check.Errors, check.Warnings, WindowChangeFailure.Invalid);
        }

        var plan = check.Plan!;
        var window = new UpgradeWindowEntity
        {
            Id = Guid.NewGuid(),
            Title = plan.Title,
            SubscriptionId = plan.Cluster.SubscriptionId,
            ResourceGroup = plan.Cluster.ResourceGroup,
            ClusterName = plan.Cluster.Name,
            ClusterId = plan.Cluster.Id,
            Kind = plan.Kind.ToString(),
            TimeZone = plan.TimeZone,
            CreatedBy = user,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            Status = WindowStatus.Draft,
        };
        Apply(window, plan, request);
        db.Windows.Add(window);
        await db.SaveChangesAsync(cancellationToken);
        return new WindowChange(window, [], check.Warnings);
    }

    public async Task<WindowChange> UpdateAsync(Guid id, int expectedRevision, UpgradeWindowRequest request, string user, CancellationToken cancellationToken)
    {
        var window = await db.Windows.FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (window is null)
        {
            return new WindowChange(null, [new("id", $"No upgrade window {id}.")], [], WindowChangeFailure.NotFound);
        }

        if (window.Revision != expectedRevision)
        {
            return Conflict(window, $"The window was changed by {window.UpdatedBy ?? window.CreatedBy} since you loaded it (revision {expectedRevision}, now {window.Revision}). Reload it and apply your change again.");
        }

        if (!EditableStatuses.Contains(window.Status))
        {
            return Conflict(window, $"The window is {window.Status} and can no longer be edited.");
        }

        var check = await CheckAsync(request, id, cancellationToken);
        if (check is null)
        {
            return NotLoaded();
        }

        if (!check.IsValid)
        {
            return new WindowChange(null, check.Errors, check.Warnings, WindowChangeFailure.Invalid);
        }

        Apply(window, check.Plan!, request);
        window.Revision++;
        window.UpdatedBy = user;
        window.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        window.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict(window, "Someone else saved this window at the same moment. Reload it and apply your change again.");
        }

        return new WindowChange(window, [], check.Warnings);
    }

    public async Task<WindowChange> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var window = await db.Windows.FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (window is null)
        {
            return new WindowChange(null, [new("id", $"No upgrade window {id}.")], [], WindowChangeFailure.NotFound);
        }

        if (!EditableStatuses.Contains(window.Status))
        {
            return Conflict(window, $"The window is {window.Status}; approved or started windows are cancelled, not deleted.");
        }

        db.Windows.Remove(window);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict(window, "Someone else changed this window at the same moment. Reload it and try again.");
        }

        return new WindowChange(window, [], []);
    }

    /// <summary>Windows whose completion is still open: they held their slot, or were checked and had not reached the target yet.</summary>
    public static readonly WindowStatus[] AwaitingCompletionStatuses = [.. ActiveStatuses, WindowStatus.NotReached];

    /// <summary>
    /// Marks ended windows <see cref="WindowStatus.Verified"/> or <see cref="WindowStatus.NotReached"/> against
    /// <paramref name="fleet"/>, with what was found. Verified is final; NotReached is checked again on later
    /// inventories (a slow rollout may finish after the window). Returns how many windows changed.
    /// </summary>
    public async Task<int> RecordCompletionAsync(FleetState fleet, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ended = await db.Windows
            .Where(w => w.EndUtc <= now && AwaitingCompletionStatuses.Contains(w.Status))
            .ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var window in ended)
        {
            if (!Enum.TryParse<UpgradeKind>(window.Kind, out var kind)
                || WindowCompletion.Check(new CompletionScope(window.SubscriptionId, window.ResourceGroup, window.ClusterName, window.NodePools, window.AllPools, kind, window.Target, window.End), fleet) is not { } result)
            {
                continue;
            }

            var status = result.Reached ? WindowStatus.Verified : WindowStatus.NotReached;
            var found = result.Found.Length > DashboardDbContext.MaxCompletionFoundLength ? result.Found[..(DashboardDbContext.MaxCompletionFoundLength - 1)] + "…" : result.Found;
            if (window.Status != status || window.CompletionFound != found)
            {
                window.Status = status;
                window.CompletionFound = found;
                window.CompletionCheckedAtUtc = fleet.Snapshot.RefreshedAt.UtcDateTime;
                window.ConcurrencyStamp = Guid.NewGuid();
                changed++;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone edited or deleted one of these windows meanwhile; the next inventory checks again.
            return 0;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return changed;
    }

    /// <summary>The rules' warnings for a stored window as of now (e.g. it has become too late), for display.</summary>
    public async Task<IReadOnlyList<WindowIssue>> CurrentWarningsAsync(UpgradeWindowEntity window, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(ToRequest(window), window.Id, cancellationToken);
        return check?.Warnings ?? [];
    }

    public static UpgradeWindowRequest ToRequest(UpgradeWindowEntity w) => new(
        w.Title, w.SubscriptionId, w.ResourceGroup, w.ClusterName, w.AllPools ? [] : w.NodePools, w.Kind, w.Target,
        new DateTimeOffset(w.StartUtc, TimeSpan.Zero), new DateTimeOffset(w.EndUtc, TimeSpan.Zero), w.TimeZone, w.Notes, w.BlackoutJustification);

    /// <summary>The window as a plan on the current inventory, or why not (its cluster or one of its pools is gone).</summary>
    public static (UpgradePlan? Plan, string? Missing) ToPlan(UpgradeWindowEntity w, FleetState fleet)
    {
        if (fleet.FindCluster(w.SubscriptionId, w.ResourceGroup, w.ClusterName) is not { } cluster)
        {
            return (null, $"Cluster '{w.ClusterName}' (resource group '{w.ResourceGroup}', subscription {w.SubscriptionId}) is not in the current inventory.");
        }

        if (!Enum.TryParse<UpgradeKind>(w.Kind, ignoreCase: true, out var kind))
        {
            return (null, $"Upgrade kind '{w.Kind}' is not known.");
        }

        List<NodePoolInfo> pools = [];
        if (w.AllPools)
        {
            pools.AddRange(cluster.Pools.Select(p => p.Pool));
        }
        else
        {
            foreach (var name in w.NodePools)
            {
                if (cluster.Pools.FirstOrDefault(p => string.Equals(p.Pool.Name, name, StringComparison.OrdinalIgnoreCase)) is not { } pool)
                {
                    return (null, $"Node pool '{name}' of cluster '{w.ClusterName}' is not in the current inventory.");
                }

                pools.Add(pool.Pool);
            }
        }

        var plan = new UpgradePlan(w.Title, cluster.Cluster, pools, w.AllPools, kind, w.Target,
            w.Start, w.End, w.TimeZone, w.Notes);
        return (plan, null);
    }

    private async Task<WindowCheck?> CheckAsync(UpgradeWindowRequest request, Guid? editingId, CancellationToken cancellationToken)
    {
        if (store.Current is not { } fleet)
        {
            return null;
        }

        var others = await db.Windows.AsNoTracking()
            .Where(w => w.Id != editingId)
            .Select(w => new { w.Id, w.ClusterId, w.Title, w.StartUtc, w.EndUtc, w.Status })
            .ToListAsync(cancellationToken);
        var blackouts = await db.BlackoutPeriods.AsNoTracking().ToListAsync(cancellationToken);
        var cluster = request.SubscriptionId is { } s && request.ResourceGroup is { } g && request.Cluster is { } c ? fleet.FindCluster(s, g, c) : null;
        var configurations = cluster is null ? null : await maintenance.GetAsync(cluster.Cluster, cancellationToken);
        var context = new WindowContext(
            fleet, catalog, time.GetUtcNow(),
            [.. others.Select(o => new ScheduledWindow(o.Id, o.ClusterId, o.Title, new DateTimeOffset(o.StartUtc, TimeSpan.Zero), new DateTimeOffset(o.EndUtc, TimeSpan.Zero), ActiveStatuses.Contains(o.Status)))],
            [.. blackouts.Select(b => new BlackoutPeriod(b.Name, new DateTimeOffset(b.StartUtc, TimeSpan.Zero), new DateTimeOffset(b.EndUtc, TimeSpan.Zero)))],
            editingId,
            configurations is { Error: null } ? configurations.Configurations : null);
        var check = UpgradeWindowRules.Check(request, context);
        return configurations?.Error is { } error
            ? check with { Warnings = [.. check.Warnings, new("start", $"The cluster's planned maintenance configuration could not be read ({error.Message}), so the window was not checked against it.")] }
            : check;
    }

    private static void Apply(UpgradeWindowEntity window, UpgradePlan plan, UpgradeWindowRequest request)
    {
        window.Title = plan.Title;
        window.SubscriptionId = plan.Cluster.SubscriptionId;
        window.ResourceGroup = plan.Cluster.ResourceGroup;
        window.ClusterName = plan.Cluster.Name;
        window.ClusterId = plan.Cluster.Id;
        window.AllPools = plan.AllPools;
        window.NodePools = plan.AllPools ? [] : [.. plan.Pools.Select(p => p.Name)];
        window.Kind = plan.Kind.ToString();
        window.Target = plan.Target;
        window.StartUtc = plan.StartUtc.UtcDateTime;
        window.EndUtc = plan.EndUtc.UtcDateTime;
        window.TimeZone = plan.TimeZone;
        window.Notes = plan.Notes;
        window.BlackoutJustification = string.IsNullOrWhiteSpace(request.BlackoutJustification) ? null : request.BlackoutJustification.Trim();
    }

    private static WindowChange Conflict(UpgradeWindowEntity window, string message) =>
        new(window, [new("revision", message)], [], WindowChangeFailure.Conflict);

    private static WindowChange NotLoaded() =>
        new(null, [new("cluster", "The inventory is not loaded yet, so the window cannot be checked. Try again shortly.")], [], WindowChangeFailure.InventoryNotLoaded);
}
