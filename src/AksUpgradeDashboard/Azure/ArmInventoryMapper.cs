using System.Collections.Immutable;
using System.Text.Json;
using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Azure;

/// <summary>
/// Maps ARM response bodies to the inventory records. Used by both the Azure source and the embedded sample, so the
/// sample exercises exactly the code that reads a real fleet. Bad items are reported as errors and skipped; they never
/// fail the whole refresh.
/// </summary>
public static class ArmInventoryMapper
{
    /// <summary>
    /// The items of a list response: <c>value</c>, or <c>values</c> as kubernetesVersions (and nodeImageVersions before
    /// api-version 2025-10-02-preview, per karpenter-provider-azure's captures) name it.
    /// </summary>
    public static IEnumerable<JsonElement> PageItems(JsonElement page)
    {
        if (page.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return (page.TryGetProperty("value", out var value) || page.TryGetProperty("values", out value)) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : [];
    }

    public static string? NextLink(JsonElement page) =>
        page.ValueKind == JsonValueKind.Object
        && page.TryGetProperty("nextLink", out var next)
        && next.ValueKind == JsonValueKind.String
        && !string.IsNullOrWhiteSpace(next.GetString())
            ? next.GetString()
            : null;

    public static SubscriptionInfo? MapSubscription(JsonElement item)
    {
        var s = Deserialize(item, ArmJsonContext.Default.ArmSubscription);
        var id = s?.SubscriptionId ?? ResourceId.SubscriptionOf(s?.Id);
        return id is null ? null : new SubscriptionInfo(id, s!.DisplayName ?? id, s.State, TenantId: s.TenantId);
    }

    /// <summary>Maps one item of a managedClusters list. Returns null, with an error added, when the item is unusable.</summary>
    public static ClusterInfo? MapCluster(JsonElement item, string subscriptionId, ICollection<InventoryError> errors)
    {
        ArmManagedCluster? cluster;
        try
        {
            cluster = item.Deserialize(ArmJsonContext.Default.ArmManagedCluster);
        }
        catch (JsonException ex)
        {
            errors.Add(new InventoryError("InvalidClusterPayload", $"A cluster in subscription {subscriptionId} could not be read: {Describe(ex)}", subscriptionId));
            return null;
        }

        var parsedId = ResourceId.Parse(cluster?.Id);
        if (cluster is null || parsedId is null)
        {
            errors.Add(new InventoryError("InvalidClusterPayload", $"A cluster in subscription {subscriptionId} has no valid resource id.", subscriptionId));
            return null;
        }

        var props = cluster.Properties;
        var pools = ImmutableArray.CreateBuilder<NodePoolInfo>();
        foreach (var poolElement in props?.AgentPoolProfiles ?? [])
        {
            ArmAgentPoolProfile? pool;
            try
            {
                pool = poolElement.Deserialize(ArmJsonContext.Default.ArmAgentPoolProfile);
            }
            catch (JsonException ex)
            {
                errors.Add(new InventoryError("InvalidAgentPoolPayload", $"A node pool of cluster {parsedId.Name} could not be read: {Describe(ex)}", subscriptionId));
                continue;
            }

            if (pool?.Name is not { Length: > 0 } poolName)
            {
                errors.Add(new InventoryError("InvalidAgentPoolPayload", $"A node pool of cluster {parsedId.Name} has no name.", subscriptionId));
                continue;
            }

            pools.Add(new NodePoolInfo
            {
                Name = poolName,
                Mode = pool.Mode,
                OsType = pool.OsType ?? "Linux",
                OsSku = pool.OsSku,
                NodeImageVersion = pool.NodeImageVersion,
                OrchestratorVersion = pool.OrchestratorVersion,
                CurrentOrchestratorVersion = pool.CurrentOrchestratorVersion,
                Count = pool.Count,
                VmSize = pool.VmSize,
                EnableFips = pool.EnableFips ?? false,
                PowerState = pool.PowerState?.Code,
                ProvisioningState = pool.ProvisioningState,
                UpgradeSettings = pool.UpgradeSettings is { } u
                    ? new UpgradeSettingsInfo(u.MaxSurge, u.MaxUnavailable, u.DrainTimeoutInMinutes, u.NodeSoakDurationInMinutes, u.UndrainableNodeBehavior)
                    : null,
            });
        }

        return new ClusterInfo
        {
            Id = cluster.Id!,
            SubscriptionId = parsedId.SubscriptionId,
            ResourceGroup = parsedId.ResourceGroup,
            Name = cluster.Name ?? parsedId.Name,
            Location = cluster.Location ?? "",
            KubernetesVersion = props?.KubernetesVersion,
            CurrentKubernetesVersion = props?.CurrentKubernetesVersion,
            UpgradeChannel = props?.AutoUpgradeProfile?.UpgradeChannel,
            NodeOsUpgradeChannel = props?.AutoUpgradeProfile?.NodeOsUpgradeChannel,
            PowerState = props?.PowerState?.Code,
            ProvisioningState = props?.ProvisioningState,
            SupportPlan = props?.SupportPlan,
            Tags = (cluster.Tags ?? []).ToImmutableSortedDictionary(t => t.Key, t => t.Value ?? "", StringComparer.OrdinalIgnoreCase),
            NodePools = pools.ToImmutable(),
        };
    }

    /// <summary>
    /// Maps one item of <c>nodeImageVersions</c>. <c>fullName</c> is the authority (it is what agent pools report);
    /// <c>os</c> + <c>sku</c> + <c>version</c> are used only when it is missing, and for Windows the gallery definition's
    /// <c>windows-</c> prefix is dropped so the name matches the pools' (AKSWindows-2022-containerd-gen2-…).
    /// </summary>
    public static LatestNodeImage? MapNodeImageVersion(JsonElement item, string location)
    {
        var v = Deserialize(item, ArmJsonContext.Default.ArmNodeImageVersion);
        if (v?.FullName is { Length: > 0 } fullName)
        {
            return new LatestNodeImage(location, fullName.Trim());
        }

        if (v?.Os is not { Length: > 0 } os || v.Version is not { Length: > 0 } version)
        {
            return null;
        }

        var sku = v.Sku ?? "";
        if (sku.StartsWith(WindowsDefinitionPrefix, StringComparison.OrdinalIgnoreCase))
        {
            sku = sku[WindowsDefinitionPrefix.Length..];
        }

        return new LatestNodeImage(location, sku.Length == 0 ? $"{os}-{version}" : $"{os}-{sku}-{version}");
    }

    private const string WindowsDefinitionPrefix = "windows-";

    /// <summary>Maps one item of <c>kubernetesVersions</c>; null when it names no version.</summary>
    public static KubernetesMinorRelease? MapKubernetesVersion(JsonElement item, string location)
    {
        var v = Deserialize(item, ArmJsonContext.Default.ArmKubernetesVersion);
        if (v?.Version is not { Length: > 0 } version)
        {
            return null;
        }

        var patches = (v.PatchVersions ?? [])
            .Where(p => p.Key.Length > 0)
            .Select(p => new KubernetesPatchRelease(p.Key, [.. (p.Value?.Upgrades ?? []).OfType<string>()]))
            .ToImmutableArray();
        return new KubernetesMinorRelease(
            location, version, v.IsPreview ?? false, v.IsDefault ?? false,
            [.. (v.Capabilities?.SupportPlan ?? []).OfType<string>()], patches);
    }

    /// <summary>Reads ARM's <c>{error:{code,message}}</c>; falls back to the HTTP status when the body is not that shape.</summary>
    public static InventoryError MapError(string? body, int status, string? subscriptionId)
    {
        ArmErrorResponse? parsed = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                parsed = JsonSerializer.Deserialize(body, ArmJsonContext.Default.ArmErrorResponse);
            }
            catch (JsonException)
            {
                // Not an ARM error body (a proxy's HTML page, say): report the status instead.
            }
        }

        return new InventoryError(
            parsed?.Error?.Code ?? $"Http{status}",
            parsed?.Error?.Message ?? $"Azure Resource Manager answered HTTP {status}.",
            subscriptionId);
    }

    private static T? Deserialize<T>(JsonElement item, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return item.Deserialize(type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // JsonException messages name the JSON path and the CLR type, which is what an operator needs; keep only the first sentence.
    private static string Describe(JsonException ex) => ex.Path is { } path ? $"invalid value at {path}." : "invalid JSON.";
}
