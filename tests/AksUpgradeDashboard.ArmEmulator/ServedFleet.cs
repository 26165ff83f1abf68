using System.Globalization;
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AksUpgradeDashboard.ArmEmulator;

/// <summary>
/// A snapshot of an <see cref="ArmFleet"/> taken when an emulator starts: every item pre-serialized to UTF-8 and indexed for
/// the routes, so concurrent requests never touch the (mutable, not thread-safe) JSON nodes. Clusters and their agent pools
/// can change afterwards through the write routes (see <see cref="ServedCluster"/>); everything else stays as it was.
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
                if (ServedCluster.TryCreate(cluster, json, fleet.MaintenanceConfigurations) is { } indexed)
                {
                    served.Clusters.Add(new ListedCluster(null, indexed));
                    served.ClustersByResourceGroup.Add(indexed);
                    _clusters[ClusterKey(indexed.SubscriptionId, indexed.ResourceGroup, indexed.Name)] = indexed;
                }
                else
                {
                    served.Clusters.Add(new ListedCluster(json, null));
                }
            }
        }
    }

    public IReadOnlyList<byte[]> SubscriptionList { get; }

    public bool IsKnownSubscription(string subscriptionId) => _subscriptions.ContainsKey(subscriptionId);

    public byte[]? SubscriptionJson(string subscriptionId) => _subscriptions.GetValueOrDefault(subscriptionId)?.Json;

    public byte[]? SubscriptionError(string subscriptionId) => _subscriptions.GetValueOrDefault(subscriptionId)?.ErrorBody;

    /// <summary>The current JSON of every cluster of a subscription, in the fleet's order.</summary>
    public IReadOnlyList<byte[]> Clusters(string subscriptionId) =>
        _subscriptions.TryGetValue(subscriptionId, out var served) ? [.. served.Clusters.Select(c => c.Json)] : [];

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

        public List<ListedCluster> Clusters { get; } = [];

        public List<ServedCluster> ClustersByResourceGroup { get; } = [];
    }

    /// <summary>A cluster of a subscription's list: an addressable one (its JSON may change) or, without an id, fixed bytes.</summary>
    private readonly record struct ListedCluster(byte[]? FixedJson, ServedCluster? Cluster)
    {
        public byte[] Json => Cluster?.Json ?? FixedJson!;
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

    /// <summary>
    /// The newest image a pool gets when it is created with, or moved to, <paramref name="osSku"/>: the latest image of that
    /// OS's lineage whose features (gen2, arm64, fips, TL, CVM, minimal) best match <paramref name="currentImage"/>, or null
    /// when the osSKU is unknown or this location lists no image of it. A default SKU (<c>Ubuntu</c>, <c>AzureLinux</c>) picks
    /// the OS major by Kubernetes version, as aks-os-upgrades.md §osSKU records it: Ubuntu 24.04 from 1.35 (22.04 before),
    /// Azure Linux 3.0 from 1.32 (2.0 before).
    /// </summary>
    public string? LatestForOsSku(string? osSku, string? osType, string? kubernetesVersion, string? currentImage)
    {
        if (FamilyPrefix(osSku, osType, kubernetesVersion) is not { } family)
        {
            return null;
        }

        var wanted = Features(currentImage ?? "gen2");
        return _latestByLineage
            .Where(l => l.Prefix.StartsWith(family, StringComparison.OrdinalIgnoreCase))
            .OrderBy(l => Features(l.Prefix).Except(wanted).Count() + wanted.Except(Features(l.Prefix)).Count())
            .ThenBy(l => l.Prefix.Length)
            .Select(l => l.LatestFullName)
            .FirstOrDefault();
    }

    /// <summary>The start of the image names of an osSKU (the names in real-image-names.md and the sample fleet).</summary>
    private static string? FamilyPrefix(string? osSku, string? osType, string? kubernetesVersion)
    {
        if (string.IsNullOrEmpty(osSku))
        {
            osSku = string.Equals(osType, "Windows", StringComparison.OrdinalIgnoreCase) ? "Windows2022" : "Ubuntu";
        }

        return osSku.ToUpperInvariant() switch
        {
            "UBUNTU" => MinorAtLeast(kubernetesVersion, 35) ? "AKSUbuntu-2404" : "AKSUbuntu-2204",
            "UBUNTU2204" => "AKSUbuntu-2204",
            "UBUNTU2404" => "AKSUbuntu-2404",
            "UBUNTU2604" => "AKSUbuntu-2604",
            "AZURELINUX" => MinorAtLeast(kubernetesVersion, 32) ? "AKSAzureLinux-V3" : "AKSAzureLinux-V2",
            "AZURELINUX3" => "AKSAzureLinux-V3",
            "AZURELINUXOSGUARD" or "AZURELINUX3OSGUARD" => "AKSAzureLinux-OSGuardV3",
            "AZURECONTAINERLINUX" => "AKSAzureLinux-acl",
            "CBLMARINER" => "AKSCBLMariner-V2",
            "FLATCAR" => "AKSFlatcar-",
            "WINDOWS2019" => "AKSWindows-2019-",
            "WINDOWS2022" => "AKSWindows-2022-",
            "WINDOWS2025" => "AKSWindows-2025-",
            "WINDOWSANNUAL" => "AKSWindows-23H2-",
            _ => null,
        };
    }

    private static HashSet<string> Features(string image)
    {
        var features = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in (string[])["gen2", "arm64", "fips", "minimal"])
        {
            if (image.Contains(token, StringComparison.OrdinalIgnoreCase))
            {
                features.Add(token);
            }
        }

        // Upper case only: "TL" (Trusted Launch) and "CVM" are spelled so in image names; lower-case letters would match words.
        foreach (var token in (string[])["TL", "CVM"])
        {
            if (image.Contains(token, StringComparison.Ordinal))
            {
                features.Add(token);
            }
        }

        return features;
    }

    private static bool MinorAtLeast(string? kubernetesVersion, int minor) =>
        kubernetesVersion?.Split('.') is [var major, var minorText, ..]
        && major == "1"
        && int.TryParse(minorText, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
        && value >= minor;
}
