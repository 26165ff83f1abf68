using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>Issue 18: a three-wave rollout through the API, on the sample fleet: proposal, save, waves decided, the gate, a waiver, cancel.</summary>
public abstract class RolloutsApiTests(TestDatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The retail team's pools to the latest node image: its two dev clusters first, then eastus2, then the rest of prod.
    private static object Request(string name = "Retail node images") => new
    {
        name,
        kind = "NodeImage",
        target = (string?)null,
        query = "tag=team%3Dretail",
        timeZone = "Europe/Amsterdam",
        windowHours = 4,
        waves = new object[]
        {
            new { name = "dev", ruleKind = "Tag", ruleValue = "env=dev", durationDays = 2, maxConcurrentClusters = 2, soakDays = 1 },
            new { name = "web", ruleKind = "Region", ruleValue = "eastus2", durationDays = 14, maxConcurrentClusters = 1, soakDays = 1 },
            new { name = "prod", ruleKind = "Tag", ruleValue = "env=prod", durationDays = 28, maxConcurrentClusters = 2, soakDays = 0 },
        },
    };

    [Fact]
    public async Task Proposal_ThreeWaves_WindowsPerWaveAndNothingSaved()
    {
        await using var factory = new DashboardFactory(provider);
        var olivia = factory.CreateClientAs("olivia");

        var response = await olivia.PostAsJsonAsync("/api/v1/rollouts/proposal", Request(), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var proposal = JsonDocument.Parse(body).RootElement;
        var list = await olivia.GetFromJsonAsync<JsonElement>("/api/v1/rollouts", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, proposal.GetProperty("waves").GetArrayLength());
        Assert.All(proposal.GetProperty("waves").EnumerateArray(), w => Assert.NotEmpty(w.GetProperty("windows").EnumerateArray()));
        Assert.Empty(list.EnumerateArray());
    }
}

public sealed class SqliteRolloutsApiTests() : RolloutsApiTests(TestDatabaseProvider.Sqlite);

public sealed class PostgreSqlRolloutsApiTests() : RolloutsApiTests(TestDatabaseProvider.PostgreSql);
