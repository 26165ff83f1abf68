using System.Text.Json;
using System.Text.Json.Serialization;

namespace AksUpgradeDashboard.Azure;

// Our own typed records for the few ARM shapes we read (the typed Azure.ResourceManager.ContainerService package is
// not available here). Every property is optional: ARM omits fields freely and older api-versions lack newer ones.

public sealed record ArmSubscription(string? Id, string? SubscriptionId, string? DisplayName, string? State, string? TenantId);

public sealed record ArmPowerState(string? Code);

public sealed record ArmAutoUpgradeProfile(string? UpgradeChannel, [property: JsonPropertyName("nodeOSUpgradeChannel")] string? NodeOsUpgradeChannel);

public sealed record ArmUpgradeSettings(
    string? MaxSurge,
    string? MaxUnavailable,
    int? DrainTimeoutInMinutes,
    int? NodeSoakDurationInMinutes,
    string? UndrainableNodeBehavior);

/// <summary>An entry of <c>agentPoolProfiles</c>: the agent pool properties plus <c>name</c>.</summary>
public sealed record ArmAgentPoolProfile(
    string? Name,
    int? Count,
    string? VmSize,
    string? OsType,
    [property: JsonPropertyName("osSKU")] string? OsSku,
    string? Mode,
    string? OrchestratorVersion,
    string? CurrentOrchestratorVersion,
    string? NodeImageVersion,
    string? ProvisioningState,
    ArmPowerState? PowerState,
    ArmUpgradeSettings? UpgradeSettings,
    [property: JsonPropertyName("enableFIPS")] bool? EnableFips);

public sealed record ArmManagedClusterProperties(
    string? KubernetesVersion,
    string? CurrentKubernetesVersion,
    string? ProvisioningState,
    ArmPowerState? PowerState,
    string? SupportPlan,
    ArmAutoUpgradeProfile? AutoUpgradeProfile,
    List<JsonElement>? AgentPoolProfiles);

public sealed record ArmManagedCluster(
    string? Id,
    string? Name,
    string? Location,
    Dictionary<string, string?>? Tags,
    ArmManagedClusterProperties? Properties);

/// <summary>An item of <c>locations/{location}/nodeImageVersions</c>.</summary>
public sealed record ArmNodeImageVersion(string? FullName, string? Os, string? Sku, string? Version);

/// <summary>An item of <c>locations/{location}/kubernetesVersions</c> (listed under <c>values</c>; isDefault/isPreview are omitted when false).</summary>
public sealed record ArmKubernetesVersion(
    string? Version,
    bool? IsDefault,
    bool? IsPreview,
    ArmKubernetesVersionCapabilities? Capabilities,
    Dictionary<string, ArmKubernetesPatchVersion?>? PatchVersions);

public sealed record ArmKubernetesVersionCapabilities(List<string?>? SupportPlan);

public sealed record ArmKubernetesPatchVersion(List<string?>? Upgrades);

public sealed record ArmErrorDetail(string? Code, string? Message);

/// <summary>The common ARM error body: <c>{ "error": { "code", "message" } }</c>.</summary>
public sealed record ArmErrorResponse(ArmErrorDetail? Error);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ArmSubscription))]
[JsonSerializable(typeof(ArmManagedCluster))]
[JsonSerializable(typeof(ArmAgentPoolProfile))]
[JsonSerializable(typeof(ArmNodeImageVersion))]
[JsonSerializable(typeof(ArmKubernetesVersion))]
[JsonSerializable(typeof(ArmErrorResponse))]
internal sealed partial class ArmJsonContext : JsonSerializerContext;
