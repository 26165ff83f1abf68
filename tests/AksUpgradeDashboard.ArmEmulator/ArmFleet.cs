using System.Text.Json;
using System.Text.Json.Nodes;

namespace AksUpgradeDashboard.ArmEmulator;

/// <summary>
/// The data an <see cref="ArmEmulator"/> serves, held as ARM JSON objects in exactly the shapes ARM returns.
/// The objects may be edited before <see cref="ArmEmulator.StartAsync"/>; the emulator takes a snapshot when it starts.
/// </summary>
public sealed partial class ArmFleet
{
    private static readonly JsonDocumentOptions s_documentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
    private static readonly JsonSerializerOptions s_writeOptions = new() { WriteIndented = true };

    private readonly List<JsonObject> _subscriptions;
    private readonly Dictionary<string, JsonObject> _subscriptionErrors;
    private readonly Dictionary<string, IReadOnlyList<JsonObject>> _managedClusters;
    private readonly Dictionary<string, IReadOnlyList<JsonObject>> _nodeImageVersions;
    private readonly Dictionary<string, IReadOnlyList<JsonObject>> _maintenanceConfigurations;
    private readonly Dictionary<string, JsonObject> _kubernetesVersions;

    private ArmFleet(
        IEnumerable<JsonObject> subscriptions,
        IEnumerable<KeyValuePair<string, JsonObject>> subscriptionErrors,
        IEnumerable<KeyValuePair<string, List<JsonObject>>> managedClusters,
        IEnumerable<KeyValuePair<string, List<JsonObject>>> nodeImageVersions,
        IEnumerable<KeyValuePair<string, List<JsonObject>>> maintenanceConfigurations,
        IEnumerable<KeyValuePair<string, JsonObject>>? kubernetesVersions = null)
    {
        _kubernetesVersions = new(kubernetesVersions ?? [], StringComparer.OrdinalIgnoreCase);
        _subscriptions = [.. subscriptions];
        _subscriptionErrors = new(subscriptionErrors, StringComparer.OrdinalIgnoreCase);
        _managedClusters = ReadOnlyLists(managedClusters);
        _nodeImageVersions = ReadOnlyLists(nodeImageVersions);
        _maintenanceConfigurations = ReadOnlyLists(maintenanceConfigurations);

        SubscriptionIds = [.. _subscriptions.Select(SubscriptionIdOf).OfType<string>()];
        ClusterCount = _managedClusters.Values.Sum(c => c.Count);
        NodePoolCount = _managedClusters.Values.SelectMany(c => c).Sum(c => AgentPoolProfiles(c).Count());
        Locations = _managedClusters.Values.SelectMany(c => c)
            .Select(c => c["location"]?.GetValue<string>())
            .OfType<string>()
            .Concat(_nodeImageVersions.Keys)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Number of managed clusters over all subscriptions.</summary>
    public int ClusterCount { get; }

    /// <summary>Number of agent pools (entries of <c>agentPoolProfiles</c>) over all clusters.</summary>
    public int NodePoolCount { get; }

    /// <summary>Every location that has a cluster or a node image version list, sorted.</summary>
    public IReadOnlyCollection<string> Locations { get; }

    /// <summary>The ids of the subscriptions <c>GET /subscriptions</c> lists, in order.</summary>
    public IReadOnlyList<string> SubscriptionIds { get; }

    /// <summary>The items of <c>GET /subscriptions</c>.</summary>
    public IReadOnlyList<JsonObject> Subscriptions => _subscriptions;

    /// <summary>ARM error bodies by subscription id; those subscriptions answer them with 403 for any path under them.</summary>
    public IReadOnlyDictionary<string, JsonObject> SubscriptionErrors => _subscriptionErrors;

    /// <summary>Managed clusters by subscription id (the items of the managedClusters list).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<JsonObject>> ManagedClusters => _managedClusters;

    /// <summary>Node image versions (<c>{fullName, os, sku, version}</c>) by location.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<JsonObject>> NodeImageVersions => _nodeImageVersions;

    /// <summary>
    /// <c>kubernetesVersions</c> response bodies by location (<c>{"values": [...]}</c>, the shape of the azure-rest-api-specs
    /// example); a location without one answers an empty list.
    /// </summary>
    public IReadOnlyDictionary<string, JsonObject> KubernetesVersions => _kubernetesVersions;

    /// <summary>Maintenance configurations by managed cluster resource id; clusters without an entry have none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<JsonObject>> MaintenanceConfigurations => _maintenanceConfigurations;

    /// <summary>Every cluster of every subscription.</summary>
    public IEnumerable<JsonObject> Clusters => _managedClusters.Values.SelectMany(c => c);

    /// <summary>
    /// Reads the app's sample fleet format: <c>subscriptions</c> = a <c>GET /subscriptions</c> body,
    /// <c>subscriptionErrors[subId]</c> = an ARM error body, <c>managedClusters[subId]</c> = a managedClusters list body,
    /// <c>nodeImageVersions[location]</c> = a nodeImageVersions list body and, optionally,
    /// <c>kubernetesVersions[location]</c> = a kubernetesVersions body and
    /// <c>maintenanceConfigurations[clusterId]</c> = a maintenanceConfigurations list body.
    /// </summary>
    public static ArmFleet FromSampleFile(string path) => FromSampleJson(File.ReadAllText(path));

    /// <summary>Reads the sample fleet format (see <see cref="FromSampleFile"/>) from a string.</summary>
    public static ArmFleet FromSampleJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var root = JsonNode.Parse(json, documentOptions: s_documentOptions) as JsonObject
            ?? throw new InvalidDataException("A sample fleet must be a JSON object.");
        Materialize(root);

        var errors = (root["subscriptionErrors"] as JsonObject ?? [])
            .Where(e => e.Value is JsonObject)
            .Select(e => KeyValuePair.Create(e.Key, (JsonObject)e.Value!));

        return new ArmFleet(
            ListItems(root["subscriptions"]),
            errors,
            ListsByKey(root["managedClusters"]),
            ListsByKey(root["nodeImageVersions"]),
            ListsByKey(root["maintenanceConfigurations"]),
            (root["kubernetesVersions"] as JsonObject ?? [])
                .Where(e => e.Value is JsonObject)
                .Select(e => KeyValuePair.Create(e.Key, (JsonObject)e.Value!.DeepClone())));
    }

    /// <summary>
    /// Builds a small fleet from the official ARM example files (<c>responses["200"].body</c> of each): the subscriptions of
    /// GetSubscriptions.json; the cluster of ManagedClustersList.json in the first subscription (its id rewritten to that
    /// subscription); NodeImageVersions_List.json under its location (<c>location1</c>); and
    /// MaintenanceConfigurationsList_MaintenanceWindow.json under that cluster.
    /// </summary>
    public static ArmFleet FromOfficialExamples(string folder)
    {
        var subscriptions = ListItems(ExampleBody(folder, "GetSubscriptions.json", out _)).ToList();
        if (subscriptions.Count == 0)
        {
            throw new InvalidDataException("GetSubscriptions.json lists no subscriptions.");
        }

        var first = SubscriptionIdOf(subscriptions[0]) ?? throw new InvalidDataException("The first example subscription has no id.");

        var clusters = ListItems(ExampleBody(folder, "ManagedClustersList.json", out _)).ToList();
        foreach (var cluster in clusters)
        {
            RewriteSubscription(cluster, first);
        }

        var imagesBody = ExampleBody(folder, "NodeImageVersions_List.json", out var imageParameters);
        var imageLocation = imageParameters?["location"]?.GetValue<string>() ?? "location1";

        var maintenance = new List<KeyValuePair<string, List<JsonObject>>>();
        if (clusters.Count > 0 && clusters[0]["id"]?.GetValue<string>() is { } clusterId)
        {
            var configurations = ListItems(ExampleBody(folder, "MaintenanceConfigurationsList_MaintenanceWindow.json", out _)).ToList();
            foreach (var configuration in configurations)
            {
                RewriteSubscription(configuration, first);
            }

            maintenance.Add(KeyValuePair.Create(clusterId, configurations));
        }

        var managedClusters = subscriptions
            .Select(SubscriptionIdOf)
            .OfType<string>()
            .Select(id => KeyValuePair.Create(id, id == first ? clusters : []));

        return new ArmFleet(
            subscriptions,
            [],
            managedClusters,
            [KeyValuePair.Create(imageLocation, ListItems(imagesBody).ToList())],
            maintenance);
    }

    /// <summary>Writes this fleet in the sample fleet format (see <see cref="FromSampleFile"/>), indented.</summary>
    public string ToSampleJson()
    {
        var root = new JsonObject
        {
            ["subscriptions"] = ListBody(_subscriptions),
            ["subscriptionErrors"] = new JsonObject(_subscriptionErrors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value.DeepClone()))),
            ["managedClusters"] = ListBodies(_managedClusters),
            ["nodeImageVersions"] = ListBodies(_nodeImageVersions),
            ["maintenanceConfigurations"] = ListBodies(_maintenanceConfigurations),
            ["kubernetesVersions"] = new JsonObject(_kubernetesVersions.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value.DeepClone()))),
        };
        return root.ToJsonString(s_writeOptions);
    }

    internal static IEnumerable<JsonObject> AgentPoolProfiles(JsonObject cluster) =>
        (cluster["properties"]?["agentPoolProfiles"] as JsonArray ?? []).OfType<JsonObject>();

    internal static string? SubscriptionIdOf(JsonObject subscription)
    {
        if (subscription["subscriptionId"] is JsonValue value && value.TryGetValue<string>(out var id))
        {
            return id;
        }

        return subscription["id"]?.GetValue<string>() is { } path && path.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var root, var sub, ..]
            && root.Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
            ? sub
            : null;
    }

    private static Dictionary<string, IReadOnlyList<JsonObject>> ReadOnlyLists(IEnumerable<KeyValuePair<string, List<JsonObject>>> lists)
    {
        var result = new Dictionary<string, IReadOnlyList<JsonObject>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, items) in lists)
        {
            if (result.TryGetValue(key, out var existing))
            {
                result[key] = existing.Concat(items).ToList().AsReadOnly();
            }
            else
            {
                result[key] = items.AsReadOnly();
            }
        }

        return result;
    }

    private static JsonNode? ExampleBody(string folder, string fileName, out JsonObject? parameters)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, fileName)), documentOptions: s_documentOptions)
            ?? throw new InvalidDataException($"{fileName} is empty.");
        Materialize(root);
        parameters = root["parameters"] as JsonObject;
        return root["responses"]?["200"]?["body"] ?? throw new InvalidDataException($"{fileName} has no responses[\"200\"].body.");
    }

    private static IEnumerable<JsonObject> ListItems(JsonNode? listBody) => (listBody?["value"] as JsonArray ?? []).OfType<JsonObject>();

    private static IEnumerable<KeyValuePair<string, List<JsonObject>>> ListsByKey(JsonNode? node) =>
        (node as JsonObject ?? []).Select(e => KeyValuePair.Create(e.Key, ListItems(e.Value).ToList()));

    private static JsonObject ListBody(IEnumerable<JsonObject> items) => new() { ["value"] = new JsonArray(items.Select(i => i.DeepClone()).ToArray()) };

    private static JsonObject ListBodies(Dictionary<string, IReadOnlyList<JsonObject>> lists) =>
        new(lists.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)ListBody(e.Value))));

    /// <summary>Points a resource id (and nothing else) at another subscription.</summary>
    private static void RewriteSubscription(JsonObject resource, string subscriptionId)
    {
        if (resource["id"]?.GetValue<string>() is { } id)
        {
            var parts = id.Split('/');
            if (parts.Length > 2 && parts[1].Equals("subscriptions", StringComparison.OrdinalIgnoreCase))
            {
                parts[2] = subscriptionId;
                resource["id"] = string.Join('/', parts);
            }
        }
    }

    /// <summary>
    /// Parsed nodes build their children lazily, which is not thread-safe; touching every object and array once makes later
    /// concurrent reads safe.
    /// </summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Materialize(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Materialize(child);
                }

                break;
        }
    }
}
