using AksUpgradeDashboard.Azure;
using AksUpgradeDashboard.Configuration;
using Azure.Identity;

namespace AksUpgradeDashboard.Tests.Azure;

/// <summary>Creating a credential sends no request; these tests never ask for a token.</summary>
public class AzureCredentialFactoryTests
{
    [Theory]
    [InlineData("AzureCli", typeof(AzureCliCredential))]
    [InlineData("azurecli", typeof(AzureCliCredential))]
    [InlineData("ManagedIdentity", typeof(ManagedIdentityCredential))]
    [InlineData("WorkloadIdentity", typeof(WorkloadIdentityCredential))]
    [InlineData("Environment", typeof(EnvironmentCredential))]
    [InlineData("Default", typeof(DefaultAzureCredential))]
    public void Create_NamedCredential_GivesThatCredentialOnly(string name, Type expected)
    {
        var credential = AzureCredentialFactory.Create(new AzureOptions { Credential = name, ManagedIdentityClientId = "3b5c8a1e-1f2d-4c3b-9a8e-7d6c5b4a3f21" });

        Assert.IsType(expected, credential);
    }

    [Fact]
    public void Create_UnknownCredential_Throws() =>
        Assert.Throws<InvalidOperationException>(() => AzureCredentialFactory.Create(new AzureOptions { Credential = "Magic" }));

    [Theory]
    [InlineData(null, "https://management.azure.com/", "https://management.azure.com/.default")]
    [InlineData("AzureChinaCloud", "https://management.chinacloudapi.cn/", "https://management.chinacloudapi.cn/.default")]
    [InlineData("AzureUSGovernment", "https://management.usgovcloudapi.net/", "https://management.usgovcloudapi.net/.default")]
    public void ArmEndpoint_Cloud_GivesEndpointAndScope(string? cloud, string endpoint, string scope)
    {
        var arm = ArmEndpoint.From(new AzureOptions { Cloud = cloud });

        Assert.Equal(new Uri(endpoint), arm.Endpoint);
        Assert.Equal(scope, arm.Scope);
    }

    [Fact]
    public void ArmEndpoint_CustomEndpoint_KeepsAudienceForScope()
    {
        var arm = ArmEndpoint.From(new AzureOptions { ResourceManagerEndpoint = "https://127.0.0.1:5001", ResourceManagerAudience = "https://management.azure.com/" });

        Assert.Equal(new Uri("https://127.0.0.1:5001/"), arm.Endpoint);
        Assert.Equal("https://management.azure.com/.default", arm.Scope);
    }
}
