using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Model.Compliance;

/// <summary>What an OS deadline is: the end of support, or the later removal of its node images.</summary>
public enum OsDeadlineKind
{
    EndOfSupport,
    ImagesRemoved,
}

/// <summary>How a pool on a retiring OS stands against a deadline.</summary>
public enum AtRiskCoverage
{
    /// <summary>An approved window that moves the pool off the OS ends before the date.</summary>
    Covered,

    /// <summary>A window is planned, but it is not approved yet or it ends after the date.</summary>
    Planned,

    /// <summary>Nothing is planned: the pool will still be on the OS on the date.</summary>
    NotPlanned,
}

/// <summary>A window as the projection needs it (pure, so the rules are table-tested without a database).</summary>
public sealed record PlannedWindow(
    Guid Id,
    string Title,
    string SubscriptionId,
    string ResourceGroup,
    string Cluster,
    bool AllPools,
    IReadOnlyList<string> NodePools,
    UpgradeKind Kind,
    DateTimeOffset EndUtc,
    WindowStatus Status)
{
    public bool Includes(PoolViewModel pool) =>
        string.Equals(SubscriptionId, pool.Cluster.SubscriptionId, StringComparison.OrdinalIgnoreCase)
        && string.Equals(ResourceGroup, pool.Cluster.ResourceGroup, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Cluster, pool.Cluster.Name, StringComparison.OrdinalIgnoreCase)
        && (AllPools || NodePools.Contains(pool.Pool.Name, StringComparer.OrdinalIgnoreCase));

}

public sealed record AtRiskPool(PoolViewModel Pool, AtRiskCoverage Coverage, PlannedWindow? Window, string Explanation);

/// <summary>One upcoming OS deadline and every pool still on that OS, split by how it is covered.</summary>
public sealed record OsDeadline(OsVersionInfo Os, OsDeadlineKind Kind, DateOnly Date, IReadOnlyList<AtRiskPool> Pools)
{
    /// <summary>The date has passed and pools are still on the OS.</summary>
    public bool Overdue { get; init; }

    public int CountOf(AtRiskCoverage coverage) => Pools.Count(p => p.Coverage == coverage);

    public string KindText => Kind == OsDeadlineKind.EndOfSupport ? "End of support" : "Node images removed";
}

/// <summary>
/// The "at risk" list: for each end-of-support and image-removal date in the OS catalog, the pools still on that OS, and
/// whether an approved window moves them off it before the date, one is only planned, or none is. Dates already passed
/// with pools still on the OS are <see cref="OsDeadline.Overdue"/> (and come first, being earliest); dates no pool
/// faces are left out.
/// </summary>
public static class AtRiskProjection
{
    private static readonly WindowStatus[] s_approved = [WindowStatus.Approved, WindowStatus.InProgress];
    private static readonly WindowStatus[] s_planned = [WindowStatus.Draft, WindowStatus.Submitted, WindowStatus.Approved, WindowStatus.InProgress];

    public static IReadOnlyList<OsDeadline> Build(FleetState fleet, IEnumerable<OsVersionInfo> osVersions, IReadOnlyList<PlannedWindow> windows, DateOnly today)
    {
        var deadlines = new List<OsDeadline>();
        foreach (var os in osVersions)
        {
            var onOs = fleet.Pools.Where(p => p.Assessment.Os?.Id == os.Id).ToList();
            if (onOs.Count == 0)
            {
                continue;
            }

            // Every date ahead, and the latest passed one: a pool still on the OS after its date is overdue, the worst
            // risk of all (listing it under an earlier passed date too would count the same pools twice).
            var dates = DatesOf(os).ToList();
            var lastPassed = dates.Where(d => d.Date < today).Select(d => (DateOnly?)d.Date).Max();
            foreach (var (kind, date) in dates.Where(d => d.Date >= today || d.Date == lastPassed))
            {
                var overdue = date < today;
                var deadline = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
                var pools = onOs
                    .Select(p => Judge(p, windows, deadline, overdue))
                    .OrderBy(p => p.Coverage == AtRiskCoverage.NotPlanned ? 0 : p.Coverage == AtRiskCoverage.Planned ? 1 : 2)
                    .ThenBy(p => p.Pool.Cluster.Name, StringComparer.OrdinalIgnoreCase)
                    .ThenBy(p => p.Pool.Pool.Name, StringComparer.Ordinal)
                    .ToList();
                deadlines.Add(new OsDeadline(os, kind, date, pools) { Overdue = overdue });
            }
        }

        return [.. deadlines.OrderBy(d => d.Date).ThenBy(d => d.Os.DisplayName, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Whether a window of this kind takes the pool off its current OS.</summary>
    public static bool MovesOffOs(UpgradeKind kind, PoolViewModel pool) => kind switch
    {
        UpgradeKind.OsSkuChange or UpgradeKind.NewNodePool => true,
        // A default osSKU (Ubuntu, AzureLinux) changes OS major with the Kubernetes minor.
        UpgradeKind.KubernetesVersion => pool.Assessment.OsAtNextKubernetesMinor is { } next && next.Id != pool.Assessment.Os?.Id,
        _ => false,
    };

    private static AtRiskPool Judge(PoolViewModel pool, IReadOnlyList<PlannedWindow> windows, DateTimeOffset deadline, bool overdue)
    {
        var moving = windows.Where(w => w.Includes(pool) && MovesOffOs(w.Kind, pool)).OrderBy(w => w.EndUtc).ToList();
        // Past the date nothing covers a pool still on the OS: a window that "ended in time" did not take it off.
        if (!overdue && moving.FirstOrDefault(w => s_approved.Contains(w.Status) && w.EndUtc <= deadline) is { } covering)
        {
            return new(pool, AtRiskCoverage.Covered, covering, $"Approved window \"{covering.Title}\" ends {covering.EndUtc:yyyy-MM-dd}.");
        }

        if (moving.FirstOrDefault(w => s_planned.Contains(w.Status)) is { } planned)
        {
            var why = (s_approved.Contains(planned.Status), overdue) switch
            {
                (true, true) => $"Past the date; window \"{planned.Title}\" is approved and ends {planned.EndUtc:yyyy-MM-dd}.",
                (true, false) => $"Window \"{planned.Title}\" is approved but ends {planned.EndUtc:yyyy-MM-dd}, after the date.",
                _ => $"Window \"{planned.Title}\" is {planned.Status}, not approved yet.",
            };
            return new(pool, AtRiskCoverage.Planned, planned, why);
        }

        return new(pool, AtRiskCoverage.NotPlanned, null, overdue ? "Past the date, and no window moves this pool off the OS." : "No window moves this pool off the OS.");
    }

    private static IEnumerable<(OsDeadlineKind Kind, DateOnly Date)> DatesOf(OsVersionInfo os)
    {
        if (os.EndOfSupport is { } endOfSupport)
        {
            yield return (OsDeadlineKind.EndOfSupport, endOfSupport);
        }

        if (os.ImagesRemoved is { } removed && removed != os.EndOfSupport)
        {
            yield return (OsDeadlineKind.ImagesRemoved, removed);
        }
    }
}
