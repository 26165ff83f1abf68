using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Tests.Model;

public class PortalLinksTests
{
    private const string Cluster = "/subscriptions/6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10/resourceGroups/rg-orders-prod/providers/Microsoft.ContainerService/managedClusters/aks-orders-prod-uks";
    private const string Tenant = "7c1d4a3e-5b2f-4e6a-8d9c-0f1e2d3c4b5a";

    // Issue 16: a link to each cluster and pool in the Azure portal, the sovereign cloud's portal for other clouds.
    public static TheoryData<string?, string?, string> Links => new()
    {
        { null, Tenant, $"https://portal.azure.com/#@{Tenant}/resource{Cluster}" },
        { "AzurePublicCloud", null, $"https://portal.azure.com/#resource{Cluster}" },
        { "AzureChinaCloud", Tenant, $"https://portal.azure.cn/#@{Tenant}/resource{Cluster}" },
        { "AzureUSGovernment", Tenant, $"https://portal.azure.us/#@{Tenant}/resource{Cluster}" },
        { "azureusgovernment", Tenant, $"https://portal.azure.us/#@{Tenant}/resource{Cluster}" },
    };

    [Theory]
    [MemberData(nameof(Links))]
    public void Resource_CloudAndTenant_PortalAddress(string? cloud, string? tenant, string expected) =>
        Assert.Equal(expected, PortalLinks.Resource(Cluster, tenant, cloud));

    [Fact]
    public void Resource_CustomResourceManagerEndpoint_NoLink() =>
        Assert.Null(PortalLinks.Resource(Cluster, Tenant, "AzureStackHub"));

    [Fact]
    public void NodePool_UnderItsCluster() =>
        Assert.Equal($"https://portal.azure.com/#@{Tenant}/resource{Cluster}/agentPools/workers", PortalLinks.NodePool(Cluster, "workers", Tenant, null));
}
