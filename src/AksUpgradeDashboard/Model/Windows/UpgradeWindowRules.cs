using System.Globalization;
using AksUpgradeDashboard.Catalog;

namespace AksUpgradeDashboard.Model.Windows;

/// <summary>A window as a planner (form or API body) asks for it; every field may be missing or wrong.</summary>
public sealed record UpgradeWindowRequest(
    string? Title,
    string? SubscriptionId,
    string? ResourceGroup,
    string? Cluster,
    IReadOnlyList<string>? NodePools,
    string? Kind,
    string? Target,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    string? TimeZone,
    string? Notes,
    string? BlackoutJustification = null,
    bool ApplyRecommendedSettings = false);


/// <summary>The codes of the warnings a window can have; stable, as API clients send them back to acknowledge.</summary>
public static class WarningCodes
{
    public const string ShortWindow = "short-window";
    /// <summary>Followed by <c>:</c> and the blackout's name: each blackout overridden is acknowledged on its own, so one
    /// added after submission is never covered by an acknowledgement of another.</summary>
    public const string BlackoutOverride = "blackout-override";
    public const string OutsideMaintenance = "outside-maintenance";
    public const string TooLate = "too-late";
    public const string MaintenanceUnreadable = "maintenance-unreadable";
}

/// <summary>Another window already planned; only active ones (not cancelled, rejected or finished) block overlap.</summary>
public sealed record ScheduledWindow(Guid Id, string ClusterId, string Title, DateTimeOffset StartUtc, DateTimeOffset EndUtc, bool Active);

/// <summary>A period in which no upgrade may run (e.g. a year-end freeze), unless overridden with a justification.</summary>
public sealed record BlackoutPeriod(string Name, DateTimeOffset StartUtc, DateTimeOffset EndUtc);

public sealed record WindowContext(
    FleetState Fleet,
    OsCatalog Catalog,
    DateTimeOffset Now,
    IReadOnlyList<ScheduledWindow> OtherWindows,
    IReadOnlyList<BlackoutPeriod> Blackouts,
    Guid? EditingId = null,
    IReadOnlyList<MaintenanceConfigurationInfo>? Maintenance = null,
    int PlanningHorizonDays = UpgradeWindowRules.DefaultPlanningHorizonDays);

/// <summary>The outcome: a plan when there are no errors; warnings never block saving.</summary>
public sealed record WindowCheck(UpgradePlan? Plan, IReadOnlyList<FieldIssue> Errors, IReadOnlyList<FieldIssue> Warnings)
{
    public bool IsValid => Plan is not null && Errors.Count == 0;
}

/// <summary>
/// Server-side rules for a planned upgrade window. Pure: the fleet, catalog, other windows, blackouts and "now" come in;
/// every error and warning names the field it is about, so a form and an RFC 7807 response can show it in place.
/// </summary>
public static class UpgradeWindowRules
{
    public const int MaxTitleLength = 200;
    public const int MaxNotesLength = 4000;
    public const int MaxJustificationLength = 1000;

    /// <summary>How far ahead a window may start (a typo of the year is caught; configurable as Windows:PlanningHorizonDays).</summary>
    public const int DefaultPlanningHorizonDays = 400;
    public static readonly TimeSpan MinimumLength = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaximumLength = TimeSpan.FromDays(7);

    /// <summary>AKS recommends maintenance windows of at least four hours.</summary>
    public static readonly TimeSpan RecommendedLength = TimeSpan.FromHours(4);

    public static WindowCheck Check(UpgradeWindowRequest request, WindowContext context)
    {
        var errors = new List<FieldIssue>();
        var warnings = new List<FieldIssue>();

        var title = CheckText(request.Title, "title", MaxTitleLength, required: true, errors);
        var notes = CheckText(request.Notes, "notes", MaxNotesLength, required: false, errors);
        var timeZone = CheckTimeZone(request.TimeZone, errors);
        var (start, end) = CheckTimes(request, context.Now, context.PlanningHorizonDays, errors, warnings);
        var kind = CheckKind(request.Kind, errors);
        var (cluster, pools, allPools) = CheckScope(request, context.Fleet, errors);

        string? target = null;
        if (cluster is not null && kind is { } k)
        {
            target = CheckTarget(k, request.Target, cluster.Cluster, pools, context.Catalog, errors);
        }

        if (cluster is not null && start is { } s && end is { } e)
        {
            CheckConflicts(cluster.Cluster, s, e, context, errors);
            CheckBlackouts(s, e, request.BlackoutJustification, context.Blackouts, errors, warnings);
            CheckLifecycle(pools, s, warnings);
            if (kind is { } upgradeKind)
            {
                CheckMaintenance(upgradeKind, s, e, context.Maintenance, warnings);
            }
        }

        if (errors.Count > 0 || cluster is null || kind is null || start is null || end is null || timeZone is null || title is null)
        {
            return new WindowCheck(null, errors, warnings);
        }

        var plan = new UpgradePlan(title, cluster.Cluster, [.. pools.Select(p => p.Pool)], allPools, kind.Value, target,
            start.Value.ToUniversalTime(), end.Value.ToUniversalTime(), timeZone, notes);
        return new WindowCheck(plan, errors, warnings);
    }

    private static string? CheckText(string? value, string field, int maxLength, bool required, List<FieldIssue> errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add(new(field, $"{Capitalise(field)} is required."));
            }

            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add(new(field, $"{Capitalise(field)} is {text.Length} characters long; the limit is {maxLength}."));
        }

        if (TextRules.Problem(text) is { } problem)
        {
            errors.Add(new(field, $"{Capitalise(field)} {problem}."));
        }

        return text;
    }

    private static string? CheckTimeZone(string? value, List<FieldIssue> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new("timeZone", "Time zone is required (an IANA name such as Europe/Amsterdam)."));
            return null;
        }

        // tzdata's posix/ tree holds the same zones under a longer name: stored by the name people know. The right/
        // tree counts leap seconds, which no clock here does.
        var id = value.Trim();
        id = id.StartsWith("posix/", StringComparison.Ordinal) ? id["posix/".Length..] : id;
        if (id.StartsWith("right/", StringComparison.Ordinal) || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) || !zone.HasIanaId)
        {
            errors.Add(new("timeZone", $"'{value}' is not an IANA time zone such as Europe/Amsterdam or America/New_York."));
            return null;
        }

        return zone.Id;
    }

    private static (DateTimeOffset? Start, DateTimeOffset? End) CheckTimes(UpgradeWindowRequest request, DateTimeOffset now, int horizonDays, List<FieldIssue> errors, List<FieldIssue> warnings)
    {
        if (request.Start is null)
        {
            errors.Add(new("start", "Start is required (ISO 8601 with an offset, e.g. 2026-12-05T22:00:00+01:00)."));
        }

        if (request.End is null)
        {
            errors.Add(new("end", "End is required (ISO 8601 with an offset, e.g. 2026-12-06T04:00:00+01:00)."));
        }

        if (request.Start is not { } start || request.End is not { } end)
        {
            return (request.Start, request.End);
        }

        if (start < now)
        {
            errors.Add(new("start", $"Start {Format(start)} is in the past."));
        }
        else if (BeyondHorizon("Start", start, now, horizonDays) is { } beyond)
        {
            errors.Add(new("start", beyond));
        }

        if (end <= start)
        {
            errors.Add(new("end", "End must be after start."));
            return (start, end);
        }

        var length = end - start;
        if (length < MinimumLength)
        {
            errors.Add(new("end", $"The window is {Describe(length)} long; it must be at least 1 hour."));
        }
        else if (length > MaximumLength)
        {
            errors.Add(new("end", $"The window is {Describe(length)} long; it can be at most 7 days."));
        }
        else if (length < RecommendedLength)
        {
            warnings.Add(new("end", $"The window is {Describe(length)} long; AKS recommends at least 4 hours for upgrades.", WarningCodes.ShortWindow));
        }

        return (start, end);
    }

    private static UpgradeKind? CheckKind(string? value, List<FieldIssue> errors)
    {
        if (Enum.TryParse<UpgradeKind>(value, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(value, CultureInfo.InvariantCulture, out _))
        {
            return kind;
        }

        errors.Add(new("kind", string.IsNullOrWhiteSpace(value)
            ? $"Kind is required: one of {string.Join(", ", Enum.GetNames<UpgradeKind>())}."
            : $"Kind '{value}' is not one of {string.Join(", ", Enum.GetNames<UpgradeKind>())}."));
        return null;
    }

    private static (ClusterViewModel? Cluster, IReadOnlyList<PoolViewModel> Pools, bool AllPools) CheckScope(UpgradeWindowRequest request, FleetState fleet, List<FieldIssue> errors)
    {
        foreach (var (field, value) in new[] { ("subscriptionId", request.SubscriptionId), ("resourceGroup", request.ResourceGroup), ("cluster", request.Cluster) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(new(field, $"{Capitalise(field)} is required."));
            }
        }

        if (string.IsNullOrWhiteSpace(request.SubscriptionId) || string.IsNullOrWhiteSpace(request.ResourceGroup) || string.IsNullOrWhiteSpace(request.Cluster))
        {
            return (null, [], false);
        }

        if (fleet.FindCluster(request.SubscriptionId.Trim(), request.ResourceGroup.Trim(), request.Cluster.Trim()) is not { } cluster)
        {
            errors.Add(new("cluster", $"Cluster '{request.Cluster}' in resource group '{request.ResourceGroup}' of subscription {request.SubscriptionId} is not in the current inventory."));
            return (null, [], false);
        }

        // An empty list means every pool; an empty name inside one is a mistake, never "every pool".
        var requested = request.NodePools ?? [];
        var blank = requested.Select((name, index) => string.IsNullOrWhiteSpace(name) ? index : -1).FirstOrDefault(i => i >= 0, -1);
        if (blank >= 0)
        {
            errors.Add(new("nodePools", $"nodePools[{blank}] is empty: name each pool, or send an empty list for every pool."));
            return (cluster, [], false);
        }

        var names = requested.Select(n => n.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0)
        {
            if (cluster.Pools.IsDefaultOrEmpty)
            {
                errors.Add(new("nodePools", $"Cluster '{cluster.Cluster.Name}' has no node pools in the current inventory."));
            }

            return (cluster, cluster.Pools, true);
        }

        var pools = new List<PoolViewModel>();
        foreach (var name in names)
        {
            if (cluster.Pools.FirstOrDefault(p => string.Equals(p.Pool.Name, name, StringComparison.OrdinalIgnoreCase)) is { } pool)
            {
                pools.Add(pool);
            }
            else
            {
                errors.Add(new("nodePools", $"Node pool '{name}' is not in cluster '{cluster.Cluster.Name}' in the current inventory."));
            }
        }

        return (cluster, pools, pools.Count == cluster.Pools.Length);
    }

    /// <summary>
    /// The target rule on its own: why <paramref name="pools"/> cannot take a <paramref name="kind"/> window to
    /// <paramref name="target"/> (a Windows osSKU changed in place, a target without an image for the pool's variant or
    /// Kubernetes version, a downgrade, more than one Kubernetes minor at a time...); empty when they can.
    /// </summary>
    public static IReadOnlyList<FieldIssue> TargetProblems(UpgradeKind kind, string? target, ClusterInfo cluster, IReadOnlyList<PoolViewModel> pools, OsCatalog catalog)
    {
        var errors = new List<FieldIssue>();
        CheckTarget(kind, target, cluster, pools, catalog, errors);
        return errors;
    }

    private static string? CheckTarget(UpgradeKind kind, string? value, ClusterInfo cluster, IReadOnlyList<PoolViewModel> pools, OsCatalog catalog, List<FieldIssue> errors)
    {
        var target = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        switch (kind)
        {
            case UpgradeKind.NodeImage:
                if (target is not null)
                {
                    errors.Add(new("target", "A NodeImage window has no target: pools move to the latest image of their own OS version. Leave target empty."));
                }

                return null;

            case UpgradeKind.KubernetesVersion:
                return CheckKubernetesTarget(target, cluster, pools, catalog, errors);

            default:
                return CheckOsSkuTarget(kind, target, pools, catalog, errors);
        }
    }

    private static string? CheckKubernetesTarget(string? target, ClusterInfo cluster, IReadOnlyList<PoolViewModel> pools, OsCatalog catalog, List<FieldIssue> errors)
    {
        if (target is null || !KubernetesVersion.TryParse(target, out var version))
        {
            errors.Add(new("target", target is null
                ? "A KubernetesVersion window needs a target version such as 1.35 or 1.35.2."
                : $"'{target}' is not a Kubernetes version such as 1.35 or 1.35.2."));
            return null;
        }

        if (KubernetesVersion.ParseOrNull(cluster.CurrentKubernetesVersion ?? cluster.KubernetesVersion) is { } control && version < control)
        {
            errors.Add(new("target", $"Kubernetes {version} is older than the control plane's {control}: AKS does not downgrade."));
        }

        foreach (var pool in pools)
        {
            if (KubernetesVersion.ParseOrNull(pool.Pool.KubernetesVersion) is not { } current)
            {
                continue;
            }

            var problem = version.CompareTo(current) switch
            {
                < 0 => $"Pool '{pool.Pool.Name}' runs Kubernetes {current}; {version} would be a downgrade.",
                0 when version.Patch is null => $"Pool '{pool.Pool.Name}' already runs Kubernetes {current.Major}.{current.Minor}; give the patch version (e.g. {current.Major}.{current.Minor}.{(current.Patch ?? 0) + 1}) for a patch upgrade.",
                0 when current.Patch is { } patch && version.Patch < patch => $"Pool '{pool.Pool.Name}' runs Kubernetes {current}; {version} would be a downgrade.",
                0 when version.Patch == current.Patch => $"Pool '{pool.Pool.Name}' already runs Kubernetes {current}.",
                > 0 when version.Major != current.Major || version.Minor > current.Minor + 1 =>
                    $"Pool '{pool.Pool.Name}' runs Kubernetes {current}; AKS upgrades one minor version at a time, so the next target is {current.NextMinor}.",
                _ => null,
            };
            if (problem is not null)
            {
                errors.Add(new("target", problem));
                continue;
            }

            // A Windows pool keeps its OS through a Kubernetes upgrade, so the target must still offer it (2022 ends at 1.36).
            var windows = string.Equals(pool.Pool.OsType, "Windows", StringComparison.OrdinalIgnoreCase);
            if (windows && pool.Assessment.Os is { } os)
            {
                var (fips, cvm) = PoolVariant.Of(pool.Pool, pool.Assessment.Image);
                if (catalog.ResolveOsAtKubernetes(os, pool.Pool.OsType, pool.Pool.OsSku, version, fips, cvm) is { Os: null, Reason: { } reason })
                {
                    errors.Add(new("target", $"Pool '{pool.Pool.Name}': {reason}"));
                }
            }
        }

        return version.ToString();
    }

    private static string? CheckOsSkuTarget(UpgradeKind kind, string? target, IReadOnlyList<PoolViewModel> pools, OsCatalog catalog, List<FieldIssue> errors)
    {
        if (target is null)
        {
            errors.Add(new("target", $"A {kind} window needs a target osSKU such as AzureLinux3, Ubuntu2404 or Windows2022."));
            return null;
        }

        if (!catalog.OsSkus.TryGetValue(target, out var sku))
        {
            errors.Add(new("target", $"'{target}' is not a known osSKU. Known: {string.Join(", ", catalog.OsSkus.Keys.Order(StringComparer.Ordinal))}."));
            return null;
        }

        foreach (var pool in pools)
        {
            var osType = pool.Pool.OsType ?? "Linux";
            var isWindows = string.Equals(osType, "Windows", StringComparison.OrdinalIgnoreCase);
            if (kind == UpgradeKind.OsSkuChange && isWindows)
            {
                errors.Add(new("target", $"Pool '{pool.Pool.Name}' runs Windows: a Windows osSKU cannot be changed in place. Plan a NewNodePool window instead."));
                continue;
            }

            if (!string.Equals(sku.OsType, osType, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new("target", $"osSKU {sku.Name} is for {sku.OsType} pools; pool '{pool.Pool.Name}' runs {osType}."));
                continue;
            }

            if (kind == UpgradeKind.OsSkuChange && string.Equals(pool.Pool.OsSku, sku.Name, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new("target", $"Pool '{pool.Pool.Name}' already uses osSKU {sku.Name}."));
                continue;
            }

            var kubernetes = KubernetesVersion.ParseOrNull(pool.Pool.KubernetesVersion);
            var (fips, cvm) = PoolVariant.Of(pool.Pool, pool.Assessment.Image);
            var resolved = catalog.ResolveOs(osType, sku.Name, kubernetes, fips, cvm);
            if (resolved.Os is not { } targetOs)
            {
                errors.Add(new("target", $"Pool '{pool.Pool.Name}': {resolved.Reason}"));
                continue;
            }

            if (pool.Assessment.Os is { } currentOs && IsOlder(targetOs, currentOs, catalog))
            {
                errors.Add(new("target", $"Pool '{pool.Pool.Name}' runs {currentOs.DisplayName}; {sku.Name} gives {targetOs.DisplayName}, which would be a downgrade."));
            }
        }

        return sku.Name;
    }

    // An OS is older than another when following successors from it reaches the other.
    private static bool IsOlder(OsVersionInfo candidate, OsVersionInfo current, OsCatalog catalog)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var next = catalog.FindOsVersion(candidate.SuccessorId); next is not null && seen.Add(next.Id); next = catalog.FindOsVersion(next.SuccessorId))
        {
            if (string.Equals(next.Id, current.Id, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void CheckConflicts(ClusterInfo cluster, DateTimeOffset start, DateTimeOffset end, WindowContext context, List<FieldIssue> errors) =>
        errors.AddRange(Overlaps(cluster, start, end, context.OtherWindows, context.EditingId));

    /// <summary>
    /// The overlap rule on its own: one cluster takes one active window at a time. The service runs it again under the
    /// write lock, against the windows stored at that moment, so simultaneous saves cannot both pass.
    /// </summary>
    public static IReadOnlyList<FieldIssue> Overlaps(ClusterInfo cluster, DateTimeOffset start, DateTimeOffset end, IEnumerable<ScheduledWindow> others, Guid? editingId) =>
        [.. others
            .Where(other => other.Active && other.Id != editingId
                && string.Equals(other.ClusterId, cluster.Id, StringComparison.OrdinalIgnoreCase)
                && start < other.EndUtc && other.StartUtc < end)
            .Select(other => new FieldIssue("start", $"Overlaps window '{other.Title}' ({Format(other.StartUtc)} to {Format(other.EndUtc)}) on cluster {cluster.Name}; one cluster takes one window at a time."))];

    /// <summary>The blackout periods a window [start, end) falls in.</summary>
    public static IEnumerable<BlackoutPeriod> BlackoutsHit(DateTimeOffset start, DateTimeOffset end, IEnumerable<BlackoutPeriod> blackouts) =>
        blackouts.Where(b => start < b.EndUtc && b.StartUtc < end);

    private static void CheckBlackouts(DateTimeOffset start, DateTimeOffset end, string? justification, IReadOnlyList<BlackoutPeriod> blackouts, List<FieldIssue> errors, List<FieldIssue> warnings)
    {
        var text = justification?.Trim();
        if (text?.Length > MaxJustificationLength)
        {
            errors.Add(new("blackoutJustification", $"The justification is {text.Length} characters long; the limit is {MaxJustificationLength}."));
        }

        if (text is not null && TextRules.Problem(text) is { } problem)
        {
            errors.Add(new("blackoutJustification", $"The justification {problem}."));
        }

        foreach (var blackout in BlackoutsHit(start, end, blackouts))
        {
            if (string.IsNullOrEmpty(text))
            {
                errors.Add(new("start", $"The window falls in blackout period '{blackout.Name}' ({Format(blackout.StartUtc)} to {Format(blackout.EndUtc)}). Move it, or give a justification to override."));
            }
            else
            {
                warnings.Add(new("blackoutJustification", $"Overrides blackout period '{blackout.Name}' with the justification: {text}", $"{WarningCodes.BlackoutOverride}:{blackout.Name}"));
            }
        }
    }

    // Planned maintenance governs AKS's own upgrades, not manual ones; a warning still helps teams keep their work inside
    // the slot they agreed. Kubernetes upgrades follow the auto-upgrade schedule, the rest the node OS schedule.
    private static void CheckMaintenance(UpgradeKind kind, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<MaintenanceConfigurationInfo>? configurations, List<FieldIssue> warnings)
    {
        if (GoverningConfiguration(kind, configurations) is { } configuration && MaintenanceWindowCoverage.Warning(configuration, MaintenanceWindowCoverage.Check(configuration, start, end)) is { } warning)
        {
            warnings.Add(new("start", warning, WarningCodes.OutsideMaintenance));
        }
    }

    /// <summary>The maintenance configuration a window of <paramref name="kind"/> is judged by, if the cluster has one.</summary>
    public static MaintenanceConfigurationInfo? GoverningConfiguration(UpgradeKind kind, IReadOnlyList<MaintenanceConfigurationInfo>? configurations)
    {
        var name = kind == UpgradeKind.KubernetesVersion ? "aksManagedAutoUpgradeSchedule" : "aksManagedNodeOSUpgradeSchedule";
        return configurations?.FirstOrDefault(c => c.Name == name) ?? configurations?.FirstOrDefault(c => c.Name == "default");
    }

    private static void CheckLifecycle(IReadOnlyList<PoolViewModel> pools, DateTimeOffset start, List<FieldIssue> warnings)
    {
        var day = DateOnly.FromDateTime(start.UtcDateTime);
        foreach (var pool in pools)
        {
            if (pool.Assessment.Os is not { } os)
            {
                continue;
            }

            if (os.ImagesRemoved is { } removed && removed <= day)
            {
                warnings.Add(new("start", $"Too late for pool '{pool.Pool.Name}': {os.DisplayName} images are removed on {removed:yyyy-MM-dd}, before this window.", WarningCodes.TooLate));
            }
            else if (os.EndOfSupport is { } eos && eos <= day)
            {
                warnings.Add(new("start", $"Too late for pool '{pool.Pool.Name}': {os.DisplayName} reaches end of support on {eos:yyyy-MM-dd}, before this window.", WarningCodes.TooLate));
            }
        }
    }

    /// <summary>Why <paramref name="start"/> is too far ahead (a typo of the year), or null; shared by windows and rollouts.</summary>
    public static string? BeyondHorizon(string label, DateTimeOffset start, DateTimeOffset now, int horizonDays) =>
        start - now > TimeSpan.FromDays(horizonDays)
            ? $"{label} {Format(start)} is more than {horizonDays} days ahead; plan windows within that horizon (Windows:PlanningHorizonDays)."
            : null;

    private static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Describe(TimeSpan length) => length.TotalHours < 48
        ? $"{length.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)} hours"
        : $"{length.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)} days";

    private static string Capitalise(string field) => field switch
    {
        "subscriptionId" => "Subscription id",
        "resourceGroup" => "Resource group",
        "timeZone" => "Time zone",
        _ => char.ToUpperInvariant(field[0]) + field[1..],
    };
}
