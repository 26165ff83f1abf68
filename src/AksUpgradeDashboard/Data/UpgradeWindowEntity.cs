using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Data;

/// <summary>A planned upgrade window as stored. Times are UTC; <see cref="TimeZone"/> is the planner's IANA zone.</summary>
public sealed class UpgradeWindowEntity
{
    public Guid Id { get; set; }
    public required string Title { get; set; }
    public required string SubscriptionId { get; set; }
    public required string ResourceGroup { get; set; }
    public required string ClusterName { get; set; }

    /// <summary>The cluster's ARM id, for overlap checks and joins with the inventory.</summary>
    public required string ClusterId { get; set; }

    /// <summary>Pool names; empty when <see cref="AllPools"/>.</summary>
    public List<string> NodePools { get; set; } = [];

    public bool AllPools { get; set; }
    public UpgradeKind Kind { get; set; }
    public string? Target { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
    public required string TimeZone { get; set; }
    public string? Notes { get; set; }
    public WindowStatus Status { get; set; }

    /// <summary>Counts saved edits of scope, target or times; approvals bind to it (sign-in issue).</summary>
    public int Revision { get; set; } = 1;

    public string? BlackoutJustification { get; set; }

    /// <summary>The planner's choice: when the dashboard carries the window out, it first applies the runbook's recommended upgrade settings.</summary>
    public bool ApplyRecommendedSettings { get; set; }
    /// <summary>The creator's id (see <see cref="Actor"/>); <see cref="CreatedByName"/> is the name people read.</summary>
    public required string CreatedBy { get; set; }

    /// <summary>The creator's name when they saved (null for windows saved before names were stored: show the id).</summary>
    public string? CreatedByName { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public string? UpdatedBy { get; set; }

    public string? UpdatedByName { get; set; }
    public DateTime? UpdatedAtUtc { get; set; }

    /// <summary>After the window ended: what the inventory showed for each pool (see <see cref="WindowStatus.Verified"/>).</summary>
    public string? CompletionFound { get; set; }

    /// <summary>When the inventory that decided <see cref="CompletionFound"/> was read.</summary>
    public DateTime? CompletionCheckedAtUtc { get; set; }

    /// <summary>Optimistic concurrency: replaced on every save, so a second writer with a stale copy gets a conflict.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    /// <summary>The rollout that made the window (issue 18), else null; <see cref="WaveIndex"/> is its wave, from 0.</summary>
    public Guid? RolloutId { get; set; }

    public int? WaveIndex { get; set; }

    /// <summary>When the dashboard began carrying out the window on Azure (issue 19), and who started it (the app in Automatic mode).</summary>
    public DateTime? ExecutionStartedAtUtc { get; set; }

    public string? ExecutionStartedBy { get; set; }

    /// <summary>When the run ended (Completed, Failed or Aborted); the completion check waits for an inventory read after it.</summary>
    public DateTime? ExecutionEndedAtUtc { get; set; }

    /// <summary>Why the run ended as it did, for people (the failed step's error, the safety check, who aborted).</summary>
    public string? ExecutionOutcome { get; set; }

    // Read-only views, not mapped: names to show, and the stored UTC times as instants.
    public string CreatedByDisplay => CreatedByName ?? CreatedBy;

    /// <summary>Who saved the current revision: the last editor, or the creator.</summary>
    public string LastSavedByDisplay => UpdatedBy is null ? CreatedByDisplay : UpdatedByName ?? UpdatedBy;

    public DateTimeOffset Start => AsUtc(StartUtc);

    public DateTimeOffset End => AsUtc(EndUtc);

    public DateTimeOffset CreatedAt => AsUtc(CreatedAtUtc);

    /// <summary>Started on Azure and not yet ended.</summary>
    public bool IsExecuting => ExecutionStartedAtUtc is not null && ExecutionEndedAtUtc is null;

    internal static DateTimeOffset AsUtc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}

/// <summary>A period in which no upgrade window may run without a recorded justification (e.g. a year-end freeze).</summary>
public sealed class BlackoutPeriodEntity
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public DateTimeOffset Start => UpgradeWindowEntity.AsUtc(StartUtc);

    public DateTimeOffset End => UpgradeWindowEntity.AsUtc(EndUtc);
}
