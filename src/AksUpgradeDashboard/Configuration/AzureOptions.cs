namespace AksUpgradeDashboard.Configuration;

/// <summary>Configuration section <c>Azure</c>: how to reach Azure Resource Manager when <c>Inventory:Source</c> is <c>Azure</c>.</summary>
public sealed class AzureOptions
{
    public const string SectionName = "Azure";

    /// <summary>
    /// <c>AzureCli</c> | <c>ManagedIdentity</c> | <c>WorkloadIdentity</c> | <c>Environment</c> | <c>Default</c>. Explicit on
    /// purpose: nothing probes the instance metadata endpoint unless ManagedIdentity (or Default) is asked for.
    /// </summary>
    public string? Credential { get; set; }

    public string? TenantId { get; set; }

    /// <summary>Client id of a user-assigned managed identity (ManagedIdentity, WorkloadIdentity, Default).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary><c>AzurePublicCloud</c> (default) | <c>AzureChinaCloud</c> | <c>AzureUSGovernment</c>.</summary>
    public string? Cloud { get; set; }

    /// <summary>Any other ARM endpoint (e.g. Azure Stack); set together with <see cref="ResourceManagerAudience"/>.</summary>
    public string? ResourceManagerEndpoint { get; set; }

    public string? ResourceManagerAudience { get; set; }

    /// <summary>Optional allow-list of subscription ids; empty reads every subscription the credential can see.</summary>
    public List<string> Subscriptions { get; set; } = [];

    public AzureApiVersions ApiVersions { get; set; } = new();

    /// <summary>Timeout of one HTTP attempt; retries get their own.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries for 408/429/5xx and timeouts, with exponential back-off; a 429's Retry-After is honoured.</summary>
    public int MaxRetries { get; set; } = 5;
}

/// <summary>Configuration section <c>Azure:ApiVersions</c>. ARM accepts a version only once it is live everywhere, so these are settings.</summary>
public sealed class AzureApiVersions
{
    public string Subscriptions { get; set; } = "2022-12-01";

    public string ManagedClusters { get; set; } = "2025-10-01";

    /// <summary><c>locations/{location}/nodeImageVersions</c> exists only in preview api-versions.</summary>
    public string NodeImageVersions { get; set; } = "2026-05-02-preview";

    /// <summary><c>locations/{location}/kubernetesVersions</c>: the minors AKS offers in a region, with their support plans.</summary>
    public string KubernetesVersions { get; set; } = "2025-10-01";
}
