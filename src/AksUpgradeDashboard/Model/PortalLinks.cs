namespace AksUpgradeDashboard.Model;

/// <summary>Addresses of resources in the Azure portal of their cloud. Pure.</summary>
public static class PortalLinks
{
    /// <summary>
    /// <c>https://portal.azure.com/#@{tenant}/resource{id}</c>, or the sovereign cloud's portal; null for a cloud whose
    /// portal is not known here (an ARM endpoint configured by hand). Without a tenant the portal uses the person's default directory.
    /// </summary>
    public static string? Resource(string resourceId, string? tenantId, string? cloud)
    {
        var portal = (cloud ?? "AzurePublicCloud").ToUpperInvariant() switch
        {
            "AZUREPUBLICCLOUD" => "https://portal.azure.com",
            "AZURECHINACLOUD" => "https://portal.azure.cn",
            "AZUREUSGOVERNMENT" => "https://portal.azure.us",
            _ => null,
        };
        return portal is null ? null : $"{portal}/#{(tenantId is { Length: > 0 } ? $"@{tenantId}/" : "")}resource{resourceId}";
    }

    public static string? NodePool(string clusterId, string poolName, string? tenantId, string? cloud) =>
        Resource($"{clusterId}/agentPools/{poolName}", tenantId, cloud);
}
