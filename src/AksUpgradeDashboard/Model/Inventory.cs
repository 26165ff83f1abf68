using System.Collections.Immutable;

namespace AksUpgradeDashboard.Model;

/// <summary>An error reading part of the inventory, with ARM's error code where there is one.</summary>
public sealed record InventoryError(string Code, string Message, string? SubscriptionId = null);

/// <summary>A subscription; <see cref="TenantId"/> is its directory (for links into the Azure portal).</summary>
public sealed record SubscriptionInfo(string SubscriptionId, string DisplayName, string? State, InventoryError? Error = null, string? TenantId = null);

public sealed record UpgradeSettingsInfo(
    string? MaxSurge,
    string? MaxUnavailable,
    int? DrainTimeoutInMinutes,
    int? NodeSoakDurationInMinutes,
    string? UndrainableNodeBehavior);

/// <summary>An agent pool as ARM reports it (mapped from <c>agentPoolProfiles[]</c>); every field may be missing.</summary>
public sealed record NodePoolInfo
{
    public required string Name { get; init; }
    public string? Mode { get; init; }
    public string? OsType { get; init; }
    public string? OsSku { get; init; }
    public string? NodeImageVersion { get; init; }
    public string? OrchestratorVersion { get; init; }
    public string? CurrentOrchestratorVersion { get; init; }
    public int? Count { get; init; }
    public string? VmSize { get; init; }
    public bool EnableFips { get; init; }
    public string? PowerState { get; init; }
    public string? ProvisioningState { get; init; }
    public UpgradeSettingsInfo? UpgradeSettings { get; init; }

    /// <summary>The Kubernetes version the pool runs: current if reported, else the requested one.</summary>
    public string? KubernetesVersion => CurrentOrchestratorVersion ?? OrchestratorVersion;
}

/// <summary>
/// The variant of a pool that decides which images exist for it: FIPS when the pool enables it or its image is a FIPS
/// image, confidential VM when its image is. One rule for the assessment, the runbook and the window rules.
/// </summary>
public readonly record struct PoolVariant(bool Fips, bool Cvm)
{
    public static PoolVariant Of(NodePoolInfo pool, NodeImageVersion image) =>
        new(pool.EnableFips || image.Features.HasFlag(NodeImageFeatures.Fips), image.Features.HasFlag(NodeImageFeatures.ConfidentialVm));
}

/// <summary>A managed cluster as ARM reports it, with its pools.</summary>
public sealed record ClusterInfo
{
    public required string Id { get; init; }
    public required string SubscriptionId { get; init; }
    public required string ResourceGroup { get; init; }
    public required string Name { get; init; }
    public required string Location { get; init; }
    public string? KubernetesVersion { get; init; }
    public string? CurrentKubernetesVersion { get; init; }
    public string? UpgradeChannel { get; init; }
    public string? NodeOsUpgradeChannel { get; init; }
    public string? PowerState { get; init; }
    public string? ProvisioningState { get; init; }
    public string? SupportPlan { get; init; }
    public ImmutableSortedDictionary<string, string> Tags { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    public ImmutableArray<NodePoolInfo> NodePools { get; init; } = [];
}

/// <summary>
/// A node image released in one region (an item of ARM <c>nodeImageVersions</c>, or a pool upgrade profile's latest).
/// Only the full name counts: ARM's <c>os</c> + <c>sku</c> do not rebuild it for Windows, whose <c>sku</c> is the gallery
/// image definition (<c>windows-2022-containerd-gen2</c> for <c>AKSWindows-2022-containerd-gen2-20348.4529.251212</c>).
/// </summary>
public sealed record LatestNodeImage(string Location, string FullName)
{
    /// <summary>
    /// Reads shared snapshots too, including those an older replica published during a rolling upgrade, which carry
    /// gallery, sku and version instead of the full name.
    /// </summary>
    [System.Text.Json.Serialization.JsonConstructor]
    public LatestNodeImage(string location, string? fullName, string? gallery, string? sku, string? version)
        : this(location, fullName ?? (string.IsNullOrEmpty(sku) ? $"{gallery}-{version}" : $"{gallery}-{sku}-{version}"))
    {
    }

    // Only for reading the older shape (the constructor's parameters must match properties); never written.
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Gallery { get; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Sku { get; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Version { get; }
}

/// <summary>Everything one refresh read, before assessment.</summary>
public sealed record InventorySnapshot
{
    public required string Source { get; init; }
    public required DateTimeOffset RefreshedAt { get; init; }
    public ImmutableArray<SubscriptionInfo> Subscriptions { get; init; } = [];
    public ImmutableArray<ClusterInfo> Clusters { get; init; } = [];
    public ImmutableArray<LatestNodeImage> LatestImages { get; init; } = [];

    /// <summary>The Kubernetes minors AKS offers in each region the fleet uses (ARM <c>kubernetesVersions</c>).</summary>
    public ImmutableArray<KubernetesMinorRelease> KubernetesVersions { get; init; } = [];
    public ImmutableArray<InventoryError> Errors { get; init; } = [];

    /// <summary>
    /// True when <see cref="LatestImages"/> lists earlier releases too (the sample does), so "versions behind" can be
    /// counted. ARM's nodeImageVersions returns only the latest of each SKU.
    /// </summary>
    public bool HasReleaseHistory { get; init; }
}
