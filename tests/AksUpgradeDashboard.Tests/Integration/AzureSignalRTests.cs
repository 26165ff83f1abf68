using System.Net;
using System.Text.Json;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>
/// Blazor circuits through Azure SignalR Service. The service itself cannot be reached from tests: a fake of its
/// server side on 127.0.0.1 (<see cref="FakeAzureSignalRService"/>) takes the app's connections, and what is checked
/// is the app's side, the negotiation that sends the browser to the service.
/// </summary>
public class AzureSignalRTests
{
    private const string AccessKey = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg=";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Negotiate_ConnectionStringSet_SendsTheBrowserToTheServiceWithAToken()
    {
        await using var service = await FakeAzureSignalRService.StartAsync(AccessKey);
        await using var factory = new DashboardFactory().With(AzureSignalRSetup.ConnectionStringKey, $"Endpoint={service.Endpoint};AccessKey={AccessKey};Version=1.0;");
        var client = factory.CreateClient();

        // The SDK refuses to negotiate until its server connections are up; they connect in the background.
        HttpResponseMessage response;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            response = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null, Ct);
        }
        while (response.StatusCode != HttpStatusCode.OK && waited.Elapsed < TimeSpan.FromSeconds(20) && await Delay());
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var body = JsonDocument.Parse(text).RootElement;

        Assert.StartsWith($"{service.Endpoint}/client/?hub=componenthub", body.GetProperty("url").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, body.GetProperty("accessToken").GetString()!.Split('.').Length);
        Assert.False(body.TryGetProperty("connectionToken", out _));
        // The fake records a server connection once its handshake is done, which can be just after negotiate answers.
        waited.Restart();
        while (!service.ConnectedHubs.Any(hub => string.Equals(hub, "componenthub", StringComparison.OrdinalIgnoreCase)) && waited.Elapsed < TimeSpan.FromSeconds(20) && await Delay())
        {
        }

        Assert.Contains(service.ConnectedHubs, hub => string.Equals(hub, "componenthub", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, service.Refused);
    }

    [Fact]
    public async Task ServerConnections_WrongAccessKey_RefusedByTheServiceAndNoBrowserSentThere()
    {
        await using var service = await FakeAzureSignalRService.StartAsync(AccessKey);
        var otherKey = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210abcdefg=";
        await using var factory = new DashboardFactory().With(AzureSignalRSetup.ConnectionStringKey, $"Endpoint={service.Endpoint};AccessKey={otherKey};Version=1.0;");
        var client = factory.CreateClient();

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (service.Refused == 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Delay();
        }

        var response = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null, Ct);

        Assert.True(service.Refused > 0);
        Assert.Empty(service.ConnectedHubs);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Negotiate_NoConnectionString_TheAppServesTheCircuitItself()
    {
        await using var factory = new DashboardFactory();

        var response = await factory.CreateClient().PostAsync("/_blazor/negotiate?negotiateVersion=1", null, Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.TryGetProperty("url", out _));
        Assert.NotEmpty(body.GetProperty("connectionToken").GetString()!);
    }

    [Theory]
    [InlineData("AccessKey=" + AccessKey, "Endpoint=https://<name>.service.signalr.net is missing")]
    [InlineData("Endpoint=ftp://example;AccessKey=" + AccessKey, "Endpoint=https://<name>.service.signalr.net is missing or not an http(s) address")]
    [InlineData("Endpoint=https://contoso.service.signalr.net;Version=1.0", "it has neither AccessKey nor AuthType")]
    public void Start_BadConnectionString_FailsNamingTheKeyWithoutTheAccessKey(string connectionString, string expected)
    {
        using var factory = new DashboardFactory().With(AzureSignalRSetup.ConnectionStringKey, connectionString);

        var critical = StartupTests.StartupErrors(factory);
        Assert.Contains(critical, e => e.Contains($"{AzureSignalRSetup.ConnectionStringKey} is not a valid Azure SignalR connection string: {expected}", StringComparison.Ordinal));
        Assert.DoesNotContain(critical, e => e.Contains(AccessKey, StringComparison.Ordinal));
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100, Ct);
        return true;
    }
}
