using System.Globalization;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Compliance;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model.Compliance;
using AksUpgradeDashboard.Windows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Notifications;

/// <summary>
/// Turns each new outbox event into its deliveries: one e-mail per person the audience rule names (rendered in their
/// zone) and one post per webhook that wants the event, stored with the event marked expanded in one save.
/// </summary>
public sealed class NotificationFanOut(
    DashboardDbContext db,
    PeopleDirectory people,
    WindowDecisionService decisions,
    ComplianceReportService compliance,
    InventoryStore inventory,
    OsCatalog catalog,
    IOptions<NotificationOptions> options,
    IOptions<DashboardOptions> dashboard,
    TimeProvider time)
{
    private const int BatchSize = 100;

    /// <summary>Expands the oldest events not yet expanded; returns how many deliveries were made.</summary>
    public async Task<int> ExpandAsync(CancellationToken cancellationToken)
    {
        var events = await db.NotificationEvents.Where(e => e.ExpandedAtUtc == null).OrderBy(e => e.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }

        var everyone = await people.ListAsync(cancellationToken);
        var made = 0;
        foreach (var notification in events)
        {
            var window = notification.WindowId is { } id ? await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken) : null;
            if (await FactsAsync(notification, window, cancellationToken) is not { } facts)
            {
                continue; // the digest waits for the first inventory
            }

            var audience = options.Value.EmailEnabled
                ? NotificationAudience.For(notification.Kind, window is null ? null : await PeopleOfAsync(window, notification, cancellationToken), everyone, notification.ActorId)
                : [];
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var person in audience)
            {
                var content = NotificationMessages.Email(facts, ViewerTimeZone.FindOrUtc(person.TimeZone ?? facts.Window?.TimeZone), Link(notification), catalog);
                db.NotificationDeliveries.Add(Delivery(notification, NotificationDeliveryEntity.EmailChannel, person.Id, person.Email!, content.Subject, content.Text, content.Html, now));
            }

            var hooks = options.Value.Webhooks.Where(h => h.Value.Wants(notification.Kind)).ToList();
            foreach (var (name, hook) in hooks)
            {
                var body = WebhookPayloads.Build(hook.Format, facts, Link(notification), catalog);
                var host = Uri.TryCreate(hook.Url, UriKind.Absolute, out var uri) ? uri.Authority : name;
                db.NotificationDeliveries.Add(Delivery(notification, NotificationDeliveryEntity.WebhookChannel(name), name, host, NotificationKinds.EventName(notification.Kind), body, null, now));
            }

            notification.ExpandedAtUtc = now;
            await db.SaveChangesAsync(cancellationToken);
            made += audience.Count + hooks.Count;
        }

        db.ChangeTracker.Clear();
        return made;
    }

    private static NotificationDeliveryEntity Delivery(NotificationEventEntity e, string channel, string recipient, string address, string subject, string body, string? html, DateTime now) => new()
    {
        EventId = e.Id, Channel = channel, Recipient = recipient, Address = address, Subject = subject, Body = body, HtmlBody = html,
        Status = DeliveryStatus.Pending, CreatedAtUtc = now, NextAttemptAtUtc = now,
    };

    // Approvers go to their inbox entry, everyone else to the window; the digest to the report.
    private string Link(NotificationEventEntity e)
    {
        var root = dashboard.Value.PublicBaseUrl ?? "";
        return e.Kind switch
        {
            NotificationKind.WeeklyDigest => $"{root}/compliance/report",
            NotificationKind.Submitted or NotificationKind.Escalated => $"{root}/approvals#window-{e.WindowId}",
            _ => $"{root}/windows/{e.WindowId}",
        };
    }

    private async Task<WindowPeople> PeopleOfAsync(UpgradeWindowEntity window, NotificationEventEntity e, CancellationToken cancellationToken)
    {
        // Voided approvals were given to the revision before the edit that voided them.
        var revision = e.Kind == NotificationKind.ApprovalsVoided ? e.Revision - 1 : window.Revision;
        var approvers = await db.Approvals.AsNoTracking().Where(a => a.WindowId == window.Id && a.Revision == revision).Select(a => a.Approver).ToListAsync(cancellationToken);
        return new WindowPeople(await decisions.AuthorsAsync(window, cancellationToken), approvers);
    }

    private async Task<NotificationFacts?> FactsAsync(NotificationEventEntity e, UpgradeWindowEntity? window, CancellationToken cancellationToken)
    {
        var occurred = UpgradeWindowEntity.AsUtc(e.OccurredAtUtc);
        if (e.Kind == NotificationKind.WeeklyDigest)
        {
            return inventory.Current is { } fleet
                ? new NotificationFacts(e.Kind, occurred, null, null, null, null, Digest(await compliance.BuildAsync(fleet, historyDays: 8, cancellationToken)))
                : null;
        }

        var facts = window is null ? null : new WindowFacts(
            window.Id, window.Title, window.ClusterName, window.ResourceGroup, window.SubscriptionId, window.NodePools, window.AllPools,
            window.Kind, window.Target, window.Start, window.End, window.TimeZone, window.Revision, window.Status);
        return new NotificationFacts(e.Kind, occurred, facts, e.ActorName, e.Comment, e.Detail, null);
    }

    private static DigestFacts Digest(ComplianceReport report)
    {
        var overall = report.Scorecard.Overall;
        var headline = string.Create(CultureInfo.InvariantCulture, $"{overall.PercentText} of {overall.Pools:N0} pools compliant");
        var weekAgo = report.History.Where(d => d.Day <= report.Scorecard.AssessedOn.AddDays(-7)).LastOrDefault() ?? (report.History.Count > 0 ? report.History[0] : null);
        var trend = weekAgo?.Counts.Percent is { } before && overall.Percent is { } now
            ? string.Create(CultureInfo.InvariantCulture, $"{(now - before >= 0 ? "+" : "−")}{Math.Abs(now - before):0.#} points since {weekAgo.Day:yyyy-MM-dd} ({weekAgo.Counts.PercentText})")
            : "no trend yet: the history starts with the first daily snapshot";
        static string Line(OsDeadline d) => string.Create(CultureInfo.InvariantCulture,
            $"{d.Os.DisplayName}: {d.KindText.ToLowerInvariant()} {d.Date:yyyy-MM-dd}, {d.Pools.Count:N0} pools ({d.CountOf(AtRiskCoverage.NotPlanned):N0} not planned)");
        var overdue = report.Deadlines.Where(d => d.Overdue).ToList();
        return new DigestFacts(headline, trend, overdue.Sum(d => d.Pools.Count),
            [.. overdue.Take(5).Select(Line)], [.. report.Deadlines.Where(d => !d.Overdue).Take(5).Select(Line)]);
    }
}
