using System.Text.Json;
using System.Text.Json.Nodes;

namespace AksUpgradeDashboard.Model.Execution;

/// <summary>
/// Edits of resources as ARM returned them. A <c>PUT</c> replaces the whole resource, so we send back exactly what we
/// read with one property changed: everything else (including properties this version of the dashboard does not know)
/// stays as it was, and nothing a person configured elsewhere is reset. Pure.
/// </summary>
public static class ArmResourceJson
{
    /// <summary>The resource's JSON with <c>properties.{name}</c> set to <paramref name="value"/>, every other byte of meaning kept.</summary>
    public static string WithProperty(string resourceJson, string name, string value)
    {
        var resource = Parse(resourceJson);
        if (resource["properties"] is not JsonObject properties)
        {
            properties = [];
            resource["properties"] = properties;
        }

        properties[name] = value;
        return resource.ToJsonString();
    }

    /// <summary>
    /// The resource's JSON with <c>properties.upgradeSettings</c>' surge, unavailability, drain, soak and undrainable-node
    /// behaviour set; other keys of <c>upgradeSettings</c> (and everything else) kept.
    /// </summary>
    public static string WithUpgradeSettings(string resourceJson, Windows.RecommendedUpgradeSettings settings)
    {
        var resource = Parse(resourceJson);
        if (resource["properties"] is not JsonObject properties)
        {
            properties = [];
            resource["properties"] = properties;
        }

        if (properties["upgradeSettings"] is not JsonObject upgrade)
        {
            upgrade = [];
            properties["upgradeSettings"] = upgrade;
        }

        upgrade["maxSurge"] = settings.MaxSurge;
        upgrade["maxUnavailable"] = settings.MaxUnavailable;
        upgrade["drainTimeoutInMinutes"] = settings.DrainTimeoutInMinutes;
        upgrade["nodeSoakDurationInMinutes"] = settings.NodeSoakDurationInMinutes;
        upgrade["undrainableNodeBehavior"] = settings.UndrainableNodeBehavior;
        return resource.ToJsonString();
    }

    /// <summary>The ETag ARM reported: top-level <c>etag</c>/<c>eTag</c>, else <c>properties.eTag</c> (agent pools report it there).</summary>
    public static string? ETag(string resourceJson)
    {
        var resource = Parse(resourceJson);
        return Text(resource, "etag") ?? Text(resource, "eTag") ?? (resource["properties"] is JsonObject p ? Text(p, "eTag") ?? Text(p, "etag") : null);
    }

    /// <summary>A property of <c>properties</c> as text (null when absent).</summary>
    public static string? Property(string resourceJson, string name) =>
        Parse(resourceJson)["properties"] is JsonObject p ? Text(p, name) : null;

    /// <summary>The power state's code (<c>properties.powerState.code</c>: Running, Stopped), if reported.</summary>
    public static string? PowerState(string resourceJson) =>
        Parse(resourceJson)["properties"] is JsonObject p && p["powerState"] is JsonObject power ? Text(power, "code") : null;

    /// <summary>
    /// The settings a new pool copies from the pool it replaces: the same size, count, zones, labels, taints, subnet,
    /// upgrade settings and the rest of how it is configured (an allow-list: read-only and per-image fields are left
    /// out), on <paramref name="osSku"/>.
    /// </summary>
    public static string NewPoolBody(string oldPoolJson, string osSku)
    {
        var old = Parse(oldPoolJson)["properties"] as JsonObject ?? [];
        var properties = new JsonObject();
        foreach (var name in CopiedToNewPool)
        {
            if (old[name] is { } value)
            {
                properties[name] = value.DeepClone();
            }
        }

        properties["osSKU"] = osSku;
        return new JsonObject { ["properties"] = properties }.ToJsonString();
    }

    /// <summary>What a new pool copies from the old one (see <see cref="NewPoolBody"/>); the README lists these.</summary>
    public static IReadOnlyList<string> CopiedToNewPool { get; } =
    [
        "count", "vmSize", "osType", "mode", "orchestratorVersion", "availabilityZones", "nodeLabels", "nodeTaints",
        "vnetSubnetID", "podSubnetID", "upgradeSettings", "maxPods", "enableAutoScaling", "minCount", "maxCount",
        "osDiskSizeGB", "osDiskType", "kubeletDiskType", "enableFIPS", "enableNodePublicIP", "nodePublicIPPrefixID",
        "scaleSetPriority", "scaleSetEvictionPolicy", "spotMaxPrice", "tags", "proximityPlacementGroupID",
        "enableEncryptionAtHost", "enableUltraSSD", "gpuInstanceProfile", "kubeletConfig", "linuxOSConfig",
        "networkProfile", "securityProfile", "type",
    ];

    private static JsonObject Parse(string json) =>
        JsonNode.Parse(json) as JsonObject ?? throw new JsonException("An ARM resource must be a JSON object.");

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
