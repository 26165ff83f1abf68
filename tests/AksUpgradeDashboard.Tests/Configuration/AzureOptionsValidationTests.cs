using AksUpgradeDashboard.Configuration;

namespace AksUpgradeDashboard.Tests.Configuration;

public class AzureOptionsValidationTests
{
    [Fact]
    public void Validate_SampleInventory_SkipsAzureSection()
    {
        var result = Validator(InventoryOptions.SampleSource).Validate(null, new AzureOptions { Credential = "Nonsense" });

        Assert.True(result.Skipped);
    }

    [Fact]
    public void Validate_MinimalAzureSettings_Succeed()
    {
        var result = Validator().Validate(null, new AzureOptions { Credential = "AzureCli" });

        Assert.True(result.Succeeded, string.Join(" ", result.Failures ?? []));
    }

    public static TheoryData<Action<AzureOptions>, string> BadSettings => new()
    {
        { o => o.Credential = null, "Azure:Credential is required when Inventory:Source is Azure. Use one of AzureCli, ManagedIdentity, WorkloadIdentity, Environment, Default." },
        { o => o.Credential = "ClientSecret", "Azure:Credential 'ClientSecret' is not recognised. Use one of AzureCli, ManagedIdentity, WorkloadIdentity, Environment, Default." },
        { o => o.Cloud = "AzureGermany", "Azure:Cloud 'AzureGermany' is not recognised. Use one of AzurePublicCloud, AzureChinaCloud, AzureUSGovernment, or set Azure:ResourceManagerEndpoint and Azure:ResourceManagerAudience." },
        { o => o.ResourceManagerEndpoint = "https://arm.contoso.local", "Azure:ResourceManagerAudience is required when Azure:ResourceManagerEndpoint is set." },
        { o => o.ResourceManagerAudience = "https://arm.contoso.local/", "Azure:ResourceManagerEndpoint is required when Azure:ResourceManagerAudience is set." },
        { o => { o.ResourceManagerEndpoint = "http://arm.contoso.local"; o.ResourceManagerAudience = "https://arm.contoso.local/"; }, "Azure:ResourceManagerEndpoint 'http://arm.contoso.local' must be an absolute https URL (bearer tokens are only sent over TLS)." },
        { o => { o.ResourceManagerEndpoint = "https://arm.contoso.local"; o.ResourceManagerAudience = "https://arm.contoso.local/"; o.Cloud = "AzureChinaCloud"; }, "Set either Azure:Cloud or Azure:ResourceManagerEndpoint with Azure:ResourceManagerAudience, not both." },
        { o => o.TenantId = "not a tenant", "Azure:TenantId 'not a tenant' must be a tenant id (GUID) or a domain such as contoso.onmicrosoft.com." },
        { o => o.ManagedIdentityClientId = "my-identity", "Azure:ManagedIdentityClientId 'my-identity' must be a client id (GUID)." },
        { o => o.Subscriptions = ["6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10", "production"], "Azure:Subscriptions:1 'production' must be a subscription id (GUID)." },
        { o => o.ApiVersions.ManagedClusters = "latest", "Azure:ApiVersions:ManagedClusters 'latest' is not an api-version such as 2025-10-01 or 2026-05-02-preview." },
        { o => o.ApiVersions.NodeImageVersions = "2026-05-02-beta", "Azure:ApiVersions:NodeImageVersions '2026-05-02-beta' is not an api-version such as 2025-10-01 or 2026-05-02-preview." },
        { o => o.RequestTimeout = TimeSpan.FromMinutes(10), "Azure:RequestTimeout must be between 00:00:01 and 00:05:00 (was 00:10:00)." },
        { o => o.MaxRetries = 11, "Azure:MaxRetries must be between 0 and 10 (was 11)." },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Validate_BadSetting_NamesTheKey(Action<AzureOptions> change, string expected)
    {
        var options = new AzureOptions { Credential = "AzureCli" };
        change(options);

        var result = Validator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.Failures!);
    }

    [Theory]
    [InlineData("72f988bf-86f1-41af-91ab-2d7cd011db47")]
    [InlineData("contoso.onmicrosoft.com")]
    public void Validate_TenantIdOrDomain_Accepted(string tenant) =>
        Assert.True(Validator().Validate(null, new AzureOptions { Credential = "AzureCli", TenantId = tenant }).Succeeded);

    private static ValidateAzureOptions Validator(string source = InventoryOptions.AzureSource) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Inventory:Source"] = source }).Build());
}
