using System.Globalization;
using System.Net;
using System.Text;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Components.Controls;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;

namespace AksUpgradeDashboard.Notifications;

/// <summary>The facts of a window a message names, as they were when the event was expanded.</summary>
public sealed record WindowFacts(
    Guid Id, string Title, string ClusterName, string ResourceGroup, string SubscriptionId, IReadOnlyList<string> Pools, bool AllPools,
    UpgradeKind Kind, string? Target, DateTimeOffset Start, DateTimeOffset End, string TimeZone, int Revision, WindowStatus Status);

/// <summary>The weekly digest's content, from the compliance report.</summary>
public sealed record DigestFacts(string Headline, string Trend, int OverdueCount, IReadOnlyList<string> Overdue, IReadOnlyList<string> NextDeadlines);

/// <summary>An event with everything a message about it says.</summary>
public sealed record NotificationFacts(NotificationKind Kind, DateTimeOffset OccurredAt, WindowFacts? Window, string? ActorName, string? Comment, string? Detail, DigestFacts? Digest);

public sealed record EmailContent(string Subject, string Text, string Html);

/// <summary>
/// What an e-mail says (subject, plain text, HTML) for an event, in the recipient's zone. The HTML has no remote content
/// and encodes every field, since titles, comments and names are written by people. Pure.
/// </summary>
public static class NotificationMessages
{
    public static EmailContent Email(NotificationFacts facts, TimeZoneInfo zone, string link, OsCatalog catalog)
    {
        var subject = Subject(facts);
        var lead = Lead(facts);
        var fields = Fields(facts, zone, catalog);
        var text = new StringBuilder();
        text.AppendLine(lead).AppendLine();
        foreach (var (label, value) in fields)
        {
            text.Append(label).Append(": ").AppendLine(value);
        }

        if (facts.Digest is { } digest)
        {
            AppendList(text, "Overdue", digest.Overdue);
            AppendList(text, "Next deadlines", digest.NextDeadlines);
        }

        text.AppendLine().Append("Open: ").AppendLine(link);
        text.AppendLine().AppendLine("You get this from the AKS Upgrade Dashboard. Choose which e-mails you get on its Notifications page.");

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1b1b1b\">");
        html.Append("<p>").Append(Encode(lead)).Append("</p><table style=\"border-collapse:collapse\">");
        foreach (var (label, value) in fields)
        {
            html.Append("<tr><th style=\"text-align:left;padding:2px 12px 2px 0;vertical-align:top\">").Append(Encode(label))
                .Append("</th><td style=\"padding:2px 0\">").Append(Encode(value)).Append("</td></tr>");
        }

        html.Append("</table>");
        if (facts.Digest is { } d)
        {
            AppendHtmlList(html, "Overdue", d.Overdue);
            AppendHtmlList(html, "Next deadlines", d.NextDeadlines);
        }

        html.Append("<p><a href=\"").Append(Encode(link)).Append("\">").Append(Encode(LinkText(facts.Kind))).Append("</a></p>");
        html.Append("<p style=\"color:#616161;font-size:12px\">You get this from the AKS Upgrade Dashboard. Choose which e-mails you get on its Notifications page.</p></body></html>");
        return new(subject, text.ToString(), html.ToString());
    }

    public static string Subject(NotificationFacts facts)
    {
        var title = facts.Window is { } w ? $"{w.Title} ({w.ClusterName})" : "";
        return OneLine(facts.Kind switch
        {
            NotificationKind.Submitted => $"Approval requested: {title}",
            NotificationKind.Approved => $"Approved: {title}",
            NotificationKind.Rejected => $"Rejected: {title}",
            NotificationKind.Cancelled => $"Cancelled: {title}",
            NotificationKind.ApprovalsVoided => $"Approvals voided, needs approving again: {title}",
            NotificationKind.Reminder => $"Starts in {LeadText(facts.Detail)}: {title}",
            NotificationKind.Escalated => $"Still undecided and starts within 24 hours: {title}",
            NotificationKind.NotReached => $"Not reached: {title}",
            NotificationKind.WeeklyDigest => $"Weekly AKS compliance: {facts.Digest?.Headline}",
            NotificationKind.ExecutionStarted => $"Upgrade started: {title}",
            NotificationKind.ExecutionFailed => $"Upgrade stopped: {title}",
            NotificationKind.ExecutionCompleted => $"Upgrade completed: {title}",
            _ => title,
        });
    }

    /// <summary>The one sentence that says what happened.</summary>
    public static string Lead(NotificationFacts facts)
    {
        var who = facts.ActorName ?? "Someone";
        return facts.Kind switch
        {
            NotificationKind.Submitted => $"{who} submitted an upgrade window for approval. You may approve or reject it.",
            NotificationKind.Approved => $"{who} approved the upgrade window. It will open at its start.",
            NotificationKind.Rejected => $"{who} rejected the upgrade window. Edit it and submit it again, or cancel it.",
            NotificationKind.Cancelled => $"{who} cancelled the upgrade window.",
            NotificationKind.ApprovalsVoided => $"{who} edited the upgrade window, so its approvals no longer count: it needs approving again.",
            NotificationKind.Reminder => $"The approved upgrade window starts in {LeadText(facts.Detail)}.",
            NotificationKind.Escalated => "This upgrade window starts within 24 hours and is still waiting for approval. If nobody decides, it will not open.",
            NotificationKind.NotReached => "The upgrade window ended, but the inventory does not show its target on every pool.",
            NotificationKind.WeeklyDigest => "The fleet's compliance this week.",
            NotificationKind.ExecutionStarted => $"{who} started carrying out the upgrade window on Azure.",
            NotificationKind.ExecutionFailed => "The dashboard stopped carrying out the upgrade window on Azure. The comment says why; the remaining steps were not run.",
            NotificationKind.ExecutionCompleted => "The dashboard carried out every step of the upgrade window on Azure. The next inventory verifies the pools.",
            _ => "",
        };
    }

    private static List<(string Label, string Value)> Fields(NotificationFacts facts, TimeZoneInfo zone, OsCatalog catalog)
    {
        var fields = new List<(string, string)>();
        if (facts.Window is { } w)
        {
            fields.Add(("Window", w.Title));
            fields.Add(("Cluster", $"{w.ClusterName} (resource group {w.ResourceGroup})"));
            fields.Add(("Pools", w.AllPools ? "all pools" : string.Join(", ", w.Pools)));
            fields.Add(("Change", $"{DisplayText.Kind(w.Kind)} → {DisplayText.Target(w.Kind, w.Target, catalog)}"));
            fields.Add(("Start", ViewerTimeZone.Format(w.Start, zone)));
            fields.Add(("End", ViewerTimeZone.Format(w.End, zone)));
            fields.Add(("Revision", w.Revision.ToString(CultureInfo.InvariantCulture)));
        }

        if (!string.IsNullOrWhiteSpace(facts.Comment))
        {
            fields.Add(("Comment", facts.Comment));
        }

        if (facts.Digest is { } d)
        {
            fields.Add(("Compliance", d.Headline));
            fields.Add(("Trend", d.Trend));
            fields.Add(("Overdue pools", d.OverdueCount.ToString("N0", CultureInfo.InvariantCulture)));
        }

        return fields;
    }

    /// <summary>The text of the link at the end of a message.</summary>
    public static string LinkText(NotificationKind kind) => kind switch
    {
        NotificationKind.Submitted or NotificationKind.Escalated => "Decide it in your approval inbox",
        NotificationKind.WeeklyDigest => "Open the compliance report",
        _ => "Open the window",
    };

    /// <summary>"24 hours" or "1 hour" from a reminder's detail.</summary>
    public static string LeadText(string? detail) => detail switch
    {
        ReminderLeads.OneHour => "1 hour",
        _ => "24 hours",
    };

    private static void AppendList(StringBuilder text, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        text.AppendLine().Append(title).AppendLine(":");
        foreach (var item in items)
        {
            text.Append("- ").AppendLine(item);
        }
    }

    private static void AppendHtmlList(StringBuilder html, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        html.Append("<p><strong>").Append(Encode(title)).Append("</strong></p><ul>");
        foreach (var item in items)
        {
            html.Append("<li>").Append(Encode(item)).Append("</li>");
        }

        html.Append("</ul>");
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    // A subject is one line whatever a title holds.
    private static string OneLine(string value) => string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}

/// <summary>How long before a window's start its reminders go.</summary>
public static class ReminderLeads
{
    public const string OneDay = "24h";
    public const string OneHour = "1h";
}
