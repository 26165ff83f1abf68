using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Tests.Shared;
using CsvHelper;
using Ical.Net;
using AksUpgradeDashboard.Data;
using Microsoft.EntityFrameworkCore;
using Calendar = Ical.Net.Calendar;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>The calendar feed, .ics, CSV, runbook and OpenAPI exports over a real SQLite file; the clock is fixed at the reference day.</summary>
public abstract class WindowExportsTests(TestDatabaseProvider provider)
{
    private const string Production = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";
    private const string Cluster = "aks-payments-prod-weu";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Body(string title = "Payments API node image", string start = "2026-12-05T22:00:00+01:00", string end = "2026-12-06T04:00:00+01:00", string? notes = "Call the on-call first, then; start.") => new
    {
        title,
        subscriptionId = Production,
        resourceGroup = "rg-payments-prod",
        cluster = Cluster,
        nodePools = new[] { "api" },
        kind = "NodeImage",
        target = (string?)null,
        start,
        end,
        timeZone = "Europe/Amsterdam",
        notes,
    };

    private static async Task<Guid> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/windows", body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    // Sets a state the API would need several people and steps to reach.
    private static async Task UpdateAsync(DashboardFactory factory, Guid id, Action<UpgradeWindowEntity> change)
    {
        await using var db = factory.Database.OpenContext();
        change(await db.Windows.SingleAsync(w => w.Id == id, Ct));
        Assert.Equal(1, await db.SaveChangesAsync(Ct));
    }

    private static async Task<Calendar> FeedAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/api/v1/windows.ics", Ct);
        return Calendar.Load(text) ?? throw new InvalidOperationException("The feed did not parse.");
    }

    [Fact]
    public async Task Feed_TwoWindows_ParsesBackWithUidUtcTimesSummaryAndTentativeStatus()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        var first = await CreateAsync(client, Body());
        var second = await CreateAsync(client, Body(title: "Second", start: "2026-12-12T22:00:00+01:00", end: "2026-12-13T04:00:00+01:00"));

        var response = await client.GetAsync("/api/v1/windows.ics", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var calendar = Calendar.Load(text)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text, StringComparison.Ordinal);
        Assert.Equal("AKS upgrade windows", calendar.Properties["X-WR-CALNAME"]?.Value);
        Assert.Contains("AKS Upgrade Dashboard", calendar.ProductId, StringComparison.Ordinal);
        Assert.Equal([$"{first}@aks-upgrade-dashboard", $"{second}@aks-upgrade-dashboard"], calendar.Events.Select(e => e.Uid));
        var ev = calendar.Events.Single(e => e.Uid == $"{first}@aks-upgrade-dashboard");
        Assert.True(ev.DtStart!.IsUtc);
        Assert.True(ev.DtEnd!.IsUtc);
        Assert.Equal(new DateTime(2026, 12, 5, 21, 0, 0, DateTimeKind.Utc), ev.DtStart.AsUtc);
        Assert.Equal(new DateTime(2026, 12, 6, 3, 0, 0, DateTimeKind.Utc), ev.DtEnd.AsUtc);
        Assert.Contains("DTSTART:20261205T210000Z", text, StringComparison.Ordinal);
        Assert.Equal($"Payments API node image (NodeImage, {Cluster})", ev.Summary);
        Assert.Equal(EventStatus.Tentative, ev.Status);
        Assert.Equal(TestFleet.Now.UtcDateTime, ev.LastModified!.AsUtc);
        Assert.Contains("Status: Draft", ev.Description, StringComparison.Ordinal);
        Assert.Contains("Pools: api", ev.Description, StringComparison.Ordinal);
        Assert.Contains("Call the on-call first, then; start.", ev.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feed_TitleWithCommaSemicolonAndNewline_IsEscapedAndRoundTrips()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        await CreateAsync(client, Body(title: "a, b; c\nd", notes: "x, y;\nz\\w"));

        var text = await client.GetStringAsync("/api/v1/windows.ics", Ct);
        var ev = Assert.Single(Calendar.Load(text)!.Events);

        Assert.Contains(@"SUMMARY:a\, b\; c\nd (NodeImage\, aks-payments-prod-weu)", text, StringComparison.Ordinal);
        Assert.Equal($"a, b; c\nd (NodeImage, {Cluster})", ev.Summary);
        Assert.Contains("x, y;\nz\\w", ev.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feed_StatusesInTheDatabase_ApprovedConfirmedAndCancelledOrRejectedLeftOut()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        var approved = await CreateAsync(client, Body(title: "Approved"));
        var cancelled = await CreateAsync(client, Body(title: "Cancelled", start: "2026-12-12T22:00:00+01:00", end: "2026-12-13T04:00:00+01:00"));
        var rejected = await CreateAsync(client, Body(title: "Rejected", start: "2026-12-19T22:00:00+01:00", end: "2026-12-20T04:00:00+01:00"));
        await UpdateAsync(factory, approved, w => w.Status = WindowStatus.Approved);
        await UpdateAsync(factory, cancelled, w => w.Status = WindowStatus.Cancelled);
        await UpdateAsync(factory, rejected, w => w.Status = WindowStatus.Rejected);

        var calendar = await FeedAsync(client);

        var ev = Assert.Single(calendar.Events);
        Assert.Equal($"{approved}@aks-upgrade-dashboard", ev.Uid);
        Assert.Equal(EventStatus.Confirmed, ev.Status);
    }

    [Fact]
    public async Task Feed_WindowHasEnded_IsLeftOut()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        await CreateAsync(client, Body());

        factory.Time.Advance(TimeSpan.FromDays(30));
        var calendar = await FeedAsync(client);

        Assert.Empty(calendar.Events);
    }

    [Fact]
    public async Task SingleIcs_ExistingWindow_ReturnsOneEventAsAttachment()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        var id = await CreateAsync(client, Body());
        await CreateAsync(client, Body(title: "Other", start: "2026-12-12T22:00:00+01:00", end: "2026-12-13T04:00:00+01:00"));

        var response = await client.GetAsync($"/api/v1/windows/{id}.ics", Ct);
        var calendar = Calendar.Load(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"upgrade-window-20261205-{Cluster}.ics", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var ev = Assert.Single(calendar.Events);
        Assert.Equal($"{id}@aks-upgrade-dashboard", ev.Uid);
        Assert.Equal(new DateTime(2026, 12, 5, 21, 0, 0, DateTimeKind.Utc), ev.DtStart!.AsUtc);
    }

    [Fact]
    public async Task SingleIcs_UnknownWindow_Returns404Problem()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();

        var response = await client.GetAsync($"/api/v1/windows/{Guid.NewGuid()}.ics", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Csv_TwoWindows_HeaderAndOneRowEachWithFormulaEscaped()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        var id = await CreateAsync(client, Body(title: "=HYPERLINK(\"http://evil\")", notes: "line 1\nline 2, with comma"));
        await CreateAsync(client, Body(title: "Second", start: "2026-12-12T22:00:00+01:00", end: "2026-12-13T04:00:00+01:00"));

        var response = await client.GetAsync("/api/v1/windows.csv", Ct);
        using var reader = new StringReader(await response.Content.ReadAsStringAsync(Ct));
        using var csv = new CsvParser(reader, CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (await csv.ReadAsync())
        {
            rows.Add(csv.Record!);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=\"aks-upgrade-windows-20261125-1200.csv\"", response.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal(
            ["id", "title", "subscriptionId", "resourceGroup", "cluster", "nodePools", "allPools", "kind", "target", "start", "end", "timeZone", "status", "revision", "createdBy", "createdAt", "notes", "createdByName"],
            rows[0]);
        Assert.Equal(3, rows.Count);
        var row = rows[0].Zip(rows[1]).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(id.ToString(), row["id"]);
        Assert.StartsWith("'=", row["title"], StringComparison.Ordinal);
        Assert.Equal("api", row["nodePools"]);
        Assert.Equal("2026-12-05T21:00:00Z", row["start"]);
        Assert.Equal("2026-12-06T03:00:00Z", row["end"]);
        Assert.Equal("2026-11-25T12:00:00Z", row["createdAt"]);
        Assert.Equal("Draft", row["status"]);
        Assert.Equal("line 1\nline 2, with comma", row["notes"]);
        Assert.Equal("paul@contoso.example", row["createdBy"]);
        Assert.Equal("Paul Platform-lead", row["createdByName"]);
        Assert.Equal("Second", rows[2][1]);
    }

    [Fact]
    public async Task Runbook_NodeImageWindow_ReturnsPlainTextWithUpgradeCommand()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        var id = await CreateAsync(client, Body());

        var response = await client.GetAsync($"/api/v1/windows/{id}/runbook", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("# Payments API node image: node image upgrade on aks-payments-prod-weu", text, StringComparison.Ordinal);
        Assert.Contains("az aks nodepool upgrade --resource-group rg-payments-prod --cluster-name aks-payments-prod-weu --name api --node-image-only", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runbook_ClusterGoneFromInventoryOrUnknownWindow_Returns409Or404()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();
        var id = await CreateAsync(client, Body());
        await UpdateAsync(factory, id, w => w.ClusterName = "aks-decommissioned");

        var gone = await client.GetAsync($"/api/v1/windows/{id}/runbook", Ct);
        var problem = await gone.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var unknown = await client.GetAsync($"/api/v1/windows/{Guid.NewGuid()}/runbook", Ct);

        Assert.Equal(HttpStatusCode.Conflict, gone.StatusCode);
        Assert.Equal("The cluster is no longer in the inventory.", problem.GetProperty("title").GetString());
        Assert.Contains("aks-decommissioned", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_ListsWindowsAndPoolsOperations()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/v1/pools", paths);
        Assert.Contains("/api/v1/windows/{id}", paths);
        Assert.Contains("/api/v1/windows.ics", paths);
        Assert.Contains("/api/v1/windows.csv", paths);
        Assert.Contains("/api/v1/windows/{id}/runbook", paths);
        Assert.Contains(paths, p => p.TrimEnd('/') == "/api/v1/windows");
    }
}

public sealed class SqliteWindowExportsTests() : WindowExportsTests(TestDatabaseProvider.Sqlite);

public sealed class PostgreSqlWindowExportsTests() : WindowExportsTests(TestDatabaseProvider.PostgreSql);
