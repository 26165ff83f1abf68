namespace AksUpgradeDashboard.Data;

/// <summary>A lease: which replica may do a job (refresh the inventory) until when.</summary>
public sealed class LeaseEntity
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public DateTime ExpiresAtUtc { get; set; }
}

/// <summary>The inventory the lease holder read last, for the other replicas (one row).</summary>
public sealed class SharedInventoryEntity
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public DateTime RefreshedAtUtc { get; set; }
    public required string Holder { get; set; }

    /// <summary>The <see cref="Model.InventorySnapshot"/> as Brotli-compressed JSON.</summary>
    public required byte[] Snapshot { get; set; }
}
