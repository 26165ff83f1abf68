using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AksUpgradeDashboard.ArmEmulator;

/// <summary>
/// An immutable snapshot of an <see cref="ArmFleet"/> taken when an emulator starts: every item pre-serialized to UTF-8 and
/// indexed for the routes, so concurrent requests never touch the (mutable, not thread-safe) JSON nodes.
/// </summary>
internal sealed class ServedFleet
{
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Dictionary<string, ServedSubscription> _subscriptions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ServedCluster> _clusters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ServedLocation> _locations = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, byte[]> _kubernetesVersions = new(StringComparer.OrdinalIgnoreCase);

    public ServedFleet(ArmFleet fleet)
    {
        SubscriptionList = [.. fleet.Subscriptions.Select(Utf8)];
        foreach (var subscription in fleet.Subscriptions)
        {
            if (ArmFleet.SubscriptionIdOf(subscription) is { } id)
            {
                Subscription(id).Json = Utf8(subscription);
            }
        }

        foreach (var (id, error) in fleet.SubscriptionErrors)
        {
            Subscription(id).ErrorBody = Utf8(error);
        }

        foreach (var (location, images) in fleet.NodeImageVersions)
        {
            _locations[NormalizeLocation(location)] = new ServedLocation(images);
        }

        foreach (var (location, body) in fleet.KubernetesVersions)
        {
            _kubernetesVersions[NormalizeLocation(location)] = Utf8(body);
        }

        foreach (var (subscriptionId, clusters) in fleet.ManagedClusters)
        {
            var served = Subscription(subscriptionId);
            foreach (var cluster in clusters)
            {
                var json = Utf8(cluster);
                served.Clusters.Add(json);
                if (ServedCluster.TryCreate(cluster, json, fleet.MaintenanceConfigurations) is { } indexed)
                {
                    served.ClustersByResourceGroup.Add((indexed.ResourceGroup, json));
                    _clusters[ClusterKey(indexed.SubscriptionId, indexed.ResourceGroup, indexed.Name)] = indexed;
                }
            }
        }
    }

    public IReadOnlyList<byte[]> SubscriptionList { get; }

    public bool IsKnownSubscription(string subscriptionId) => _subscriptions.ContainsKey(subscriptionId);

    public byte[]? SubscriptionJson(string subscriptionId) => _subscriptions.GetValueOrDefault(subscriptionId)?.Json;

    public byte[]? SubscriptionError(string subscriptionId) => _subscriptions.GetValueOrDefault(subscriptionId)?.ErrorBody;

    public IReadOnlyList<byte[]> Clusters(string subscriptionId) =>
        _subscriptions.TryGetValue(subscriptionId, out var served) ? served.Clusters : [];

    /// <summary>The clusters of a resource group, or null when the subscription has no cluster in it.</summary>
    public IReadOnlyList<byte[]>? ClustersInResourceGroup(string subscriptionId, string resourceGroup)
    {
        if (!_subscriptions.TryGetValue(subscriptionId, out var served))
        {
            return null;
        }

        var clusters = served.ClustersByResourceGroup
            .Where(c => c.ResourceGroup.Equals(resourceGroup, StringComparison.OrdinalIgnoreCase))
            .Select(c => c.Json)
            .ToArray();
        return clusters.Length == 0 ? null : clusters;
    }

    public ServedCluster? FindCluster(string subscriptionId, string resourceGroup, string name) =>
        _clusters.GetValueOrDefault(ClusterKey(subscriptionId, resourceGroup, name));

    /// <summary>The kubernetesVersions body of a location; an empty list where the fleet has none.</summary>
    public byte[] KubernetesVersions(string location) =>
        _kubernetesVersions.GetValueOrDefault(NormalizeLocation(location)) ?? "{\"values\":[]}"u8.ToArray();

    public ServedLocation? FindLocation(string location) => _locations.GetValueOrDefault(NormalizeLocation(location));

    internal static byte[] Utf8(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    // ARM accepts "westeurope" and "West Europe" alike.
    private static string NormalizeLocation(string location) => location.Replace(" ", "", StringComparison.Ordinal);

    private static string ClusterKey(string subscriptionId, string resourceGroup, string name) => $"{subscriptionId}/{resourceGroup}/{name}";

    private ServedSubscription Subscription(string id)
    {
        if (!_subscriptions.TryGetValue(id, out var served))
        {
            served = new ServedSubscription();
            _subscriptions[id] = served;
        }

        return served;
    }

    private sealed class ServedSubscription
    {
        public byte[]? Json { get; set; }

        public byte[]? ErrorBody { get; set; }

        public List<byte[]> Clusters { get; } = [];

        public List<(string ResourceGroup, byte[] Json)> ClustersByResourceGroup { get; } = [];
    }
}

/// <summary>A cluster the routes can address by subscription, resource group and name.</summary>
internal sealed record ServedCluster(
    string Id,
    string SubscriptionId,
    string ResourceGroup,
    string Name,
    string? Location,
    byte[] Json,
    IReadOnlyList<ServedPool> Pools,
    IReadOnlyList<ServedChild> MaintenanceConfigurations)
{
    public static ServedCluster? TryCreate(JsonObject cluster, byte[] json, IReadOnlyDictionary<string, IReadOnlyList<JsonObject>> maintenance)
    {
        var id = cluster["id"]?.GetValue<string>();
        if (id is null || id.Split('/', StringSplitOptions.RemoveEmptyEntries) is not [_, var subscriptionId, _, var resourceGroup, .., var name])
        {
            return null;
        }

        var kubernetesVersion = cluster["properties"]?["kubernetesVersion"]?.GetValue<string>();
        var pools = ArmFleet.AgentPoolProfiles(cluster)
            .Where(p => p["name"] is not null)
            .Select(p => ServedPool.Create(id, p, kubernetesVersion))
            .ToArray();
        var configurations = (maintenance.GetValueOrDefault(id) ?? [])
            .Select(c => new ServedChild(c["name"]?.GetValue<string>() ?? "", ServedFleet.Utf8(c)))
            .ToArray();

        return new ServedCluster(id, subscriptionId, resourceGroup, name, cluster["location"]?.GetValue<string>(), json, pools, configurations);
    }
}

/// <summary>An agent pool: what its upgrade profile needs, and its AgentPool resource JSON.</summary>
internal sealed record ServedPool(string Name, string OsType, string KubernetesVersion, string? NodeImageVersion, byte[] Json)
{
    public static ServedPool Create(string clusterId, JsonObject profile, string? clusterKubernetesVersion)
    {
        var name = profile["name"]!.GetValue<string>();
        var properties = (JsonObject)profile.DeepClone();
        properties.Remove("name");
        var resource = new JsonObject
        {
            ["id"] = $"{clusterId}/agentPools/{name}",
            ["name"] = name,
            ["type"] = "Microsoft.ContainerService/managedClusters/agentPools",
            ["properties"] = properties,
        };

        var kubernetesVersion = profile["orchestratorVersion"]?.GetValue<string>()
            ?? profile["currentOrchestratorVersion"]?.GetValue<string>()
            ?? clusterKubernetesVersion
            ?? "";
        return new ServedPool(
            name,
            profile["osType"]?.GetValue<string>() ?? "Linux",
            kubernetesVersion,
            profile["nodeImageVersion"]?.GetValue<string>(),
            ServedFleet.Utf8(resource));
    }
}

/// <summary>A named child resource (a maintenance configuration).</summary>
internal sealed record ServedChild(string Name, byte[] Json);

/// <summary>
/// The node image versions of one location, and the latest version of each lineage: the full name without its version, as
/// AKS matches them (for Windows <c>os</c> + <c>sku</c> is not the lineage: the sku is the gallery definition).
/// </summary>
internal sealed class ServedLocation
{
    private readonly (string Prefix, string LatestFullName)[] _latestByLineage;

    public ServedLocation(IEnumerable<JsonObject> images)
    {
        var list = images.ToArray();
        Images = [.. list.Select(ServedFleet.Utf8)];
        _latestByLineage = list
            .Select(i => (Os: i["os"]?.GetValue<string>(), Sku: i["sku"]?.GetValue<string>(), Version: i["version"]?.GetValue<string>(), FullName: i["fullName"]?.GetValue<string>()))
            .Where(i => i.Os is not null && i.Sku is not null && i.Version is not null)
            .GroupBy(i => NodeImageVersions.LineagePrefix(i.FullName, i.Os!, i.Sku!, i.Version!), StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var latest = g.Aggregate((a, b) => NodeImageVersions.CompareVersions(b.Version, a.Version) > 0 ? b : a);
                return (g.Key, latest.FullName ?? g.Key + latest.Version);
            })
            .OrderByDescending(l => l.Key.Length) // longest prefix first: "AKSWindows-2022-containerd-gen2-" before "AKSWindows-2022-containerd-"
            .ToArray();
    }

    public IReadOnlyList<byte[]> Images { get; }

    /// <summary>
    /// The latest image of the lineage <paramref name="nodeImageVersion"/> belongs to (matched on its <c>os-sku-</c> prefix; the
    /// older colon form <c>os:sku:version</c> is accepted), or null when this location lists no image of that lineage.
    /// </summary>
    public string? LatestFor(string nodeImageVersion)
    {
        var dashed = nodeImageVersion.Replace(':', '-');
        foreach (var (prefix, latest) in _latestByLineage)
        {
            if (dashed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return latest;
            }
        }

        return null;
    }
}
