using AksUpgradeDashboard.Configuration;
using Azure.Identity;

namespace AksUpgradeDashboard.Azure;

/// <summary>Where ARM is and which token audience it wants, from <c>Azure:Cloud</c> or a custom endpoint.</summary>
public sealed record ArmEndpoint(Uri Endpoint, string Audience, Uri AuthorityHost)
{
    public static readonly ArmEndpoint PublicCloud = new(new Uri("https://management.azure.com/"), "https://management.azure.com/", AzureAuthorityHosts.AzurePublicCloud);
    public static readonly ArmEndpoint ChinaCloud = new(new Uri("https://management.chinacloudapi.cn/"), "https://management.chinacloudapi.cn/", AzureAuthorityHosts.AzureChina);
    public static readonly ArmEndpoint USGovernment = new(new Uri("https://management.usgovcloudapi.net/"), "https://management.usgovcloudapi.net/", AzureAuthorityHosts.AzureGovernment);

    /// <summary>The token scope: the audience with <c>/.default</c>.</summary>
    public string Scope => Audience.TrimEnd('/') + "/.default";

    public static ArmEndpoint From(AzureOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ResourceManagerEndpoint))
        {
            var endpoint = new Uri(options.ResourceManagerEndpoint.TrimEnd('/') + "/");
            return new ArmEndpoint(endpoint, options.ResourceManagerAudience!, AzureAuthorityHosts.AzurePublicCloud);
        }

        return options.Cloud?.ToUpperInvariant() switch
        {
            "AZURECHINACLOUD" => ChinaCloud,
            "AZUREUSGOVERNMENT" => USGovernment,
            _ => PublicCloud,
        };
    }
}
