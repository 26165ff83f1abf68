using System.Globalization;
using System.Text.Json.Nodes;

namespace AksUpgradeDashboard.ArmEmulator;

public sealed partial class ArmFleet
{
    /// <summary>The newest Linux node image release in generated fleets; six earlier releases are kept for "behind" pools.</summary>
    public const string LatestLinuxRelease = "202611.10.0";

    private const int MaxPoolsPerCluster = 100;
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private static readonly string[] s_linuxReleases =
        ["202608.25.0", "202609.08.0", "202609.22.0", "202610.06.0", "202610.20.0", "202611.03.0", LatestLinuxRelease];

    private static readonly string[] s_windows2022Releases =
    [
        "20348.4470.260513", "20348.4529.260610", "20348.4588.260715", "20348.4648.260812",
        "20348.4712.260909", "20348.4780.261014", "20348.4851.261111",
    ];

    // Weighted mix of node image lineages: mostly Ubuntu 22.04/24.04 and Azure Linux 3, some Windows,
    // and Azure Linux 2 (AKSCBLMariner V2gen2) and Windows 2019 frozen at their last releases.
    private static readonly GeneratedLineage[] s_lineages =
    [
        new("AKSUbuntu", "2204gen2containerd", "Linux", ["Ubuntu", "Ubuntu2204"], 30, s_linuxReleases),
        new("AKSUbuntu", "2404gen2containerd", "Linux", ["Ubuntu2404"], 20, s_linuxReleases),
        new("AKSUbuntu", "2204gen2arm64containerd", "Linux", ["Ubuntu"], 4, s_linuxReleases, Arm64: true),
        new("AKSUbuntu", "2004gen2fipscontainerd", "Linux", ["Ubuntu"], 3, s_linuxReleases, Fips: true),
        new("AKSAzureLinux", "V3gen2", "Linux", ["AzureLinux", "AzureLinux3"], 22, s_linuxReleases),
        new("AKSAzureLinux", "V3gen2fips", "Linux", ["AzureLinux3"], 2, s_linuxReleases, Fips: true),
        new("AKSAzureLinux", "V3gen2arm64", "Linux", ["AzureLinux3"], 2, s_linuxReleases, Arm64: true),
        new("AKSCBLMariner", "V2gen2", "Linux", ["CBLMariner"], 4, ["202512.06.0"]),
        new("AKSWindows", "2022-containerd-gen2", "Windows", ["Windows2022"], 8, s_windows2022Releases),
        new("AKSWindows", "2019-containerd", "Windows", ["Windows2019"], 2, ["17763.8230.260210"]),
    ];

    private static readonly string[] s_regions =
    [
        "eastus", "westeurope", "eastus2", "northeurope", "westus3", "uksouth", "southeastasia", "australiaeast",
        "centralus", "germanywestcentral", "japaneast", "canadacentral", "francecentral", "swedencentral", "westus2",
        "brazilsouth", "southcentralus", "centralindia", "koreacentral", "switzerlandnorth", "norwayeast", "eastasia",
        "uaenorth", "southafricanorth", "polandcentral", "italynorth", "israelcentral", "qatarcentral", "spaincentral",
        "mexicocentral", "northcentralus", "westcentralus", "westus", "canadaeast", "ukwest", "japanwest",
        "australiasoutheast", "southindia", "newzealandnorth", "chilecentral", "indonesiacentral", "malaysiawest",
    ];

    private static readonly string[] s_teams =
    [
        "payments", "orders", "web", "search", "identity", "data", "ml", "platform", "catalog", "checkout",
        "messaging", "analytics", "media", "gaming", "iot", "shared",
    ];

    private static readonly (string Name, int Weight)[] s_environments = [("prod", 40), ("staging", 20), ("dev", 30), ("test", 10)];

    // Kubernetes minors in use, newest patch first.
    private static readonly (string[] Patches, int Weight)[] s_kubernetes =
    [
        (["1.31.13", "1.31.11"], 10),
        (["1.32.9", "1.32.7"], 20),
        (["1.33.5", "1.33.3"], 30),
        (["1.34.2", "1.34.1"], 40),
    ];

    private static readonly (string Name, int Weight)[] s_upgradeChannels = [("none", 30), ("patch", 35), ("stable", 20), ("rapid", 5), ("node-image", 10)];
    private static readonly (string Name, int Weight)[] s_nodeOsChannels = [("NodeImage", 50), ("SecurityPatch", 20), ("Unmanaged", 15), ("None", 15)];
    private static readonly int[] s_behindWeights = [45, 18, 12, 9, 7, 5, 4]; // index = releases behind the region's latest
    private static readonly string[] s_linuxVmSizes = ["Standard_D4ds_v5", "Standard_D4s_v5", "Standard_D8s_v5", "Standard_D16s_v5", "Standard_E8s_v5", "Standard_F8s_v2"];
    private static readonly string[] s_armVmSizes = ["Standard_D4ps_v5", "Standard_D8ps_v5"];
    private static readonly string[] s_windowsVmSizes = ["Standard_D4s_v5", "Standard_D8s_v5"];
    private static readonly string[] s_maxSurges = ["10%", "33%", "1", "50%"];
    private static readonly string[] s_weekDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    /// <summary>
    /// Generates a deterministic fleet (the same arguments give the same JSON) with exactly <paramref name="clusters"/>
    /// clusters and <paramref name="nodePools"/> agent pools, spread over <paramref name="subscriptions"/> subscriptions and
    /// <paramref name="regions"/> locations (every location has a node image version list; every subscription and location
    /// gets a cluster when there are enough clusters). Pools mix Ubuntu 22.04/24.04, Azure Linux 3, Windows 2022/2019 and
    /// Azure Linux 2 (frozen at 202512.06.0); images are on the region's latest release or 1–6 releases behind. About 30%
    /// of clusters get an <c>aksManagedNodeOSUpgradeSchedule</c> weekly maintenance window.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A count is negative, there is no subscription or region, or <paramref name="nodePools"/> is not between
    /// <paramref name="clusters"/> and 100 × <paramref name="clusters"/> (every cluster has 1–100 pools).
    /// </exception>
    public static ArmFleet Generate(int subscriptions, int clusters, int nodePools, int regions, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subscriptions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(clusters);
        ArgumentOutOfRangeException.ThrowIfLessThan(regions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodePools, clusters);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)nodePools, (long)clusters * MaxPoolsPerCluster, nameof(nodePools));

        return new FleetGenerator(seed).Build(subscriptions, clusters, nodePools, regions);
    }

    private sealed record GeneratedLineage(
        string Os, string Sku, string OsType, string[] OsSkus, int Weight, string[] Releases, bool Fips = false, bool Arm64 = false)
    {
        public bool IsWindows => OsType == "Windows";

        public bool IsFrozen => Releases.Length == 1;

        public string FullName(string version) => $"{Os}-{Sku}-{version}";

        /// <summary>
        /// The <c>sku</c> ARM's nodeImageVersions reports: for Windows the gallery image definition
        /// (<c>windows-2022-containerd-gen2</c>), which is not the middle of the full name (Azure/karpenter-provider-azure
        /// pkg/fake/nodeimageversionsapi.go, captured from the real API).
        /// </summary>
        public string ApiSku => IsWindows ? $"windows-{Sku}" : Sku;
    }

    private sealed record GeneratedRegion(string Name, int RolloutLag)
    {
        /// <summary>Releases available in this region, oldest first (a lagging region lacks the newest).</summary>
        public ReadOnlySpan<string> Releases(GeneratedLineage lineage) =>
            lineage.IsFrozen ? lineage.Releases.AsSpan() : lineage.Releases.AsSpan(0, lineage.Releases.Length - RolloutLag);
    }

    /// <summary>All randomness comes from one seeded <see cref="Random"/>, drawn in a fixed order.</summary>
    private sealed class FleetGenerator(int seed)
    {
#pragma warning disable CA5394 // Deterministic test data, not security: a seeded Random is the point.
        private readonly Random _random = new(seed);

        public ArmFleet Build(int subscriptionCount, int clusterCount, int poolCount, int regionCount)
        {
            var subscriptions = Enumerable.Range(0, subscriptionCount).Select(NewSubscription).ToList();
            var subscriptionIds = subscriptions.Select(s => s["subscriptionId"]!.GetValue<string>()).ToArray();
            var regions = Enumerable.Range(0, regionCount)
                .Select(i => new GeneratedRegion(i < s_regions.Length ? s_regions[i] : $"region{i + 1:D2}", _random.NextDouble() < 0.2 ? 1 : 0))
                .ToArray();

            var poolsPerCluster = SpreadPools(clusterCount, poolCount);
            var clustersBySubscription = subscriptionIds.ToDictionary(id => id, _ => new List<JsonObject>());
            var maintenance = new List<KeyValuePair<string, List<JsonObject>>>();
            var usedLineages = new HashSet<GeneratedLineage>();

            for (var i = 0; i < clusterCount; i++)
            {
                var subscriptionId = subscriptionIds[i < subscriptionCount ? i : Skewed(subscriptionCount)];
                var region = regions[i < regionCount ? i : Skewed(regionCount)];
                var hasSchedule = _random.NextDouble() < 0.3;
                var cluster = NewCluster(i, subscriptionId, region, poolsPerCluster[i], hasSchedule, usedLineages);
                clustersBySubscription[subscriptionId].Add(cluster);

                if (hasSchedule)
                {
                    var clusterId = cluster["id"]!.GetValue<string>();
                    maintenance.Add(KeyValuePair.Create(clusterId, new List<JsonObject> { NewNodeOsSchedule(clusterId) }));
                }
            }

            // Each region lists the latest release (in that region) of every lineage the fleet uses.
            var images = regions.Select(region => KeyValuePair.Create(
                region.Name,
                s_lineages.Where(usedLineages.Contains).Select(lineage => NewImage(lineage, region.Releases(lineage)[^1])).ToList()));

            var kubernetesVersions = regions.Select(region => KeyValuePair.Create(region.Name, KubernetesVersionsBody()));

            return new ArmFleet(subscriptions, [], clustersBySubscription, images, maintenance, kubernetesVersions);
        }

        /// <summary>
        /// The minors in use, in the shape of the azure-rest-api-specs example KubernetesVersions_List.json: the oldest
        /// supported under LTS only, the rest under both plans, the newest a preview; each patch can reach the next minor.
        /// </summary>
        private static JsonObject KubernetesVersionsBody()
        {
            var values = new JsonArray();
            for (var i = 0; i < s_kubernetes.Length; i++)
            {
                var patches = new JsonObject();
                foreach (var patch in s_kubernetes[i].Patches)
                {
                    var upgrades = new JsonArray();
                    foreach (var newer in s_kubernetes[i].Patches.Where(p => AksUpgradeDashboard.ArmEmulator.NodeImageVersions.CompareVersions(p, patch) > 0))
                    {
                        upgrades.Add(newer);
                    }

                    if (i + 1 < s_kubernetes.Length)
                    {
                        upgrades.Add(s_kubernetes[i + 1].Patches[0]);
                    }

                    patches[patch] = new JsonObject { ["upgrades"] = upgrades };
                }

                var minor = string.Join('.', s_kubernetes[i].Patches[0].Split('.')[..2]);
                var item = new JsonObject
                {
                    ["capabilities"] = new JsonObject { ["supportPlan"] = i == 0 ? new JsonArray("AKSLongTermSupport") : new JsonArray("KubernetesOfficial", "AKSLongTermSupport") },
                };
                if (i == s_kubernetes.Length - 2)
                {
                    item["isDefault"] = true;
                }

                item["patchVersions"] = patches;
                item["version"] = minor;
                values.Add(item);
            }

            return new JsonObject { ["values"] = values };
        }

        private JsonObject NewSubscription(int index)
        {
            var id = NewGuid();
            var environment = Pick(s_environments);
            return new JsonObject
            {
                ["id"] = $"/subscriptions/{id}",
                ["subscriptionId"] = id,
                ["tenantId"] = TenantId,
                ["displayName"] = string.Create(CultureInfo.InvariantCulture, $"Contoso {Capitalize(environment)} {index + 1:D3}"),
                ["state"] = "Enabled",
                ["authorizationSource"] = "RoleBased",
            };
        }

        private JsonObject NewCluster(int index, string subscriptionId, GeneratedRegion region, int poolCount, bool hasSchedule, HashSet<GeneratedLineage> usedLineages)
        {
            var team = s_teams[_random.Next(s_teams.Length)];
            var environment = Pick(s_environments);
            var name = string.Create(CultureInfo.InvariantCulture, $"aks-{team}-{environment}-{index + 1:D5}");
            var resourceGroup = $"rg-{team}-{environment}";
            var id = $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.ContainerService/managedClusters/{name}";
            var minor = PickIndex(s_kubernetes.Select(k => k.Weight).ToArray());
            var kubernetesVersion = s_kubernetes[minor].Patches[_random.NextDouble() < 0.75 ? 0 : 1];
            var lts = minor == 0 && _random.NextDouble() < 0.5;
            var running = _random.NextDouble() >= 0.05;
            var upgradeChannel = Pick(s_upgradeChannels);
            var nodeOsChannel = hasSchedule ? (_random.NextDouble() < 0.7 ? "NodeImage" : "SecurityPatch") : Pick(s_nodeOsChannels);
            var hostSuffix = _random.Next(0x1000_0000, int.MaxValue).ToString("x8", CultureInfo.InvariantCulture);

            var mainLinux = PickLineage(linuxOnly: true);
            var pools = new JsonArray();
            var linuxPools = 0;
            var windowsPools = 0;
            for (var p = 0; p < poolCount; p++)
            {
                var lineage = p == 0 || _random.NextDouble() < 0.6 ? mainLinux : PickLineage(linuxOnly: false);
                usedLineages.Add(lineage);
                var poolName = p == 0 ? "system"
                    : lineage.IsWindows ? string.Create(CultureInfo.InvariantCulture, $"win{++windowsPools}")
                    : string.Create(CultureInfo.InvariantCulture, $"user{++linuxPools}");
                var poolVersion = minor > 0 && p > 0 && _random.NextDouble() < 0.12 ? s_kubernetes[minor - 1].Patches[0] : kubernetesVersion;
                pools.Add(NewPool(poolName, p == 0, lineage, region, poolVersion, running));
            }

            return new JsonObject
            {
                ["id"] = id,
                ["name"] = name,
                ["type"] = "Microsoft.ContainerService/managedClusters",
                ["location"] = region.Name,
                ["tags"] = new JsonObject { ["env"] = environment, ["team"] = team },
                ["sku"] = new JsonObject { ["name"] = "Base", ["tier"] = lts ? "Premium" : environment == "prod" ? "Standard" : "Free" },
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = "Succeeded",
                    ["powerState"] = new JsonObject { ["code"] = running ? "Running" : "Stopped" },
                    ["kubernetesVersion"] = kubernetesVersion,
                    ["currentKubernetesVersion"] = kubernetesVersion,
                    ["dnsPrefix"] = name,
                    ["fqdn"] = $"{name}-{hostSuffix}.hcp.{region.Name}.azmk8s.io",
                    ["nodeResourceGroup"] = $"MC_{resourceGroup}_{name}_{region.Name}",
                    ["supportPlan"] = lts ? "AKSLongTermSupport" : "KubernetesOfficial",
                    ["autoUpgradeProfile"] = new JsonObject { ["upgradeChannel"] = upgradeChannel, ["nodeOSUpgradeChannel"] = nodeOsChannel },
                    ["agentPoolProfiles"] = pools,
                },
            };
        }

        private JsonObject NewPool(string name, bool system, GeneratedLineage lineage, GeneratedRegion region, string orchestratorVersion, bool running)
        {
            var releases = region.Releases(lineage);
            var behind = Math.Min(PickIndex(s_behindWeights), releases.Length - 1);
            var vmSizes = lineage.IsWindows ? s_windowsVmSizes : lineage.Arm64 ? s_armVmSizes : s_linuxVmSizes;
            return new JsonObject
            {
                ["name"] = name,
                ["count"] = system ? _random.Next(1, 6) : _random.Next(0, 31),
                ["vmSize"] = vmSizes[_random.Next(vmSizes.Length)],
                ["osType"] = lineage.OsType,
                ["osSKU"] = lineage.OsSkus[_random.Next(lineage.OsSkus.Length)],
                ["mode"] = system ? "System" : "User",
                ["type"] = "VirtualMachineScaleSets",
                ["orchestratorVersion"] = orchestratorVersion,
                ["currentOrchestratorVersion"] = orchestratorVersion,
                ["provisioningState"] = "Succeeded",
                ["powerState"] = new JsonObject { ["code"] = running ? "Running" : "Stopped" },
                ["enableFIPS"] = lineage.Fips,
                ["maxPods"] = lineage.IsWindows ? 30 : _random.NextDouble() < 0.7 ? 110 : 250,
                ["upgradeSettings"] = new JsonObject
                {
                    ["maxSurge"] = s_maxSurges[_random.Next(s_maxSurges.Length)],
                    ["maxUnavailable"] = "0",
                    ["drainTimeoutInMinutes"] = 30,
                    ["nodeSoakDurationInMinutes"] = _random.NextDouble() < 0.2 ? 5 : 0,
                },
                ["nodeImageVersion"] = lineage.FullName(releases[releases.Length - 1 - behind]),
            };
        }

        private JsonObject NewNodeOsSchedule(string clusterId) => new()
        {
            ["name"] = "aksManagedNodeOSUpgradeSchedule",
            ["id"] = $"{clusterId}/maintenanceConfigurations/aksManagedNodeOSUpgradeSchedule",
            ["properties"] = new JsonObject
            {
                ["maintenanceWindow"] = new JsonObject
                {
                    ["durationHours"] = 4 + (2 * _random.Next(0, 3)),
                    ["schedule"] = new JsonObject
                    {
                        ["weekly"] = new JsonObject { ["dayOfWeek"] = s_weekDays[_random.Next(s_weekDays.Length)], ["intervalWeeks"] = 1 },
                    },
                    ["startDate"] = "2026-01-05",
                    ["startTime"] = string.Create(CultureInfo.InvariantCulture, $"{_random.Next(0, 24):D2}:00"),
                    ["utcOffset"] = "+00:00",
                },
            },
        };

        private static JsonObject NewImage(GeneratedLineage lineage, string version) => new()
        {
            ["fullName"] = lineage.FullName(version),
            ["os"] = lineage.Os,
            ["sku"] = lineage.ApiSku,
            ["version"] = version,
        };

        /// <summary>Every cluster gets one pool, the rest land on random clusters (at most 100 per cluster).</summary>
        private int[] SpreadPools(int clusterCount, int poolCount)
        {
            var pools = new int[clusterCount];
            Array.Fill(pools, 1);
            for (var extra = poolCount - clusterCount; extra > 0; extra--)
            {
                var i = _random.Next(clusterCount);
                while (pools[i] >= MaxPoolsPerCluster)
                {
                    i = (i + 1) % clusterCount;
                }

                pools[i]++;
            }

            return pools;
        }

        private GeneratedLineage PickLineage(bool linuxOnly)
        {
            var candidates = linuxOnly ? s_lineages.Where(l => !l.IsWindows).ToArray() : s_lineages;
            return candidates[PickIndex(candidates.Select(l => l.Weight).ToArray())];
        }

        private string Pick((string Name, int Weight)[] choices) => choices[PickIndex(choices.Select(c => c.Weight).ToArray())].Name;

        private int PickIndex(int[] weights)
        {
            var roll = _random.Next(weights.Sum());
            for (var i = 0; i < weights.Length; i++)
            {
                roll -= weights[i];
                if (roll < 0)
                {
                    return i;
                }
            }

            return weights.Length - 1;
        }

        /// <summary>An index in [0, count) that favours the first entries, as real fleets concentrate in a few places.</summary>
        private int Skewed(int count) => Math.Min(count - 1, (int)(count * Math.Pow(_random.NextDouble(), 1.6)));

        private string NewGuid()
        {
            Span<byte> bytes = stackalloc byte[16];
            _random.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes).ToString();
        }

        private static string Capitalize(string value) => value.Length == 0 ? value : char.ToUpperInvariant(value[0]) + value[1..];
#pragma warning restore CA5394
    }
}
