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

    /// <summary>Takes or renews the inventory lease for <paramref name="holder"/> (see <see cref="ReplicaLeases.TryAcquireAsync"/>).</summary>
    public Task<LeaseAttempt> TryAcquireAsync(string holder, TimeSpan ttl, LeaseObservation? observed, CancellationToken cancellationToken) =>
        new ReplicaLeases(db, time).TryAcquireAsync(LeaseName, holder, ttl, observed, cancellationToken);

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
