using System.IO.Compression;
using System.Text.Json;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Inventory;

/// <summary>
/// What replicas on one database share about the inventory: a lease naming the one replica that reads the fleet from
/// its source, and the snapshot it read last, which the others load instead of reading the source themselves.
/// </summary>
public sealed class InventoryReplication(DashboardDbContext db, TimeProvider time)
{
    public const string LeaseName = "inventory-refresh";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Takes or renews the lease for <paramref name="holder"/>. Another holder's lease runs out when this replica has
    /// seen it unchanged (not renewed) for <paramref name="ttl"/> by its own clock: clocks are never compared, so a
    /// replica whose clock runs ahead cannot take a live holder's lease, nor one running behind keep a dead one's.
    /// <paramref name="observed"/> is what the caller saw last time (from the previous answer). Each change is one
    /// conditional statement, so two replicas can never both win.
    /// </summary>
    public async Task<LeaseAttempt> TryAcquireAsync(string holder, TimeSpan ttl, LeaseObservation? observed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now.UtcDateTime + ttl;
        var lease = await db.Leases.AsNoTracking().FirstOrDefaultAsync(l => l.Name == LeaseName, cancellationToken);
        if (lease is null)
        {
            db.Leases.Add(new LeaseEntity { Name = LeaseName, Holder = holder, ExpiresAtUtc = until });
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
            var renewed = await db.Leases.Where(l => l.Name == LeaseName && l.Holder == holder)
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
        var taken = await db.Leases.Where(l => l.Name == LeaseName && l.Holder == lease.Holder && l.ExpiresAtUtc == lease.ExpiresAtUtc)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAtUtc, until), cancellationToken);
        return taken == 1 ? new(true, null) : new(false, null);
    }

    /// <summary>
    /// Stores <paramref name="snapshot"/> for the other replicas, unless a newer one is there already. The replacement is
    /// one conditional statement, so two replicas publishing at once can never put an older fleet over a newer one.
    /// </summary>
    public async Task PublishAsync(InventorySnapshot snapshot, string holder, CancellationToken cancellationToken)
    {
        var refreshedAt = snapshot.RefreshedAt.UtcDateTime;
        var data = Serialize(snapshot);
        if (await ReplaceOlderAsync(refreshedAt, holder, data, cancellationToken))
        {
            return;
        }

        if (!await db.SharedInventory.AnyAsync(i => i.Id == SharedInventoryEntity.SingletonId, cancellationToken))
        {
            db.SharedInventory.Add(new SharedInventoryEntity { RefreshedAtUtc = refreshedAt, Holder = holder, Snapshot = data });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
            {
                // Another replica published the first fleet at the same moment.
                db.ChangeTracker.Clear();
            }
        }

        // The row is there now, perhaps inserted by another replica since the first attempt: replace it if it is older.
        await ReplaceOlderAsync(refreshedAt, holder, data, cancellationToken);
    }

    private async Task<bool> ReplaceOlderAsync(DateTime refreshedAt, string holder, byte[] data, CancellationToken cancellationToken) =>
        await db.SharedInventory
            .Where(i => i.Id == SharedInventoryEntity.SingletonId && i.RefreshedAtUtc < refreshedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RefreshedAtUtc, refreshedAt).SetProperty(i => i.Holder, holder).SetProperty(i => i.Snapshot, data), cancellationToken) == 1;

    /// <summary>The shared snapshot when it is newer than <paramref name="after"/>; null otherwise.</summary>
    public async Task<InventorySnapshot?> LoadNewerThanAsync(DateTimeOffset after, CancellationToken cancellationToken)
    {
        var afterUtc = after.UtcDateTime;
        var data = await db.SharedInventory.AsNoTracking()
            .Where(i => i.Id == SharedInventoryEntity.SingletonId && i.RefreshedAtUtc > afterUtc)
            .Select(i => i.Snapshot)
            .SingleOrDefaultAsync(cancellationToken);
        return data is null ? null : Deserialize(data);
    }

    public static byte[] Serialize(InventorySnapshot snapshot)
    {
        using var buffer = new MemoryStream();
        using (var brotli = new BrotliStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(brotli, snapshot, s_json);
        }

        return buffer.ToArray();
    }

    public static InventorySnapshot Deserialize(byte[] data)
    {
        using var brotli = new BrotliStream(new MemoryStream(data), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<InventorySnapshot>(brotli, s_json)
            ?? throw new InvalidDataException("The shared inventory is empty.");
    }
}

/// <summary>Another replica's lease as this one saw it, and since when (by this replica's clock) it has looked so.</summary>
public sealed record LeaseObservation(string Holder, DateTime ExpiresAtUtc, DateTimeOffset Since);

/// <summary>Whether the lease is ours now; and what we saw of another's, to pass to the next attempt.</summary>
public sealed record LeaseAttempt(bool Acquired, LeaseObservation? Observed);
