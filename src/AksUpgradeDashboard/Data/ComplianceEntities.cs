namespace AksUpgradeDashboard.Data;

/// <summary>
/// One day's compliance of the whole fleet: the counts the trend chart reads, the policy used, and every pool's
/// assessment compressed (see <see cref="Model.Compliance.ComplianceSnapshotCodec"/>). One row per UTC day.
/// </summary>
public sealed class ComplianceSnapshotEntity
{
    public DateOnly Day { get; set; }
    public DateTime TakenAtUtc { get; set; }
    public DateTime InventoryRefreshedAtUtc { get; set; }
    public int Pools { get; set; }
    public int Compliant { get; set; }
    public int NonCompliant { get; set; }
    public int Unknown { get; set; }
    public int MaxDaysBehindLatest { get; set; }
    public bool RetiringIsCompliant { get; set; }
    public bool KubernetesMustBeSupported { get; set; }

    /// <summary>Pools per status, e.g. <c>Current=60;Behind=12;Retiring=4;Unsupported=3;Unknown=2</c>.</summary>
    public required string StatusCounts { get; set; }

    public required byte[] Detail { get; set; }

    /// <summary>
    /// Generated history of the embedded sample fleet (no per-pool detail), never a measurement: shown only while the
    /// sample is the inventory source, and deleted once a real fleet is read.
    /// </summary>
    public bool IsSample { get; set; }
}

/// <summary>The compliance policy as an admin last saved it on the settings page (one row; absent = configuration).</summary>
public sealed class CompliancePolicyEntity
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public int MaxDaysBehindLatest { get; set; }
    public bool RetiringIsCompliant { get; set; }
    public bool KubernetesMustBeSupported { get; set; } = true;
    public required string UpdatedBy { get; set; }

    public string? UpdatedByName { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
