namespace AksUpgradeDashboard.Model.Windows;

/// <summary>What a window was meant to do, as stored: the scope by name, so a deleted pool can be noticed.</summary>
public sealed record CompletionScope(
    string SubscriptionId,
    string ResourceGroup,
    string Cluster,
    IReadOnlyList<string> NodePools,
    bool AllPools,
    UpgradeKind Kind,
    string? Target,
    DateTimeOffset End);

/// <summary>Whether the pools reached the target, and what the inventory showed for each (for the window page).</summary>
public sealed record CompletionResult(bool Reached, string Found);

/// <summary>
/// Checks an ended window against the inventory. Only an inventory read after the window ended can tell (an older one
/// would show the pools as they were before the work), so until then the answer is "not yet" (null).
/// </summary>
public static class WindowCompletion
{
    public static CompletionResult? Check(CompletionScope scope, FleetState fleet)
    {
        if (fleet.Snapshot.RefreshedAt < scope.End)
        {
            return null;
        }

        if (fleet.FindCluster(scope.SubscriptionId, scope.ResourceGroup, scope.Cluster) is not { } cluster)
        {
            return new CompletionResult(false, $"Cluster {scope.Cluster} is no longer in the inventory.");
        }

        return scope.Kind == UpgradeKind.NewNodePool ? CheckNewNodePool(scope, cluster) : CheckInPlace(scope, cluster);
    }

    private static CompletionResult CheckInPlace(CompletionScope scope, ClusterViewModel cluster)
    {
        var names = scope.AllPools ? cluster.Pools.Select(p => p.Pool.Name).ToList() : scope.NodePools;
        var findings = new List<string>();
        var reached = names.Count > 0;
        foreach (var name in names)
        {
            var pool = cluster.Pools.FirstOrDefault(p => string.Equals(p.Pool.Name, name, StringComparison.OrdinalIgnoreCase));
            var (ok, found) = pool is null ? (false, $"{name}: no longer exists") : CheckPool(scope.Kind, scope.Target, pool);
            reached &= ok;
            findings.Add(found);
        }

        return new CompletionResult(reached, names.Count == 0 ? "The cluster has no node pools." : string.Join("; ", findings));
    }

    private static (bool Reached, string Found) CheckPool(UpgradeKind kind, string? target, PoolViewModel pool)
    {
        var name = pool.Pool.Name;
        switch (kind)
        {
            case UpgradeKind.OsSkuChange:
                var sku = pool.Pool.OsSku ?? "unknown";
                return string.Equals(sku, target, StringComparison.OrdinalIgnoreCase)
                    ? (true, $"{name}: on {sku}")
                    : (false, $"{name}: still on {sku}, not {target}");

            case UpgradeKind.KubernetesVersion:
                var version = pool.Pool.KubernetesVersion ?? "unknown";
                return KubernetesVersion.ParseOrNull(version) is { } v && KubernetesVersion.ParseOrNull(target) is { } t && ReachedVersion(v, t)
                    ? (true, $"{name}: on Kubernetes {version}")
                    : (false, $"{name}: on Kubernetes {version}, not {target}");

            default:
                // A node image upgrade lands on the newest image AKS offered the pool's region; the first inventory after
                // the window decides, so a release that comes out later does not undo a verified window. Versions are
                // compared, never days: a same-day rebuild (.0 → .1) or a newer SecurityPatch suffix is still behind.
                var image = pool.Pool.NodeImageVersion ?? "unknown";
                return pool.Assessment.OnLatestImage
                    ? (true, $"{name}: on the latest image {image}")
                    : (false, $"{name}: on {image}, latest is {pool.Assessment.LatestNodeImageVersion ?? "unknown"}");
        }
    }

    // "1.35" is reached by any 1.35.x; "1.35.2" needs that patch or a later minor.
    private static bool ReachedVersion(KubernetesVersion actual, KubernetesVersion target)
    {
        var byMinor = actual.CompareTo(target);
        return byMinor > 0 || (byMinor == 0 && (target.Patch is null || (actual.Patch ?? 0) >= target.Patch));
    }

    // Blue/green: a pool on the target OS SKU exists and the old pools are gone (or were moved to it).
    private static CompletionResult CheckNewNodePool(CompletionScope scope, ClusterViewModel cluster)
    {
        var replacements = cluster.Pools.Where(p => string.Equals(p.Pool.OsSku, scope.Target, StringComparison.OrdinalIgnoreCase)).Select(p => p.Pool.Name).ToList();
        var old = scope.AllPools ? [] : scope.NodePools
            .Select(name => cluster.Pools.FirstOrDefault(p => string.Equals(p.Pool.Name, name, StringComparison.OrdinalIgnoreCase)))
            .Where(p => p is not null && !string.Equals(p.Pool.OsSku, scope.Target, StringComparison.OrdinalIgnoreCase))
            .Select(p => $"{p!.Pool.Name} ({p.Pool.OsSku ?? "unknown"})")
            .ToList();

        var found = new List<string>
        {
            replacements.Count == 0 ? $"no pool on {scope.Target}" : $"on {scope.Target}: {string.Join(", ", replacements)}",
        };
        if (old.Count > 0)
        {
            found.Add($"still present: {string.Join(", ", old)}");
        }

        return new CompletionResult(replacements.Count > 0 && old.Count == 0, string.Join("; ", found));
    }
}
