using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Tests.Shared;
using AksUpgradeDashboard.Windows;
using Microsoft.EntityFrameworkCore;
using Calendar = Ical.Net.Calendar;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>
/// Issue 17: the README said Outlook and Google Calendar could subscribe to the iCalendar feed, but it needed a signed-in
/// browser. A personal feed address works without credentials, lists what its owner chose, and stops when revoked.
/// </summary>
public abstract class CalendarFeedTests(TestDatabaseProvider provider)
{
    private const string Production = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Actor s_paul = new("paul@contoso.example", "Paul Platform-lead");

    [Fact]
    public async Task Feed_ReadWithoutCredentials_ListsUpcomingWindowsWithAbsoluteLinks()
    {
        await using var factory = new DashboardFactory(provider);
        var id = await PlanAsync(factory.CreateClientAs("olivia"), "Payments API node image", "2026-12-05T22:00:00+01:00");
        var token = await CreateFeedAsync(factory, s_paul, CalendarFeedScope.All);
        var anonymous = factory.CreateClientAs(null);

        var response = await anonymous.GetAsync($"/api/v1/calendar/{token}.ics", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var calendar = Calendar.Load(await response.Content.ReadAsStringAsync(Ct))!;
        var ev = Assert.Single(calendar.Events);
        Assert.Equal($"{id}@aks-upgrade-dashboard", ev.Uid);
        Assert.Contains($"Open: http://localhost/windows/{id}", ev.Description, StringComparison.Ordinal);
        Assert.Equal(new Uri($"http://localhost/windows/{id}"), ev.Url);

        // The signed-in feed needs credentials, as before: only the personal address is open.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/windows.ics", Ct)).StatusCode);
    }

    [Fact]
    public async Task Feed_OnlyMine_ListsOnlyTheOwnersWindows()
    {
        await using var factory = new DashboardFactory(provider);
        var paulsWindow = await PlanAsync(factory.CreateClientAs("paul"), "Paul's window", "2026-12-05T22:00:00+01:00");
        await PlanAsync(factory.CreateClientAs("olivia"), "Olivia's window", "2026-12-12T22:00:00+01:00");
        var token = await CreateFeedAsync(factory, s_paul, CalendarFeedScope.Mine);

        var calendar = Calendar.Load(await factory.CreateClientAs(null).GetStringAsync($"/api/v1/calendar/{token}.ics", Ct))!;

        Assert.Equal([$"{paulsWindow}@aks-upgrade-dashboard"], calendar.Events.Select(e => e.Uid));
    }

    [Fact]
    public async Task Feed_RevokedUnknownOrMalformed_NotFoundAndNothingListed()
    {
        await using var factory = new DashboardFactory(provider);
        await PlanAsync(factory.CreateClientAs("olivia"), "Payments API node image", "2026-12-05T22:00:00+01:00");
        var token = await CreateFeedAsync(factory, s_paul, CalendarFeedScope.All);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var feeds = scope.ServiceProvider.GetRequiredService<CalendarFeedService>();
            var feed = Assert.Single(await feeds.ListAsync(s_paul, Ct));
            Assert.False(await feeds.RevokeAsync(feed.Id, new Actor("olivia@contoso.example", "Olivia"), Ct)); // not hers
            Assert.True(await feeds.RevokeAsync(feed.Id, s_paul, Ct));
        }

        var anonymous = factory.CreateClientAs(null);
        foreach (var path in new[] { $"/api/v1/calendar/{token}.ics", "/api/v1/calendar/cal_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", "/api/v1/calendar/not-a-token.ics" })
        {
            var response = await anonymous.GetAsync(path, Ct);
            Assert.True(HttpStatusCode.NotFound == response.StatusCode, $"{path}: {response.StatusCode}");
            Assert.DoesNotContain("BEGIN:VCALENDAR", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Create_TokenStoredOnlyAsItsHash_AndAtMostFiveActivePerPerson()
    {
        await using var factory = new DashboardFactory(provider);
        var tokens = new List<string>();
        for (var i = 0; i < CalendarFeedService.MaxActivePerPerson; i++)
        {
            tokens.Add(await CreateFeedAsync(factory, s_paul, CalendarFeedScope.All));
        }

        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<CalendarFeedService>().CreateAsync(s_paul, CalendarFeedScope.All, Ct));
        await using var db = factory.Database.OpenContext();
        var stored = await db.CalendarFeeds.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(CalendarFeedService.MaxActivePerPerson, stored.Count);
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, t => Assert.True(t.Length >= 40, t));
        Assert.All(stored, f => Assert.DoesNotContain(f.TokenHash, tokens));
        Assert.All(stored, f => Assert.Matches("^[0-9a-f]{64}$", f.TokenHash));
    }

    [Fact]
    public async Task Feed_ReadTooOftenFromOneAddress_429WithRetryAfter()
    {
        await using var factory = new DashboardFactory(provider);
        var token = await CreateFeedAsync(factory, s_paul, CalendarFeedScope.All);
        var anonymous = factory.CreateClientAs(null);
        for (var i = 0; i < AksUpgradeDashboard.Api.RateLimits.CalendarFeedReadsPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/calendar/{token}.ics", Ct)).StatusCode);
        }

        var refused = await anonymous.GetAsync($"/api/v1/calendar/{token}.ics", Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("calendar feed", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task<string> CreateFeedAsync(DashboardFactory factory, Actor owner, CalendarFeedScope scope)
    {
        await using var services = factory.Services.CreateAsyncScope();
        var created = await services.ServiceProvider.GetRequiredService<CalendarFeedService>().CreateAsync(owner, scope, Ct);
        return Assert.IsType<NewCalendarFeed>(created).Token;
    }

    private static async Task<Guid> PlanAsync(HttpClient client, string title, string start)
    {
        var begin = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
        var response = await client.PostAsJsonAsync("/api/v1/windows", new
        {
            title,
            subscriptionId = Production,
            resourceGroup = "rg-payments-prod",
            cluster = "aks-payments-prod-weu",
            nodePools = new[] { "api" },
            kind = "NodeImage",
            target = (string?)null,
            start,
            end = begin.AddHours(6).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            timeZone = "Europe/Amsterdam",
        }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }
}

public sealed class SqliteCalendarFeedTests() : CalendarFeedTests(TestDatabaseProvider.Sqlite);

public sealed class PostgreSqlCalendarFeedTests() : CalendarFeedTests(TestDatabaseProvider.PostgreSql);
