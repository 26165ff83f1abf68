using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>The blackout periods API over a real SQLite file.</summary>
public abstract class BlackoutPeriodsApiTests(TestDatabaseProvider provider)
{
    private const string Url = "/api/v1/blackout-periods";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, object?> Body(string? name = "Year-end freeze", string? start = "2026-12-19T00:00:00+01:00", string? end = "2027-01-04T08:00:00+01:00", Guid? concurrencyStamp = null) => new()
    {
        ["name"] = name,
        ["start"] = start,
        ["end"] = end,
        ["concurrencyStamp"] = concurrencyStamp,
    };

    // Hole: creating, changing or deleting a blackout, and changing the compliance policy, left no trace. Each is now an
    // audit entry (who, when, before and after) in the same tamper-evident chain.
    [Fact]
    public async Task AdminChanges_BlackoutCreatedEditedDeletedAndPolicyChanged_EachAuditedWithBeforeAndAfter()
    {
        await using var factory = new DashboardFactory(provider);
        var ada = factory.CreateClientAs("ada");

        var created = await (await ada.PostAsJsonAsync(Url, Body(), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("id").GetGuid();
        (await ada.PutAsJsonAsync($"{Url}/{id}", Body(name: "Year-end freeze", end: "2027-01-05T08:00:00+01:00", concurrencyStamp: created.GetProperty("concurrencyStamp").GetGuid()), Ct)).EnsureSuccessStatusCode();
        (await ada.DeleteAsync($"{Url}/{id}", Ct)).EnsureSuccessStatusCode();
        (await ada.PutAsJsonAsync("/api/v1/compliance/policy", new { maxDaysBehindLatest = 14, retiringIsCompliant = false, kubernetesMustBeSupported = true }, Ct)).EnsureSuccessStatusCode();
        var verification = await ada.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify", Ct);
        var csv = await ada.GetStringAsync("/api/v1/audit.csv", Ct);

        await using var db = factory.Database.OpenContext();
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.ChainSequence).ToListAsync(Ct);
        Assert.Equal(
            ["BlackoutPeriod Created ada@contoso.example", "BlackoutPeriod Edited ada@contoso.example", "BlackoutPeriod Deleted ada@contoso.example", "CompliancePolicy Edited ada@contoso.example"],
            entries.Select(e => $"{e.Subject} {e.Action} {e.Actor}"));
        Assert.All(entries.Take(3), e => Assert.Equal(id, e.WindowId));
        var edit = AksUpgradeDashboard.Windows.WindowAudit.Read(entries[1].Changes);
        Assert.Equal(["end"], edit.Keys);
        Assert.Equal(new("2027-01-04T07:00:00.0000000+00:00", "2027-01-05T07:00:00.0000000+00:00"), edit["end"]);
        Assert.Equal(new("Year-end freeze", null), AksUpgradeDashboard.Windows.WindowAudit.Read(entries[2].Changes)["name"]);
        var policy = AksUpgradeDashboard.Windows.WindowAudit.Read(entries[3].Changes);
        Assert.Equal(["maxDaysBehindLatest"], policy.Keys);
        Assert.Equal(new("30", "14"), policy["maxDaysBehindLatest"]);
        Assert.True(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(4, verification.GetProperty("entries").GetInt32());
        Assert.Contains(",BlackoutPeriod", csv, StringComparison.Ordinal);
        Assert.Contains(",CompliancePolicy", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ValidPeriod_Returns201WithLocationAndUtcTimes()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs("ada");

        var response = await client.PostAsJsonAsync(Url, Body(name: "  Year-end freeze  "), Ct);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var fetched = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location!, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"{Url}/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("Year-end freeze", created.GetProperty("name").GetString());
        Assert.Equal("2026-12-18T23:00:00+00:00", created.GetProperty("start").GetString());
        Assert.Equal("2027-01-04T07:00:00+00:00", created.GetProperty("end").GetString());
        Assert.NotEqual(Guid.Empty, created.GetProperty("concurrencyStamp").GetGuid());
        Assert.Equal(["id", "name", "start", "end", "concurrencyStamp"], created.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, fetched.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Get_OverlappingPeriods_AllListedOrderedByStart()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs("ada");
        (await client.PostAsJsonAsync(Url, Body(name: "Year-end freeze", start: "2026-12-19T00:00:00Z", end: "2027-01-04T00:00:00Z"), Ct)).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync(Url, Body(name: "Black Friday", start: "2026-11-26T00:00:00Z", end: "2026-11-30T00:00:00Z"), Ct)).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync(Url, Body(name: "Christmas", start: "2026-12-24T00:00:00Z", end: "2026-12-27T00:00:00Z"), Ct)).EnsureSuccessStatusCode();

        var list = await client.GetFromJsonAsync<JsonElement>(Url, Ct);

        Assert.Equal(["Black Friday", "Year-end freeze", "Christmas"], list.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Put_CurrentStamp_SavesAndReturnsANewStamp()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs("ada");
        var created = await (await client.PostAsJsonAsync(Url, Body(), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("id").GetGuid();
        var stamp = created.GetProperty("concurrencyStamp").GetGuid();

        var response = await client.PutAsJsonAsync($"{Url}/{id}", Body(name: "Year-end change freeze", start: "2026-12-20T00:00:00Z", concurrencyStamp: stamp), Ct);
        var updated = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var stored = await client.GetFromJsonAsync<JsonElement>($"{Url}/{id}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Year-end change freeze", updated.GetProperty("name").GetString());
        Assert.Equal(new DateTimeOffset(2026, 12, 20, 0, 0, 0, TimeSpan.Zero), updated.GetProperty("start").GetDateTimeOffset());
        Assert.NotEqual(stamp, updated.GetProperty("concurrencyStamp").GetGuid());
        Assert.Equal(updated.GetProperty("concurrencyStamp").GetGuid(), stored.GetProperty("concurrencyStamp").GetGuid());
        Assert.Equal("Year-end change freeze", stored.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Put_StaleStamp_Returns409AndKeepsTheOtherEdit()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs("ada");
        var created = await (await client.PostAsJsonAsync(Url, Body(), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var url = $"{Url}/{created.GetProperty("id").GetGuid()}";
        var stamp = created.GetProperty("concurrencyStamp").GetGuid();

        var first = await client.PutAsJsonAsync(url, Body(name: "Edited by Alice", concurrencyStamp: stamp), Ct);
        var second = await client.PutAsJsonAsync(url, Body(name: "Edited by Bob", concurrencyStamp: stamp), Ct);
        var stored = await client.GetFromJsonAsync<JsonElement>(url, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("changed by someone else since you loaded it", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Edited by Alice", stored.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Put_WithoutConcurrencyStamp_Returns400NamingTheField()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs("ada");
        var created = await (await client.PostAsJsonAsync(Url, Body(), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        var response = await client.PutAsJsonAsync($"{Url}/{created.GetProperty("id").GetGuid()}", Body(name: "Changed"), Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["concurrencyStamp"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal("Year-end freeze", (await client.GetFromJsonAsync<JsonElement>(Url, Ct))[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task PutAndDelete_UnknownId_Return404()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs("ada");
        var url = $"{Url}/{Guid.NewGuid()}";

        var put = await client.PutAsJsonAsync(url, Body(concurrencyStamp: Guid.NewGuid()), Ct);
        var delete = await client.DeleteAsync(url, Ct);
        var get = await client.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("application/problem+json", delete.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Delete_ExistingPeriod_Returns204AndRemovesIt()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs("ada");
        var created = await (await client.PostAsJsonAsync(Url, Body(), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var url = $"{Url}/{created.GetProperty("id").GetGuid()}";

        var deleted = await client.DeleteAsync(url, Ct);
        var again = await client.DeleteAsync(url, Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>(Url, Ct)).GetArrayLength());
    }

    [Theory]
    [InlineData("", "2026-12-19T00:00:00Z", "2027-01-04T00:00:00Z", "name", "Name is required.")]
    [InlineData("Freeze\nsecond line", "2026-12-19T00:00:00Z", "2027-01-04T00:00:00Z", "name", "Name contains control characters")]
    [InlineData("Freeze", null, "2027-01-04T00:00:00Z", "start", "Start is required.")]
    [InlineData("Freeze", "2026-12-19T00:00:00Z", null, "end", "End is required.")]
    [InlineData("Freeze", "2026-12-19T00:00:00Z", "2026-12-19T01:00:00+01:00", "end", "End must be after start.")]
    [InlineData("Freeze", "2026-01-01T00:00:00Z", "2027-01-02T00:00:01Z", "end", "at most 366 days")]
    public async Task Post_InvalidPeriod_Returns400NamingTheFieldAndSavesNothing(string name, string? start, string? end, string field, string expected)
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs("ada");

        var response = await client.PostAsJsonAsync(Url, Body(name, start, end), Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = problem.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains(expected, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>(Url, Ct)).GetArrayLength());
    }

    [Fact]
    public async Task Post_SeveralInvalidFields_ListsEach()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs("ada");

        var response = await client.PostAsJsonAsync(Url, Body(name: new string('x', 201), start: "2026-12-19T00:00:00Z", end: "2026-12-18T00:00:00Z"), Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["end", "name"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Name is 201 characters long; the limit is 200.", errors.GetProperty("name")[0].GetString());
    }

    [Theory]
    [InlineData("start", "2026-12-19T00:00:00")]
    [InlineData("end", "2027-01-04T00:00")]
    [InlineData("start", "19/12/2026")]
    public async Task Post_TimeWithoutOffset_RefusedNamingTheField(string field, string value)
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs("ada");
        var body = Body(name: "");
        body[field] = value;

        var response = await client.PostAsJsonAsync(Url, body, Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem.GetProperty("errors");
        var message = errors.GetProperty(field)[0].GetString()!;
        Assert.StartsWith(field == "start" ? "Start '" : "End '", message, StringComparison.Ordinal);
        Assert.Contains("is not an ISO 8601 time with an offset", message, StringComparison.Ordinal);
        Assert.Equal(1, errors.GetProperty(field).GetArrayLength());
        Assert.Equal(new[] { "name", field }.Order(StringComparer.Ordinal), errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>(Url, Ct)).GetArrayLength());
    }
}

public sealed class SqliteBlackoutPeriodsApiTests() : BlackoutPeriodsApiTests(TestDatabaseProvider.Sqlite);

public sealed class PostgreSqlBlackoutPeriodsApiTests() : BlackoutPeriodsApiTests(TestDatabaseProvider.PostgreSql);
