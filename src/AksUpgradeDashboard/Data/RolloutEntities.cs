using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Data;

/// <summary>Where a rollout stands: its windows are all Draft until a wave is submitted; cancelled stops what has not started.</summary>
public enum RolloutStatus
{
    Draft,
    Active,
    Completed,
    Cancelled,
}

/// <summary>A saved rollout (issue 18): one change over the pools a grid query chose, in waves; its windows link back to it.</summary>
public sealed class RolloutEntity
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public UpgradeKind Kind { get; set; }
    public string? Target { get; set; }

    /// <summary>The pools grid's query string the rollout was made from (see <see cref="Model.PoolQueryString"/>).</summary>
    public required string Query { get; set; }

    public required string TimeZone { get; set; }
    public int WindowHours { get; set; }
    public RolloutStatus Status { get; set; }
    public required string CreatedBy { get; set; }
    public string? CreatedByName { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public string CreatedByDisplay => CreatedByName ?? CreatedBy;

    public DateTimeOffset CreatedAt => UpgradeWindowEntity.AsUtc(CreatedAtUtc);
}

/// <summary>One wave of a saved rollout; its rule is stored as text (<see cref="RuleKind"/> and <see cref="RuleValue"/>).</summary>
public sealed class RolloutWaveEntity
{
    public long Id { get; set; }
    public Guid RolloutId { get; set; }

    /// <summary>The wave's place, from 0; windows carry it as their <see cref="UpgradeWindowEntity.WaveIndex"/>.</summary>
    public int Order { get; set; }

    public required string Name { get; set; }

    /// <summary>Tag, Subscription, Region or Clusters.</summary>
    public required string RuleKind { get; set; }

    /// <summary>Tag: <c>key=value</c>; Subscription: its id; Region: the location; Clusters: ARM ids, one a line.</summary>
    public required string RuleValue { get; set; }

    public TimeSpan Duration { get; set; }
    public int MaxConcurrentClusters { get; set; }
    public TimeSpan Soak { get; set; }

    /// <summary>The NotReached windows an approver waived so the gate can pass (see <see cref="Model.Rollouts.RolloutGate"/>).</summary>
    public List<Guid> WaivedWindowIds { get; set; } = [];

    public string? WaivedBy { get; set; }
    public string? WaivedByName { get; set; }
    public DateTime? WaivedAtUtc { get; set; }
    public string? WaiverComment { get; set; }
}
