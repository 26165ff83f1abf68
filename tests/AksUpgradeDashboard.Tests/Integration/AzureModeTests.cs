using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.ArmEmulator;
using AksUpgradeDashboard.Tests.Shared;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Emulator = AksUpgradeDashboard.ArmEmulator.ArmEmulator;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>The whole app with <c>Inventory:Source=Azure</c>, reading the local ARM emulator over HTTPS.</summary>
public class AzureModeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task App_AzureSource_ServesTheFleetReadFromArm()
    {
        // Arrange
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        await using var factory = AzureFactory(emulator);
        var client = factory.CreateClient();

        // Act
        var subscriptions = await client.GetFromJsonAsync<JsonElement>("/api/v1/subscriptions", Ct);
        var pools = await client.GetFromJsonAsync<JsonElement>("/api/v1/pools", Ct);
        var inventory = await client.GetFromJsonAsync<JsonElement>("/api/v1/inventory", Ct);
        var overview = await client.GetStringAsync("/", Ct);

        // Assert
        Assert.Equal("Azure", inventory.GetProperty("source").GetString());
        Assert.Equal(5, subscriptions.GetArrayLength());
        Assert.Equal("AuthorizationFailed", subscriptions.EnumerateArray().Single(s => s.GetProperty("error").ValueKind != JsonValueKind.Null).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(81, pools.GetArrayLength());
        Assert.Contains(pools.EnumerateArray(), p => p.GetProperty("status").GetString() == "Unsupported");
        Assert.DoesNotContain("sample fleet", overview, StringComparison.OrdinalIgnoreCase);
        Assert.All(emulator.Requests, r => Assert.Equal("Bearer test-token", r.Authorization));
    }

    [Fact]
    public async Task RefreshEndpoint_Post_StartsOneRefreshAndAnswersAccepted()
    {
        await using var emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(AzureTestSetup.SampleFleetPath), cancellationToken: Ct);
        await using var factory = AzureFactory(emulator);
        var client = factory.CreateClient();
        await client.GetFromJsonAsync<JsonElement>("/api/v1/inventory", Ct);
        emulator.ClearRequests();
        emulator.Options.Latency = TimeSpan.FromMilliseconds(200);

        var first = await client.PostAsync("/api/v1/inventory/refresh", null, Ct);
        var second = await client.PostAsync("/api/v1/inventory/refresh", null, Ct);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>(Ct);
        await WaitUntilAsync(async () => !(await client.GetFromJsonAsync<JsonElement>("/api/v1/inventory", Ct)).GetProperty("refreshing").GetBoolean());

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("/api/v1/inventory", first.Headers.Location?.OriginalString);
        Assert.True(body.GetProperty("refreshing").GetBoolean());
        // Two overlapping requests, one refresh: the subscriptions list was read once.
        Assert.Equal(1, emulator.Requests.Count(r => r.Path.Equals("/subscriptions", StringComparison.OrdinalIgnoreCase)));
    }

    // The demo people in front of the Azure inventory: allowed here on purpose (the emulator's fleet).
    private static DashboardFactory AzureFactory(Emulator emulator) => new DashboardFactory()
        .With("Inventory:Source", "Azure")
        .With("Authentication:AllowLocalOutsideDevelopment", "true")
        .With("Azure:Credential", "AzureCli")
        .With("Azure:ResourceManagerEndpoint", emulator.BaseUri.ToString())
        .With("Azure:ResourceManagerAudience", AzureTestSetup.ArmAudience)
        .WithServices(services =>
        {
            // The only fakes: the credential, and the transport's trust in the emulator's self-signed certificate.
            services.RemoveAll<TokenCredential>();
            services.AddSingleton<TokenCredential>(new FakeTokenCredential());
            services.AddSingleton<HttpPipelineTransport>(new HttpClientTransport(emulator.CreateTrustingHandler()));
        });

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in 20 s");
            await Task.Delay(50, Ct);
        }
    }
}
