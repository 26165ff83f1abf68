using AksUpgradeDashboard.Configuration;
using Azure.Core;
using Azure.Identity;

namespace AksUpgradeDashboard.Azure;

/// <summary>
/// Builds the one credential named by <c>Azure:Credential</c>. Creating a credential sends nothing; only a token
/// request does, so tests can check the choice without touching Azure or the metadata endpoint.
/// </summary>
public static class AzureCredentialFactory
{
    public static TokenCredential Create(AzureOptions options)
    {
        var authorityHost = ArmEndpoint.From(options).AuthorityHost;
        var tenantId = string.IsNullOrWhiteSpace(options.TenantId) ? null : options.TenantId;
        var clientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId;

        return options.Credential?.ToUpperInvariant() switch
        {
            "AZURECLI" => new AzureCliCredential(new AzureCliCredentialOptions { TenantId = tenantId, AuthorityHost = authorityHost }),
            "MANAGEDIDENTITY" => new ManagedIdentityCredential(clientId is null
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId)),
            "WORKLOADIDENTITY" => new WorkloadIdentityCredential(new WorkloadIdentityCredentialOptions { TenantId = tenantId, ClientId = clientId, AuthorityHost = authorityHost }),
            "ENVIRONMENT" => new EnvironmentCredential(new EnvironmentCredentialOptions { AuthorityHost = authorityHost }),
            "DEFAULT" => new DefaultAzureCredential(new DefaultAzureCredentialOptions { TenantId = tenantId, ManagedIdentityClientId = clientId, AuthorityHost = authorityHost }),
            _ => throw new InvalidOperationException($"Azure:Credential '{options.Credential}' is not recognised; start-up validation should have stopped the app."),
        };
    }
}
