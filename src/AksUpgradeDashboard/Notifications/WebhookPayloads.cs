using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Components.Controls;
using AksUpgradeDashboard.Windows;

namespace AksUpgradeDashboard.Notifications;

/// <summary>
/// The body each webhook format receives for an event, and its signature. Pure. Times in webhooks are UTC (ISO 8601)
/// with the window's own zone named, since a channel has no single reader's zone.
/// </summary>
public static class WebhookPayloads
{
    public const string SignatureHeader = "X-Dashboard-Signature";
    public const string DeliveryHeader = "X-Dashboard-Delivery";
    public const string EventHeader = "X-Dashboard-Event";

    public static string Build(WebhookFormat format, NotificationFacts facts, string link, OsCatalog catalog) => format switch
    {
        WebhookFormat.Slack => Slack(facts, link, catalog),
        WebhookFormat.Teams => Teams(facts, link, catalog),
        _ => Json(facts, link),
    };

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the UTF-8 body with the secret.</summary>
    public static string Signature(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private static string Json(NotificationFacts facts, string link)
    {
        var document = new JsonObject
        {
            ["type"] = NotificationKinds.EventName(facts.Kind),
            ["occurredAt"] = facts.OccurredAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["window"] = facts.Window is { } w ? new JsonObject
            {
                ["id"] = w.Id,
                ["title"] = w.Title,
                ["subscriptionId"] = w.SubscriptionId,
                ["resourceGroup"] = w.ResourceGroup,
                ["cluster"] = w.ClusterName,
                ["nodePools"] = w.AllPools ? null : new JsonArray([.. w.Pools.Select(p => (JsonNode?)p)]),
                ["allPools"] = w.AllPools,
                ["kind"] = w.Kind.ToString(),
                ["target"] = w.Target,
                ["start"] = w.Start.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["end"] = w.End.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["timeZone"] = w.TimeZone,
                ["revision"] = w.Revision,
                ["status"] = w.Status.ToString(),
            } : null,
            ["actor"] = facts.ActorName is { } actor ? new JsonObject { ["name"] = actor } : null,
            ["comment"] = facts.Comment,
            ["reminder"] = facts.Kind == NotificationKind.Reminder ? facts.Detail : null,
            ["digest"] = facts.Digest is { } d ? new JsonObject
            {
                ["headline"] = d.Headline,
                ["trend"] = d.Trend,
                ["overdueCount"] = d.OverdueCount,
                ["overdue"] = new JsonArray([.. d.Overdue.Select(o => (JsonNode?)o)]),
                ["nextDeadlines"] = new JsonArray([.. d.NextDeadlines.Select(o => (JsonNode?)o)]),
            } : null,
            ["url"] = link,
        };
        return document.ToJsonString(JsonSerializerOptions.Web);
    }

    // Slack's text is mrkdwn: &, < and > are its control characters and must be escaped in anything people wrote.
    private static string Slack(NotificationFacts facts, string link, OsCatalog catalog)
    {
        var summary = SlackEscape(NotificationMessages.Subject(facts));
        var details = string.Join('\n', Lines(facts, catalog).Select(l => $"*{SlackEscape(l.Label)}:* {SlackEscape(l.Value)}"));
        var document = new JsonObject
        {
            ["text"] = summary,
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{summary}*\n{SlackEscape(NotificationMessages.Lead(facts))}" } },
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = details.Length == 0 ? " " : details } },
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"<{link}|{SlackEscape(NotificationMessages.LinkText(facts.Kind))}>" } }),
        };
        return document.ToJsonString(JsonSerializerOptions.Web);
    }

    // What a Teams workflow's "When a Teams webhook request is received" trigger takes: a message with an adaptive card.
    private static string Teams(NotificationFacts facts, string link, OsCatalog catalog)
    {
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray(
                new JsonObject { ["type"] = "TextBlock", ["text"] = MarkdownEscape(NotificationMessages.Subject(facts)), ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
                new JsonObject { ["type"] = "TextBlock", ["text"] = MarkdownEscape(NotificationMessages.Lead(facts)), ["wrap"] = true },
                new JsonObject { ["type"] = "FactSet", ["facts"] = new JsonArray([.. Lines(facts, catalog).Select(l => (JsonNode?)new JsonObject { ["title"] = l.Label, ["value"] = MarkdownEscape(l.Value) })]) }),
            ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = NotificationMessages.LinkText(facts.Kind), ["url"] = link }),
        };
        var message = new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["contentUrl"] = null, ["content"] = card }),
        };
        return message.ToJsonString(JsonSerializerOptions.Web);
    }

    private static IEnumerable<(string Label, string Value)> Lines(NotificationFacts facts, OsCatalog catalog)
    {
        if (facts.Window is { } w)
        {
            var zone = ViewerTimeZone.FindOrUtc(w.TimeZone);
            yield return ("Cluster", $"{w.ClusterName} ({w.ResourceGroup})");
            yield return ("Pools", w.AllPools ? "all pools" : string.Join(", ", w.Pools));
            yield return ("Change", $"{DisplayText.Kind(w.Kind)} → {DisplayText.Target(w.Kind, w.Target, catalog)}");
            yield return ("When", $"{ViewerTimeZone.Format(w.Start, zone)} to {ViewerTimeZone.Format(w.End, zone)}");
        }

        if (facts.ActorName is { } actor)
        {
            yield return ("By", actor);
        }

        if (!string.IsNullOrWhiteSpace(facts.Comment))
        {
            yield return ("Comment", facts.Comment);
        }

        if (facts.Digest is { } d)
        {
            yield return ("Trend", d.Trend);
            yield return ("Overdue pools", d.OverdueCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    // Teams renders card text as Markdown: a title like "[Approve](https://evil.example)" must stay text, not become a
    // link. Only the brackets a link needs are escaped; emphasis marks would do no harm and escaping them clutters.
    private static string MarkdownEscape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\\' or '[' or ']')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static string SlackEscape(string value) => value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
