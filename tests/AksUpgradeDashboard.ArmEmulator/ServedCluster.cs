using System.Text.Json.Nodes;

namespace AksUpgradeDashboard.ArmEmulator;

/// <summary>
/// A cluster the routes can address by subscription, resource group and name, with its agent pools.
/// </summary>
/// <remarks>
/// Reads take the current immutable snapshot (bytes) without a lock. Writes hold <see cref="Gate"/>: the first one parses
/// the snapshot into JSON models (so fleet objects shared with other emulators are never touched), edits them, and
/// <see cref="Publish"/> re-serializes the cluster and its pools. A cluster's <c>agentPoolProfiles</c> are always rebuilt
/// from the pools, so GET of the cluster, the pool list and each pool agree.
/// </remarks>
internal sealed class ServedCluster
{
    private volatile Snapshot _snapshot;
    private JsonObject? _model;
    private List<JsonObject>? _poolModels;

    private ServedCluster(string id, string subscriptionId, string resourceGroup, string name, string? location, byte[] json, ServedPool[] pools, IReadOnlyList<ServedChild> configurations)
    {
        Id = id;
        SubscriptionId = subscriptionId;
        ResourceGroup = resourceGroup;
        Name = name;
        Location = location;
        MaintenanceConfigurations = configurations;
        _snapshot = new Snapshot(json, pools);
    }

    public string Id { get; }

    public string SubscriptionId { get; }

    public string ResourceGroup { get; }

    public string Name { get; }

    public string? Location { get; }

    public IReadOnlyList<ServedChild> MaintenanceConfigurations { get; }

    /// <summary>Held by every write and by operation state changes of this cluster.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The operation running on this cluster or one of its pools (at most one, as AKS allows); guarded by <see cref="Gate"/>.</summary>
    public OperationState? Running { get; set; }

    /// <summary>The cluster resource JSON as served now.</summary>
    public byte[] Json => _snapshot.Json;

    /// <summary>The agent pools as served now, in <c>agentPoolProfiles</c> order.</summary>
    public IReadOnlyList<ServedPool> Pools => _snapshot.Pools;

    public ServedPool? FindPool(string name) => _snapshot.Pools.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

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

    /// <summary>The editable cluster model. Hold <see cref="Gate"/>; call <see cref="Publish"/> after editing.</summary>
    public JsonObject ClusterModel()
    {
        EnsureModels();
        return _model!;
    }

    /// <summary>The editable AgentPool resource of a pool, or null. Hold <see cref="Gate"/>; call <see cref="Publish"/> after editing.</summary>
    public JsonObject? PoolModel(string name)
    {
        EnsureModels();
        return _poolModels!.FirstOrDefault(p => string.Equals(Text(p["name"]), name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Replaces the pool of the same name (keeping its place) or adds it at the end. Hold <see cref="Gate"/>.</summary>
    public void PutPool(JsonObject resource)
    {
        EnsureModels();
        var name = Text(resource["name"]);
        var index = _poolModels!.FindIndex(p => string.Equals(Text(p["name"]), name, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            _poolModels[index] = resource;
        }
        else
        {
            _poolModels.Add(resource);
        }
    }

    /// <summary>Removes a pool. Hold <see cref="Gate"/>.</summary>
    public void RemovePool(string name)
    {
        EnsureModels();
        _poolModels!.RemoveAll(p => string.Equals(Text(p["name"]), name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Replaces the cluster model (its <c>agentPoolProfiles</c> are rebuilt from the pools). Hold <see cref="Gate"/>.</summary>
    public void PutCluster(JsonObject cluster)
    {
        EnsureModels();
        _model = cluster;
    }

    /// <summary>Re-serializes the cluster (with <c>agentPoolProfiles</c> from the pools) and every pool. Hold <see cref="Gate"/>.</summary>
    public void Publish()
    {
        EnsureModels();
        if (_model!["properties"] is not JsonObject properties)
        {
            properties = [];
            _model["properties"] = properties;
        }

        properties["agentPoolProfiles"] = new JsonArray([.. _poolModels!.Select(ProfileOf)]);
        var kubernetesVersion = Text(properties["kubernetesVersion"]);
        _snapshot = new Snapshot(ServedFleet.Utf8(_model), [.. _poolModels!.Select(p => ServedPool.FromResource(p, kubernetesVersion))]);
    }

    /// <summary>A string value, or null for anything else (absent, a number, an object).</summary>
    internal static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>An agentPoolProfiles entry: the pool's name followed by its properties (as ManagedClustersGet.json shows them).</summary>
    private static JsonNode ProfileOf(JsonObject resource)
    {
        var profile = new JsonObject { ["name"] = resource["name"]?.DeepClone() };
        foreach (var (key, value) in resource["properties"] as JsonObject ?? [])
        {
            profile[key] = value?.DeepClone();
        }

        return profile;
    }

    private void EnsureModels()
    {
        var snapshot = _snapshot;
        _model ??= (JsonObject)JsonNode.Parse(snapshot.Json)!;
        _poolModels ??= [.. snapshot.Pools.Select(p => (JsonObject)JsonNode.Parse(p.Json)!)];
    }

    private sealed record Snapshot(byte[] Json, ServedPool[] Pools);
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

        return FromResource(resource, clusterKubernetesVersion);
    }

    /// <summary>A pool from its AgentPool resource JSON (<c>{id, name, type, properties}</c>).</summary>
    public static ServedPool FromResource(JsonObject resource, string? clusterKubernetesVersion)
    {
        var properties = resource["properties"] as JsonObject ?? [];
        var kubernetesVersion = ServedCluster.Text(properties["orchestratorVersion"])
            ?? ServedCluster.Text(properties["currentOrchestratorVersion"])
            ?? clusterKubernetesVersion
            ?? "";
        return new ServedPool(
            ServedCluster.Text(resource["name"]) ?? "",
            ServedCluster.Text(properties["osType"]) ?? "Linux",
            kubernetesVersion,
            ServedCluster.Text(properties["nodeImageVersion"]),
            ServedFleet.Utf8(resource));
    }
}
