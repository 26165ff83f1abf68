using System.Collections.Immutable;
using System.Globalization;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Model.Rollouts;

/// <summary>
/// One window the rollout proposes: a cluster's pools that need <see cref="Kind"/>, and when. <see cref="Slot"/> says
/// where the time comes from (the cluster's maintenance slot, or the default one and why).
/// </summary>
public sealed record ProposedWindow(
    ClusterInfo Cluster,
    UpgradeKind Kind,
    string? Target,
    ImmutableArray<string> Pools,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string Slot);

/// <summary>A cluster's change that could not be fitted in its wave, with the reason; never dropped.</summary>
public sealed record UnscheduledCluster(ClusterInfo Cluster, UpgradeKind Kind, ImmutableArray<string> Pools, string Reason);

/// <summary>A pool that has no window in the proposal, and why.</summary>
public sealed record PoolLeftOut(PoolViewModel Pool, string Reason);

/// <summary>One wave's proposal: its span (where its windows were looked for), its windows in time order and what did not fit.</summary>
public sealed record WaveProposal(
    RolloutWave Wave,
    DateTimeOffset SpanStart,
    DateTimeOffset SpanEnd,
    ImmutableArray<ProposedWindow> Windows,
    ImmutableArray<UnscheduledCluster> Unscheduled)
{
    public DateTimeOffset? FirstStart => Windows.IsEmpty ? null : Windows.Min(w => w.StartUtc);

    public DateTimeOffset? LastEnd => Windows.IsEmpty ? null : Windows.Max(w => w.EndUtc);
}

/// <summary>
/// What <see cref="RolloutProposer"/> proposes. Every pool it was given is in exactly one place: a window of a wave, a
/// wave's <see cref="WaveProposal.Unscheduled"/>, <see cref="Unassigned"/> (no wave takes its cluster),
/// <see cref="OnTarget"/> (nothing to do) or <see cref="Blocked"/> (the window rules refuse the change for it).
/// </summary>
public sealed record RolloutProposal(
    Rollout Rollout,
    ImmutableArray<WaveProposal> Waves,
    ImmutableArray<PoolLeftOut> Unassigned,
    ImmutableArray<PoolLeftOut> OnTarget,
    ImmutableArray<PoolLeftOut> Blocked)
{
    /// <summary>When the last proposed window ends; null when none is proposed.</summary>
    public DateTimeOffset? Finish => Waves.Select(w => w.LastEnd).Max();

    public int PoolsScheduled => Waves.Sum(w => w.Windows.Sum(x => x.Pools.Length));

    /// <summary>Pools that need the change but have no window: unassigned, blocked or not fitted.</summary>
    public int PoolsNotScheduled => Unassigned.Length + Blocked.Length + Waves.Sum(w => w.Unscheduled.Sum(u => u.Pools.Length));

    /// <summary>
    /// The managers' sentence, e.g. "Every Ubuntu 22.04 pool is moved by 2027-03-15, 107 days before end of support.",
    /// with the finish as a date in the rollout's zone. <paramref name="pools"/> names the pools ("Ubuntu 22.04"); it
    /// says "every" only when nothing is left without a window.
    /// </summary>
    public string Projection(string pools, DateOnly? endOfSupport)
    {
        var scheduled = PoolsScheduled;
        var missing = PoolsNotScheduled;
        if (Finish is not { } finish)
        {
            return missing == 0
                ? $"No {pools} pool needs this change."
                : string.Create(CultureInfo.InvariantCulture, $"No {pools} pool is scheduled: {missing:N0} {(missing == 1 ? "has" : "have")} no window (see why).");
        }

        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(finish, Rollout.TimeZone).DateTime);
        var margin = endOfSupport is not { } end ? ""
            : (end.DayNumber - day.DayNumber) switch
            {
                0 => ", the day support ends",
                > 0 and var d => string.Create(CultureInfo.InvariantCulture, $", {d:N0} day{(d == 1 ? "" : "s")} before end of support"),
                var d => string.Create(CultureInfo.InvariantCulture, $", {-d:N0} day{(d == -1 ? "" : "s")} after end of support"),
            };
        return missing == 0
            ? string.Create(CultureInfo.InvariantCulture, $"Every {pools} pool is moved by {day:yyyy-MM-dd}{margin}.")
            : string.Create(CultureInfo.InvariantCulture,
                $"{scheduled:N0} of {scheduled + missing:N0} {pools} pools are moved by {day:yyyy-MM-dd}{margin}; {missing:N0} {(missing == 1 ? "has" : "have")} no window (see why).");
    }
}
