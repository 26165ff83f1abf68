using System.Collections.Immutable;
using System.Globalization;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Model.Rollouts;

/// <summary>
/// Proposes the windows of a rollout (issue 18). Pure: pools, schedules, blackouts, windows and "now" come in.
/// <list type="bullet">
/// <item><b>Which pools.</b> A pool already on the target (the latest node image, the target osSKU or the OS it gives,
/// the target Kubernetes minor or later) is left out as on target. The others get the kind the change takes for them:
/// an OS move the catalog's way (<see cref="UpgradeRecommendation.KindFor"/>: a Windows pool gets a new pool, since
/// AKS cannot change a Windows osSKU in place), or for a move off the catalog's path in place where the window rules
/// allow it and else a new pool. A pool the window rules refuse that kind for
/// (<see cref="UpgradeWindowRules.TargetProblems"/>) is blocked, with the rules' reason.</item>
/// <item><b>Waves.</b> A cluster goes to the first wave whose rule matches it; pools of a cluster no wave takes are
/// unassigned. The first wave starts at the rollout's earliest start, each later one when the previous wave's last
/// window has ended and its soak has passed (or, when the previous wave proposed no window, when it started).</item>
/// <item><b>Windows.</b> One window per cluster and kind, as one window has one kind: a cluster whose pools need two
/// kinds (the catalog sends some in place and others to a new pool) gets two windows, one after the other. Each goes in
/// the earliest slot that ends within the wave's span, is clear of blackouts and of the cluster's other windows (the
/// window rules' own checks, <see cref="UpgradeWindowRules.BlackoutsHit"/> and <see cref="UpgradeWindowRules.Overlaps"/>)
/// and keeps at most the wave's limit of its windows running at any instant. Existing windows count only for their own
/// cluster, not against the limit.</item>
/// <item><b>Slots.</b> Where the cluster has a planned maintenance schedule for the kind
/// (<see cref="UpgradeWindowRules.GoverningConfiguration"/>), only its slots, as the plan form does
/// (<see cref="WindowStartSuggestion.MaintenanceSlots"/>): a window as long as asked or as the slot, and one after
/// another in a slot long enough for several. Otherwise the default slot: every night at 22:00 in the rollout's zone,
/// for the rollout's window length (off hours, and one a night so a wave of many clusters fits in weeks rather than the
/// plan form's single Saturday a week).</item>
/// <item><b>Order.</b> Within a wave, clusters bound to a maintenance schedule are placed first (they have fewer slots
/// to choose from), then by name.</item>
/// </list>
/// </summary>
public static class RolloutProposer
{
    public static RolloutProposal Propose(Rollout rollout, RolloutContext context)
    {
        Validate(rollout);
        var change = rollout.Change;
        var onTarget = new List<PoolLeftOut>();
        var blocked = new List<PoolLeftOut>();
        var clusters = new Dictionary<string, ClusterWork>(StringComparer.OrdinalIgnoreCase);
        foreach (var pool in context.Pools)
        {
            if (OnTargetReason(pool, change, context) is { } done)
            {
                onTarget.Add(new(pool, done));
                continue;
            }

            var (kind, problems) = WindowKindFor(pool, change, context);
            if (problems.Count > 0)
            {
                blocked.Add(new(pool, string.Join(" ", problems.Select(p => p.Message))));
                continue;
            }

            if (!clusters.TryGetValue(pool.Cluster.Id, out var work))
            {
                clusters[pool.Cluster.Id] = work = new ClusterWork(pool.Cluster);
            }

            work.Add(kind, pool);
        }

        var byWave = rollout.Waves.Select(_ => new List<ClusterWork>()).ToList();
        var unassigned = new List<PoolLeftOut>();
        foreach (var work in clusters.Values)
        {
            var wave = FirstMatchingWave(rollout.Waves, work.Cluster);
            if (wave < 0)
            {
                unassigned.AddRange(work.AllPools.Select(p => new PoolLeftOut(p, $"No wave takes cluster {work.Cluster.Name}.")));
            }
            else
            {
                byWave[wave].Add(work);
            }
        }

        var maintenance = new Dictionary<string, IReadOnlyList<MaintenanceConfigurationInfo>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (clusterId, configurations) in context.Maintenance)
        {
            maintenance.TryAdd(clusterId, configurations);
        }

        var existing = context.ExistingWindows.Where(w => w.Active)
            .GroupBy(w => w.ClusterId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var start = context.Now + WindowStartSuggestion.MinimumLeadTime;
        start = rollout.NotBefore is { } notBefore && notBefore > start ? notBefore : start;
        var waves = ImmutableArray.CreateBuilder<WaveProposal>(rollout.Waves.Count);
        for (var i = 0; i < rollout.Waves.Count; i++)
        {
            var proposal = ProposeWave(rollout, rollout.Waves[i], byWave[i], start, maintenance, existing, context.Blackouts);
            waves.Add(proposal);
            // The next wave's gate opens when this wave's windows are done and have soaked.
            start = proposal.LastEnd is { } lastEnd ? lastEnd + rollout.Waves[i].Soak : start;
        }

        return new RolloutProposal(rollout, waves.MoveToImmutable(), [.. unassigned], [.. onTarget], [.. blocked]);
    }

    private static void Validate(Rollout rollout)
    {
        var length = TimeSpan.FromHours(rollout.WindowHours);
        if (length < UpgradeWindowRules.MinimumLength || length > UpgradeWindowRules.MaximumLength)
        {
            throw new ArgumentOutOfRangeException(nameof(rollout), rollout.WindowHours, "A window is 1 hour to 7 days long (WindowHours).");
        }

        foreach (var wave in rollout.Waves)
        {
            if (wave.MaxConcurrentClusters < 1 || wave.Duration <= TimeSpan.Zero || wave.Soak < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(rollout), wave, $"Wave '{wave.Name}' needs at least one cluster at a time, a positive duration and a soak of zero or more.");
            }
        }
    }

    // Nothing to do for the pool: its reason, else null.
    private static string? OnTargetReason(PoolViewModel pool, RolloutChange change, RolloutContext context)
    {
        switch (change.Kind)
        {
            case UpgradeKind.NodeImage:
                return pool.Assessment.OnLatestImage ? $"Already on the latest node image ({pool.Pool.NodeImageVersion})." : null;

            case UpgradeKind.KubernetesVersion:
                return KubernetesVersion.ParseOrNull(change.Target) is { } target && KubernetesVersion.ParseOrNull(pool.KubernetesVersion) is { } current
                    && (current > target || (current.CompareTo(target) == 0 && (target.Patch is not { } patch || current.Patch >= patch)))
                    ? $"Already runs Kubernetes {current}."
                    : null;

            default:
                if (change.Target is not { } sku)
                {
                    return null;
                }

                if (string.Equals(pool.Pool.OsSku, sku, StringComparison.OrdinalIgnoreCase))
                {
                    return $"Already on osSKU {pool.Pool.OsSku}.";
                }

                // An unversioned osSKU can give the target OS already (Ubuntu on Kubernetes 1.35 runs 24.04).
                var (fips, cvm) = PoolVariant.Of(pool.Pool, pool.Assessment.Image);
                var targetOs = context.Catalog.ResolveOs(pool.Pool.OsType, sku, KubernetesVersion.ParseOrNull(pool.KubernetesVersion), fips, cvm).Os;
                return targetOs is not null && string.Equals(targetOs.Id, pool.Assessment.Os?.Id, StringComparison.OrdinalIgnoreCase)
                    ? $"Already runs {targetOs.DisplayName}."
                    : null;
        }
    }

    // The kind of window the pool needs, with the window rules' problems if it cannot take it (then those of the last
    // kind tried: a new pool's "osSKU X is for Linux pools" says more than "cannot be changed in place").
    private static (UpgradeKind Kind, IReadOnlyList<FieldIssue> Problems) WindowKindFor(PoolViewModel pool, RolloutChange change, RolloutContext context)
    {
        UpgradeKind[] kinds = change.Kind switch
        {
            UpgradeKind.OsSkuChange when pool.Assessment is { UpgradeTargetOsSku: { } next, UpgradePath: { } path }
                && string.Equals(next, change.Target, StringComparison.OrdinalIgnoreCase) => [UpgradeRecommendation.KindFor(path)],
            UpgradeKind.OsSkuChange => [UpgradeKind.OsSkuChange, UpgradeKind.NewNodePool],
            var kind => [kind],
        };

        IReadOnlyList<FieldIssue> problems = [];
        foreach (var kind in kinds)
        {
            problems = UpgradeWindowRules.TargetProblems(kind, change.Target, pool.Cluster, [pool], context.Catalog);
            if (problems.Count == 0)
            {
                return (kind, problems);
            }
        }

        return (kinds[^1], problems);
    }

    private static int FirstMatchingWave(IReadOnlyList<RolloutWave> waves, ClusterInfo cluster)
    {
        for (var i = 0; i < waves.Count; i++)
        {
            if (waves[i].Rule.Matches(cluster))
            {
                return i;
            }
        }

        return -1;
    }

    private static WaveProposal ProposeWave(
        Rollout rollout,
        RolloutWave wave,
        List<ClusterWork> clusters,
        DateTimeOffset spanStart,
        Dictionary<string, IReadOnlyList<MaintenanceConfigurationInfo>> maintenance,
        Dictionary<string, List<ScheduledWindow>> existing,
        IReadOnlyList<BlackoutPeriod> blackouts)
    {
        var spanEnd = spanStart + wave.Duration;
        var running = new ConcurrentWindows(wave.MaxConcurrentClusters, TimeSpan.FromHours(rollout.WindowHours));
        var windows = ImmutableArray.CreateBuilder<ProposedWindow>();
        var unscheduled = ImmutableArray.CreateBuilder<UnscheduledCluster>();

        var ordered = clusters
            .Select(c => (Work: c, Configurations: maintenance.GetValueOrDefault(c.Cluster.Id)))
            .OrderBy(c => c.Work.Kinds.Keys.Any(k => UpgradeWindowRules.GoverningConfiguration(k, c.Configurations) is { Window: not null }) ? 0 : 1)
            .ThenBy(c => c.Work.Cluster.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Work.Cluster.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var (work, configurations) in ordered)
        {
            var cluster = work.Cluster;
            // The cluster's own proposed windows join its existing ones: one cluster takes one window at a time.
            var taken = new List<ScheduledWindow>(existing.GetValueOrDefault(cluster.Id) ?? []);
            foreach (var (kind, pools) in work.Kinds)
            {
                var names = pools.Select(p => p.Pool.Name).Order(StringComparer.Ordinal).ToImmutableArray();
                var configuration = UpgradeWindowRules.GoverningConfiguration(kind, configurations);
                var (slots, why, slotsName) = configuration is { Window: { } schedule }
                    ? (MaintenanceCandidates(schedule, spanStart, rollout.WindowHours), $"In the cluster's {configuration.Name} slot.", $"{configuration.Name} slot of the cluster")
                    : (NightlyCandidates(spanStart, rollout.TimeZone, rollout.WindowHours),
                        $"At 22:00 in {rollout.TimeZone.Id}: the cluster has no planned maintenance schedule for this kind of change (or it could not be read).",
                        $"22:00 start in {rollout.TimeZone.Id}");

                var tried = new SlotTally();
                (DateTimeOffset Start, DateTimeOffset End)? found = null;
                foreach (var (start, hours) in slots.TakeWhile(s => s.Start < spanEnd))
                {
                    var end = start.AddHours(hours);
                    if (end > spanEnd)
                    {
                        continue;
                    }

                    tried.Slots++;
                    if (UpgradeWindowRules.BlackoutsHit(start, end, blackouts).Any())
                    {
                        tried.InBlackout++;
                    }
                    else if (UpgradeWindowRules.Overlaps(cluster, start, end, taken, editingId: null).Count > 0)
                    {
                        tried.OtherWindow++;
                    }
                    else if (!running.HasRoom(start, end))
                    {
                        tried.WaveFull++;
                    }
                    else
                    {
                        found = (start, end);
                        break;
                    }
                }

                if (found is not { } slot)
                {
                    unscheduled.Add(new(cluster, kind, names, tried.Reason(slotsName, spanStart, spanEnd, wave.MaxConcurrentClusters)));
                    continue;
                }

                running.Add(slot.Start, slot.End);
                taken.Add(new ScheduledWindow(Guid.Empty, cluster.Id, $"{kind} (this rollout)", slot.Start, slot.End, Active: true));
                windows.Add(new(cluster, kind, rollout.Change.Target, names, slot.Start.ToUniversalTime(), slot.End.ToUniversalTime(), why));
            }
        }

        return new WaveProposal(wave, spanStart, spanEnd,
            [.. windows.OrderBy(w => w.StartUtc).ThenBy(w => w.Cluster.Name, StringComparer.OrdinalIgnoreCase)],
            unscheduled.ToImmutable());
    }

    // Starts in the cluster's maintenance slots: one window after another in a slot that holds several.
    private static IEnumerable<(DateTimeOffset Start, int Hours)> MaintenanceCandidates(MaintenanceSchedule schedule, DateTimeOffset from, int windowHours)
    {
        foreach (var slot in WindowStartSuggestion.MaintenanceSlots(schedule, from))
        {
            var hours = WindowStartSuggestion.HoursIn(slot, windowHours);
            for (var start = slot.Start; start.AddHours(hours) <= slot.End; start = start.AddHours(hours))
            {
                yield return (start, hours);
            }
        }
    }

    private static IEnumerable<(DateTimeOffset Start, int Hours)> NightlyCandidates(DateTimeOffset from, TimeZoneInfo zone, int windowHours) =>
        WindowStartSuggestion.NightsAt22(from, zone).Select(start => (start, windowHours));

    /// <summary>A cluster's pools in the rollout, by the kind of window each needs (in the order of <see cref="UpgradeKind"/>).</summary>
    private sealed class ClusterWork(ClusterInfo cluster)
    {
        public ClusterInfo Cluster { get; } = cluster;

        public SortedDictionary<UpgradeKind, List<PoolViewModel>> Kinds { get; } = [];

        public IEnumerable<PoolViewModel> AllPools => Kinds.Values.SelectMany(p => p);

        public void Add(UpgradeKind kind, PoolViewModel pool)
        {
            if (!Kinds.TryGetValue(kind, out var pools))
            {
                Kinds[kind] = pools = [];
            }

            pools.Add(pool);
        }
    }

    /// <summary>Why no slot was taken, counted as the slots were tried.</summary>
    private sealed class SlotTally
    {
        public int Slots { get; set; }

        public int InBlackout { get; set; }

        public int OtherWindow { get; set; }

        public int WaveFull { get; set; }

        public string Reason(string slotsName, DateTimeOffset spanStart, DateTimeOffset spanEnd, int limit)
        {
            var span = string.Create(CultureInfo.InvariantCulture, $"between {spanStart.ToUniversalTime():yyyy-MM-dd HH:mm} and {spanEnd.ToUniversalTime():yyyy-MM-dd HH:mm} UTC (the wave's span)");
            if (Slots == 0)
            {
                return $"No {slotsName} holds a window {span}.";
            }

            var why = new[]
            {
                (InBlackout, "in a blackout"),
                (OtherWindow, "overlapping the cluster's other windows"),
                (WaveFull, $"at the wave's limit of {limit} cluster{(limit == 1 ? "" : "s")} at a time"),
            };
            return string.Create(CultureInfo.InvariantCulture,
                $"No {slotsName} {span} is free ({Slots} tried): {string.Join(", ", why.Where(w => w.Item1 > 0).Select(w => $"{w.Item1} {w.Item2}"))}.");
        }
    }

    /// <summary>
    /// A wave's proposed windows by start, to tell whether one more keeps at most <c>limit</c> running at every instant.
    /// Every window is at most <c>longest</c> long, so only those starting that much before a new one can overlap it.
    /// </summary>
    private sealed class ConcurrentWindows(int limit, TimeSpan longest)
    {
        private readonly List<(DateTimeOffset Start, DateTimeOffset End)> _byStart = [];

        public bool HasRoom(DateTimeOffset start, DateTimeOffset end)
        {
            var overlapping = new List<(DateTimeOffset Start, DateTimeOffset End)>();
            for (var i = FirstStartingAfter(start - longest); i < _byStart.Count && _byStart[i].Start < end; i++)
            {
                if (_byStart[i].End > start)
                {
                    overlapping.Add(_byStart[i]);
                }
            }

            if (overlapping.Count < limit)
            {
                return true;
            }

            // The most running at once within [start, end) is reached at its start or where another one starts.
            return overlapping.Select(w => w.Start > start ? w.Start : start)
                .All(instant => overlapping.Count(w => w.Start <= instant && instant < w.End) < limit);
        }

        public void Add(DateTimeOffset start, DateTimeOffset end) => _byStart.Insert(FirstStartingAfter(start), (start, end));

        // The index of the first window starting after `instant` (binary search; windows are kept in start order).
        private int FirstStartingAfter(DateTimeOffset instant)
        {
            var (low, high) = (0, _byStart.Count);
            while (low < high)
            {
                var middle = (low + high) / 2;
                (low, high) = _byStart[middle].Start <= instant ? (middle + 1, high) : (low, middle);
            }

            return low;
        }
    }
}
