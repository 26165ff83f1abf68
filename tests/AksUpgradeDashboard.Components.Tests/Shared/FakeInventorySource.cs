using System.Collections.Immutable;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Components.Tests;

/// <summary>
/// An <see cref="IInventorySource"/> that returns a given snapshot, can be made to throw, and can hold every load
/// until <see cref="Release"/> is called (to see a page's loading state).
/// </summary>
public sealed class FakeInventorySource(InventorySnapshot snapshot, string name = FakeInventorySource.DefaultName) : IInventorySource
{
    public const string DefaultName = "Fake";

    private readonly TaskCompletionSource _loadStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _gate;
    private int _loadCount;

    public string Name { get; } = name;

    /// <summary>What the next load returns.</summary>
    public InventorySnapshot Snapshot { get; set; } = snapshot;

    /// <summary>When set, every load throws this instead of returning <see cref="Snapshot"/>.</summary>
    public Exception? Failure { get; set; }

    public int LoadCount => Volatile.Read(ref _loadCount);

    /// <summary>Completes when the first load has begun (and, if blocked, is waiting to be released).</summary>
    public Task LoadStarted => _loadStarted.Task;

    /// <summary>Makes every load wait until <see cref="Release"/>.</summary>
    public FakeInventorySource BlockUntilReleased()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return this;
    }

    /// <summary>Lets the waiting load (and every later one) finish.</summary>
    public void Release() => _gate?.TrySetResult();

    public async Task<InventorySnapshot> LoadAsync(IProgress<InventoryLoadProgress>? progress, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _loadCount);
        _loadStarted.TrySetResult();
        if (_gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Failure is { } failure ? throw failure : Snapshot;
    }

    /// <summary>A snapshot with one subscription holding the given clusters.</summary>
    public static InventorySnapshot SnapshotOf(DateTimeOffset refreshedAt, params ClusterInfo[] clusters) => new()
    {
        Source = DefaultName,
        RefreshedAt = refreshedAt,
        Subscriptions = [.. clusters.Select(c => c.SubscriptionId).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(id => new SubscriptionInfo(id, "Test subscription", "Enabled"))],
        Clusters = [.. clusters],
    };

    /// <summary>A minimal cluster, as ARM would report it, for building snapshots by hand.</summary>
    public static ClusterInfo Cluster(string name, IEnumerable<NodePoolInfo> pools, IDictionary<string, string>? tags = null,
        string subscriptionId = "00000000-0000-0000-0000-0000000000aa", string resourceGroup = "rg-test", string location = "westeurope") => new()
    {
        Id = $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.ContainerService/managedClusters/{name}",
        SubscriptionId = subscriptionId,
        ResourceGroup = resourceGroup,
        Name = name,
        Location = location,
        KubernetesVersion = "1.33.2",
        CurrentKubernetesVersion = "1.33.2",
        PowerState = "Running",
        Tags = tags is null ? ImmutableSortedDictionary<string, string>.Empty : tags.ToImmutableSortedDictionary(),
        NodePools = [.. pools],
    };

    public static NodePoolInfo Pool(string name, string? nodeImageVersion = "AKSUbuntu-2204gen2containerd-202611.10.0") => new()
    {
        Name = name,
        Mode = "User",
        OsType = "Linux",
        OsSku = "Ubuntu",
        NodeImageVersion = nodeImageVersion,
        CurrentOrchestratorVersion = "1.33.2",
        Count = 3,
        VmSize = "Standard_D4s_v5",
    };
}
