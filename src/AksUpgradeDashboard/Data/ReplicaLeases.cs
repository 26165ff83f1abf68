using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Data;

/// <summary>
/// Leases that name the one replica doing a job for all (reading the inventory, sending notifications), so replicas on
/// one database never do it twice.
/// </summary>
public sealed class ReplicaLeases(DashboardDbContext db, TimeProvider time)
{
    /// <summary>
    /// Takes or renews the lease <paramref name="leaseName"/> for <paramref name="holder"/>. Another holder's lease runs out when this replica has
    /// seen it unchanged (not renewed) for <paramref name="ttl"/> by its own clock: clocks are never compared, so a
    /// replica whose clock runs ahead cannot take a live holder's lease, nor one running behind keep a dead one's.
    /// <paramref name="observed"/> is what the caller saw last time (from the previous answer). Each change is one
    /// conditional statement, so two replicas can never both win.
    /// </summary>
    public async Task<LeaseAttempt> TryAcquireAsync(string leaseName, string holder, TimeSpan ttl, LeaseObservation? observed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now.UtcDateTime + ttl;
        var lease = await db.Leases.AsNoTracking().FirstOrDefaultAsync(l => l.Name == leaseName, cancellationToken);
        if (lease is null)
        {
            db.Leases.Add(new LeaseEntity { Name = leaseName, Holder = holder, ExpiresAtUtc = until });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new(true, null);
            }
            catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
            {
                // Another replica created the lease first.
                db.ChangeTracker.Clear();
                return new(false, null);
            }
        }

        if (lease.Holder == holder)
        {
            var renewed = await db.Leases.Where(l => l.Name == leaseName && l.Holder == holder)
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.ExpiresAtUtc, until), cancellationToken);
            return new(renewed == 1, null);
        }

        var seen = observed is { } o && o.Holder == lease.Holder && o.ExpiresAtUtc == lease.ExpiresAtUtc
            ? o
            : new LeaseObservation(lease.Holder, lease.ExpiresAtUtc, now);
        if (now - seen.Since < ttl)
        {
            return new(false, seen);
        }

        // Unchanged for a whole lease: its holder is gone. Taken only if it is still exactly what was seen.
        var taken = await db.Leases.Where(l => l.Name == leaseName && l.Holder == lease.Holder && l.ExpiresAtUtc == lease.ExpiresAtUtc)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAtUtc, until), cancellationToken);
        return taken == 1 ? new(true, null) : new(false, null);
    }
}

/// <summary>Another replica's lease as this one saw it, and since when (by this replica's clock) it has looked so.</summary>
public sealed record LeaseObservation(string Holder, DateTime ExpiresAtUtc, DateTimeOffset Since);

/// <summary>Whether the lease is ours now; and what we saw of another's, to pass to the next attempt.</summary>
public sealed record LeaseAttempt(bool Acquired, LeaseObservation? Observed);
