using AksUpgradeDashboard.Configuration;
using Microsoft.Extensions.Options;
using System.Globalization;
using System.Text;
using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Calendar = Ical.Net.Calendar;

namespace AksUpgradeDashboard.Api;

/// <summary>
/// Read-only exports of the upgrade windows: an iCalendar feed that Outlook and Google Calendar can subscribe to,
/// one window as an .ics file, the list as CSV, and a window's runbook as plain text.
/// </summary>
public static class WindowExports
{
    private const string CalendarContentType = "text/calendar";
    private const string UidSuffix = "@aks-upgrade-dashboard";

    public static IEndpointRouteBuilder MapWindowExports(this IEndpointRouteBuilder e)
    {
        var api = e.MapGroup("/api/v1").WithTags("Upgrade windows").RequireAuthorization(DashboardPolicies.Read);

        api.MapGet("/windows.ics", async (HttpContext context, UpgradeWindowService windows, TimeProvider time, CancellationToken ct) =>
            TypedResults.Text(await FeedAsync(windows, time, BaseUri(context), _ => true, ct), CalendarContentType, Encoding.UTF8))
            .Produces<string>(StatusCodes.Status200OK, CalendarContentType);

        // A personal feed for calendar apps, which cannot sign in: the token in the URL is the credential. Unknown and
        // revoked tokens get the same bare 404; requests are limited per client address.
        e.MapGet("/api/v1/calendar/{token}.ics", async Task<Results<ContentHttpResult, NotFound>> (
            string token, HttpContext context, CalendarFeedService feeds, UpgradeWindowService windows, TimeProvider time, CancellationToken ct) =>
        {
            if (await feeds.FindActiveAsync(token, ct) is not { } feed)
            {
                return TypedResults.NotFound();
            }

            var owner = CalendarFeedService.OwnerOf(feed);
            var text = await FeedAsync(windows, time, BaseUri(context), w => feed.Scope == CalendarFeedScope.All || UpgradeWindowService.IsMine(w, owner), ct);
            context.Response.Headers.CacheControl = "private, no-cache";
            context.Response.Headers["X-Robots-Tag"] = "noindex";
            return TypedResults.Text(text, CalendarContentType, Encoding.UTF8);
        }).AllowAnonymous().RequireRateLimiting(RateLimits.CalendarFeed).WithTags("Upgrade windows").Produces<string>(StatusCodes.Status200OK, CalendarContentType);

        // A complex segment: the guid constraint applies to the part before the literal ".ics".
        api.MapGet("/windows/{id:guid}.ics", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (Guid id, HttpContext context, UpgradeWindowService windows, TimeProvider time, CancellationToken ct) =>
        {
            if (await windows.FindAsync(id, ct) is not { } w)
            {
                return NotFound(id);
            }

            var calendar = NewCalendar();
            calendar.Events.Add(ToEvent(w, time.GetUtcNow(), BaseUri(context)));
            var fileName = $"upgrade-window-{w.StartUtc:yyyyMMdd}-{w.ClusterName}.ics";
            return TypedResults.File(Encoding.UTF8.GetBytes(Serialize(calendar)), $"{CalendarContentType}; charset=utf-8", fileName);
        }).Produces<string>(StatusCodes.Status200OK, CalendarContentType);

        api.MapGet("/windows.csv", async (HttpContext context, UpgradeWindowService windows, TimeProvider time, CancellationToken ct) =>
        {
            var list = await windows.ListAsync(null, null, ct);
            await CsvExport.WriteAsync(context, "aks-upgrade-windows", list.Select(WindowCsvRow.From), time, ct);
            return TypedResults.Empty;
        }).Produces<string>(StatusCodes.Status200OK, "text/csv");

        // The audit trail as CSV: all windows, or one with ?window={id}. Rows are never edited, so this is the record.
        api.MapGet("/audit.csv", async (HttpContext context, Guid? window, WindowAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var entries = await audit.ListAsync(window, ct);
            await CsvExport.WriteAsync(context, "aks-upgrade-audit", entries.Select(e => new AuditCsvRow(e.At, e.WindowId, e.WindowTitle, e.Actor, e.Action.ToString(), e.Revision, e.Changes, e.Comment, e.Subject.ToString(), e.ActorDisplay)), time, ct);
            return TypedResults.Empty;
        }).Produces<string>(StatusCodes.Status200OK, "text/csv");

        // Walks the audit trail's hash chain: any entry rewritten, removed or inserted behind the app's back is named.
        api.MapGet("/audit/verify", async (AuditChainVerifier verifier, CancellationToken ct) =>
            TypedResults.Ok(await verifier.VerifyAsync(ct)))
            .RequireAuthorization(DashboardPolicies.Administer);

        api.MapGet("/windows/{id:guid}/runbook", async Task<Results<ContentHttpResult, ProblemHttpResult>> (Guid id, UpgradeWindowService windows, InventoryStore store, OsCatalog catalog, CancellationToken ct) =>
        {
            if (await windows.FindAsync(id, ct) is not { } w)
            {
                return NotFound(id);
            }

            if (await ApiResults.LoadedFleetAsync(store, ct) is not { } fleet)
            {
                return TypedResults.Problem(
                    title: "The inventory is not available yet.",
                    detail: store.LastRefreshError ?? "The first inventory load has not finished. Try again shortly.",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var (plan, missing) = WindowPlans.ToPlan(w, fleet);
            if (plan is null)
            {
                return TypedResults.Problem(
                    title: "The cluster is no longer in the inventory.",
                    detail: $"{missing} No runbook can be generated until the window is moved to a cluster that exists.",
                    statusCode: StatusCodes.Status409Conflict);
            }

            return TypedResults.Text(RunbookGenerator.Generate(plan, catalog).ToText(), "text/plain", Encoding.UTF8);
        }).Produces<string>(StatusCodes.Status200OK, "text/plain");

        return e;
    }

    // ---- iCalendar -----------------------------------------------------------------------------------------------

    private static Calendar NewCalendar()
    {
        var calendar = new Calendar { ProductId = "-//AKS Upgrade Dashboard//Upgrade windows//EN", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", "AKS upgrade windows");
        calendar.AddProperty("X-WR-CALDESC", "Planned AKS node pool upgrade windows");
        // A hint to subscribing clients (Outlook honours it) to refresh hourly.
        calendar.AddProperty("X-PUBLISHED-TTL", "PT1H");
        return calendar;
    }

    // The feed: windows that have not ended yet and still hold their slot (cancelled and rejected ones drop out, so a
    // subscribed calendar removes them on its next refresh).
    private static async Task<string> FeedAsync(UpgradeWindowService windows, TimeProvider time, string baseUri, Func<UpgradeWindowEntity, bool> listed, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var calendar = NewCalendar();
        foreach (var w in (await windows.ListAsync(now.UtcDateTime, null, ct)).Where(w => w.Status is not (WindowStatus.Cancelled or WindowStatus.Rejected) && listed(w)))
        {
            calendar.Events.Add(ToEvent(w, now, baseUri));
        }

        return Serialize(calendar);
    }

    // Links in a calendar app must be absolute: Dashboard:PublicUrl when set, else the address of the request (behind a
    // proxy, the forwarded headers make that the public address).
    private static string BaseUri(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<DashboardOptions>>().Value.PublicBaseUrl
        ?? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";

    private static CalendarEvent ToEvent(UpgradeWindowEntity w, DateTimeOffset now, string baseUri) => new()
    {
        Uid = $"{w.Id}{UidSuffix}",
        DtStart = new CalDateTime(w.Start.UtcDateTime, true),
        DtEnd = new CalDateTime(w.End.UtcDateTime, true),
        DtStamp = new CalDateTime(now.UtcDateTime, true),
        Created = new CalDateTime(w.CreatedAt.UtcDateTime, true),
        LastModified = new CalDateTime(UpgradeWindowEntity.AsUtc(w.UpdatedAtUtc ?? w.CreatedAtUtc).UtcDateTime, true),
        // Revision starts at 1; SEQUENCE at 0. A higher SEQUENCE tells calendar clients the event was rescheduled.
        Sequence = Math.Max(0, w.Revision - 1),
        Summary = $"{w.Title} ({w.Kind}, {w.ClusterName})",
        Description = Description(w, baseUri),
        Url = new Uri($"{baseUri}/windows/{w.Id}"),
        Status = EventStatusOf(w.Status),
        // An upgrade window does not make the people who run it busy for its whole length.
        Transparency = TransparencyType.Transparent,
    };

    private static string EventStatusOf(WindowStatus status) => status switch
    {
        WindowStatus.Draft or WindowStatus.Submitted => EventStatus.Tentative,
        WindowStatus.Cancelled or WindowStatus.Rejected => EventStatus.Cancelled,
        _ => EventStatus.Confirmed,
    };

    private static string Description(UpgradeWindowEntity w, string baseUri)
    {
        var text = new StringBuilder();
        text.Append("Status: ").Append(w.Status).Append('\n');
        text.Append("Cluster: ").Append(w.ClusterName).Append(" (resource group ").Append(w.ResourceGroup)
            .Append(", subscription ").Append(w.SubscriptionId).Append(")\n");
        text.Append("Pools: ").Append(w.AllPools ? "all pools" : string.Join(", ", w.NodePools)).Append('\n');
        text.Append("Kind: ").Append(w.Kind).Append('\n');
        if (!string.IsNullOrWhiteSpace(w.Target))
        {
            text.Append("Target: ").Append(w.Target).Append('\n');
        }

        text.Append("Planned in time zone: ").Append(w.TimeZone).Append('\n');
        text.Append("Revision: ").Append(w.Revision.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (!string.IsNullOrWhiteSpace(w.Notes))
        {
            text.Append("Notes:\n").Append(w.Notes.Trim()).Append('\n');
        }

        text.Append("Open: ").Append(baseUri).Append("/windows/").Append(w.Id).Append('\n');
        text.Append("Runbook: ").Append(baseUri).Append("/api/v1/windows/").Append(w.Id).Append("/runbook");
        return text.ToString();
    }

    private static string Serialize(Calendar calendar) => new CalendarSerializer().SerializeToString(calendar)
        ?? throw new InvalidOperationException("The calendar could not be serialized.");

    // ---- CSV -----------------------------------------------------------------------------------------------------

    /// <summary>One CSV row: the columns of <see cref="WindowResponse"/> a spreadsheet needs, pools joined with spaces.</summary>
    internal sealed record WindowCsvRow(
        Guid Id,
        string Title,
        string SubscriptionId,
        string ResourceGroup,
        string Cluster,
        string NodePools,
        bool AllPools,
        string Kind,
        string? Target,
        DateTimeOffset Start,
        DateTimeOffset End,
        string TimeZone,
        string Status,
        int Revision,
        string CreatedBy,
        DateTimeOffset CreatedAt,
        string? Notes,
        string CreatedByName)
    {
        public static WindowCsvRow From(UpgradeWindowEntity w) => new(
            w.Id, w.Title, w.SubscriptionId, w.ResourceGroup, w.ClusterName, string.Join(' ', w.NodePools), w.AllPools, w.Kind.ToString(), w.Target,
            w.Start, w.End, w.TimeZone, w.Status.ToString(), w.Revision, w.CreatedBy, w.CreatedAt, w.Notes, w.CreatedByDisplay);
    }

    /// <summary>One audit CSV row; the header is written from these names.</summary>
    internal sealed record AuditCsvRow(DateTimeOffset At, Guid WindowId, string WindowTitle, string Actor, string Action, int Revision, string? Changes, string? Comment, string Subject, string ActorName);

    // ---- Runbook -------------------------------------------------------------------------------------------------

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"No upgrade window {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
