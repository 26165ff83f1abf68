using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Configuration;

/// <summary>Validates the Azure section only when the Azure inventory is selected; every message names its key.</summary>
// Reads Inventory:Source from configuration, not IOptions<InventoryOptions>: that would re-run (and repeat) the
// inventory validation here when Inventory:Source itself is wrong.
public sealed partial class ValidateAzureOptions(IConfiguration configuration) : IValidateOptions<AzureOptions>
{
    public static readonly string[] Credentials = ["AzureCli", "ManagedIdentity", "WorkloadIdentity", "Environment", "Default"];
    public static readonly string[] Clouds = ["AzurePublicCloud", "AzureChinaCloud", "AzureUSGovernment"];

    public ValidateOptionsResult Validate(string? name, AzureOptions options)
    {
        if (!string.Equals(configuration[$"{InventoryOptions.SectionName}:Source"], InventoryOptions.AzureSource, StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Credential))
        {
            errors.Add($"Azure:Credential is required when Inventory:Source is Azure. Use one of {string.Join(", ", Credentials)}.");
        }
        else if (!Credentials.Contains(options.Credential, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Azure:Credential '{options.Credential}' is not recognised. Use one of {string.Join(", ", Credentials)}.");
        }

        var customEndpoint = !string.IsNullOrWhiteSpace(options.ResourceManagerEndpoint);
        var customAudience = !string.IsNullOrWhiteSpace(options.ResourceManagerAudience);
        if (customEndpoint != customAudience)
        {
            errors.Add(customEndpoint
                ? "Azure:ResourceManagerAudience is required when Azure:ResourceManagerEndpoint is set."
                : "Azure:ResourceManagerEndpoint is required when Azure:ResourceManagerAudience is set.");
        }

        if (customEndpoint && !IsHttpsUri(options.ResourceManagerEndpoint))
        {
            errors.Add($"Azure:ResourceManagerEndpoint '{options.ResourceManagerEndpoint}' must be an absolute https URL (bearer tokens are only sent over TLS).");
        }

        if (customAudience && !Uri.TryCreate(options.ResourceManagerAudience, UriKind.Absolute, out _))
        {
            errors.Add($"Azure:ResourceManagerAudience '{options.ResourceManagerAudience}' must be an absolute URI such as https://management.azure.com/.");
        }

        if (customEndpoint && !string.IsNullOrWhiteSpace(options.Cloud))
        {
            errors.Add("Set either Azure:Cloud or Azure:ResourceManagerEndpoint with Azure:ResourceManagerAudience, not both.");
        }
        else if (!string.IsNullOrWhiteSpace(options.Cloud) && !Clouds.Contains(options.Cloud, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Azure:Cloud '{options.Cloud}' is not recognised. Use one of {string.Join(", ", Clouds)}, or set Azure:ResourceManagerEndpoint and Azure:ResourceManagerAudience.");
        }

        if (!string.IsNullOrWhiteSpace(options.TenantId) && !Guid.TryParse(options.TenantId, out _) && !TenantDomain().IsMatch(options.TenantId))
        {
            errors.Add($"Azure:TenantId '{options.TenantId}' must be a tenant id (GUID) or a domain such as contoso.onmicrosoft.com.");
        }

        if (!string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) && !Guid.TryParse(options.ManagedIdentityClientId, out _))
        {
            errors.Add($"Azure:ManagedIdentityClientId '{options.ManagedIdentityClientId}' must be a client id (GUID).");
        }

        for (var i = 0; i < options.Subscriptions.Count; i++)
        {
            if (!Guid.TryParse(options.Subscriptions[i], out _))
            {
                errors.Add($"Azure:Subscriptions:{i} '{options.Subscriptions[i]}' must be a subscription id (GUID).");
            }
        }

        CheckApiVersion(options.ApiVersions.Subscriptions, "Azure:ApiVersions:Subscriptions", errors);
        CheckApiVersion(options.ApiVersions.ManagedClusters, "Azure:ApiVersions:ManagedClusters", errors);
        CheckApiVersion(options.ApiVersions.NodeImageVersions, "Azure:ApiVersions:NodeImageVersions", errors);
        CheckApiVersion(options.ApiVersions.KubernetesVersions, "Azure:ApiVersions:KubernetesVersions", errors);

        if (options.RequestTimeout < TimeSpan.FromSeconds(1) || options.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Azure:RequestTimeout must be between 00:00:01 and 00:05:00 (was {options.RequestTimeout}).");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            errors.Add($"Azure:MaxRetries must be between 0 and 10 (was {options.MaxRetries}).");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }

    private static void CheckApiVersion(string? value, string key, List<string> errors)
    {
        if (value is null || !ApiVersion().IsMatch(value))
        {
            errors.Add($"{key} '{value}' is not an api-version such as 2025-10-01 or 2026-05-02-preview.");
        }
    }

    private static bool IsHttpsUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(-preview)?$")]
    private static partial Regex ApiVersion();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)+$")]
    private static partial Regex TenantDomain();
}
