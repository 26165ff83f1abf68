using System.Text.Json;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Notifications;

namespace AksUpgradeDashboard.Tests.Notifications;

public class WebhookPayloadsTests
{
    private const string Link = "https://aks-upgrades.contoso.example/windows/3f0b6c1e-8a2d-4c5b-9e7f-1a2b3c4d5e6f";

    private static readonly OsCatalog s_catalog = OsCatalog.LoadDefault();

    // Times given in the window's own zone (+02:00): webhooks carry them in UTC.
    private static readonly WindowFacts s_window = new(
        Guid.Parse("3f0b6c1e-8a2d-4c5b-9e7f-1a2b3c4d5e6f"), "Orders to Azure Linux 3", "aks-orders-prod", "rg-orders-prod", "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10",
        ["workers"], false, UpgradeKind.OsSkuChange, "AzureLinux3",
        new DateTimeOffset(2026, 7, 1, 15, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2026, 7, 1, 17, 30, 0, TimeSpan.FromHours(2)), "Europe/Amsterdam", 3, WindowStatus.Approved);

    private static NotificationFacts Facts(NotificationKind kind = NotificationKind.Approved, WindowFacts? window = null, string? actor = "Ada Approver", string? comment = "Looks good") =>
        new(kind, new DateTimeOffset(2026, 6, 30, 11, 15, 30, TimeSpan.FromHours(2)), window ?? s_window, actor, comment, kind == NotificationKind.Reminder ? ReminderLeads.OneHour : null, null);

    private static JsonElement Parse(WebhookFormat format, NotificationFacts facts, string link = Link) =>
        JsonDocument.Parse(WebhookPayloads.Build(format, facts, link, s_catalog)).RootElement.Clone();

    // Review finding: Teams renders card text as Markdown, so a title people wrote could become a link in the card.
    [Fact]
    public void Teams_LinkSyntaxInPeoplesText_StaysText()
    {
        var window = s_window with { Title = "[Approve here](https://evil.example/x)" };

        var card = Parse(WebhookFormat.Teams, Facts(window: window, comment: "see [this](https://evil.example/y)"))
            .GetProperty("attachments")[0].GetProperty("content");
        var text = card.GetRawText();

        Assert.DoesNotContain("[Approve here](", card.GetProperty("body")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Approved: \\[Approve here\\](https://evil.example/x)", card.GetProperty("body")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("[this](", text, StringComparison.Ordinal);
    }

    // RFC 4231, test case 2 (HMAC-SHA256).
    [Fact]
    public void Signature_Rfc4231TestCase2_IsTheKnownHmacSha256_WithItsPrefix() =>
        Assert.Equal(
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            WebhookPayloads.Signature("Jefe", "what do ya want for nothing?"));

    [Theory]
    [InlineData("webhook-secret-0123456789", "{\"type\":\"window.approved\"}", "webhook-secret-0123456789", "{\"type\":\"window.approved\"} ", false)]
    [InlineData("webhook-secret-0123456789", "{\"title\":\"Zürich\"}", "webhook-secret-012345678X", "{\"title\":\"Zürich\"}", false)]
    [InlineData("webhook-secret-0123456789", "{\"title\":\"Zürich\"}", "webhook-secret-0123456789", "{\"title\":\"Zürich\"}", true)]
    public void Signature_ChangesWithTheBodyOrTheSecret(string secret, string body, string otherSecret, string otherBody, bool same)
    {
        var signature = WebhookPayloads.Signature(secret, body);

        Assert.Matches("^sha256=[0-9a-f]{64}$", signature);
        Assert.Equal(same, signature == WebhookPayloads.Signature(otherSecret, otherBody));
    }

    [Fact]
    public void Build_Json_EventDocument_WithUtcTimesAndTheWindowsOwnZone()
    {
        var json = Parse(WebhookFormat.Json, Facts());

        Assert.Equal("window.approved", json.GetProperty("type").GetString());
        Assert.Equal("2026-06-30T09:15:30.0000000Z", json.GetProperty("occurredAt").GetString());
        var window = json.GetProperty("window");
        Assert.Equal("3f0b6c1e-8a2d-4c5b-9e7f-1a2b3c4d5e6f", window.GetProperty("id").GetString());
        Assert.Equal("Orders to Azure Linux 3", window.GetProperty("title").GetString());
        Assert.Equal("2026-07-01T13:00:00.0000000Z", window.GetProperty("start").GetString());
        Assert.Equal("2026-07-01T15:30:00.0000000Z", window.GetProperty("end").GetString());
        Assert.Equal("Europe/Amsterdam", window.GetProperty("timeZone").GetString());
        Assert.Equal("OsSkuChange", window.GetProperty("kind").GetString());
        Assert.Equal("AzureLinux3", window.GetProperty("target").GetString());
        Assert.Equal("aks-orders-prod", window.GetProperty("cluster").GetString());
        Assert.Equal(["workers"], window.GetProperty("nodePools").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(3, window.GetProperty("revision").GetInt32());
        Assert.Equal("Ada Approver", json.GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal("Looks good", json.GetProperty("comment").GetString());
        Assert.Equal(Link, json.GetProperty("url").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-06-30T09:15:30Z", System.Globalization.CultureInfo.InvariantCulture), json.GetProperty("occurredAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData(NotificationKind.Submitted, "window.submitted")]
    [InlineData(NotificationKind.Approved, "window.approved")]
    [InlineData(NotificationKind.Rejected, "window.rejected")]
    [InlineData(NotificationKind.Cancelled, "window.cancelled")]
    [InlineData(NotificationKind.ApprovalsVoided, "window.approvals-voided")]
    [InlineData(NotificationKind.Reminder, "window.reminder")]
    [InlineData(NotificationKind.Escalated, "window.escalated")]
    [InlineData(NotificationKind.NotReached, "window.not-reached")]
    public void Build_Json_TypeIsTheEventName(NotificationKind kind, string type)
    {
        var json = Parse(WebhookFormat.Json, Facts(kind));

        Assert.Equal(type, json.GetProperty("type").GetString());
        Assert.Equal(kind == NotificationKind.Reminder ? "1h" : null, json.GetProperty("reminder").GetString());
    }

    [Fact]
    public void Build_Json_WeeklyDigest_HasTheDigestAndNoWindowOrActor()
    {
        var facts = new NotificationFacts(
            NotificationKind.WeeklyDigest, new DateTimeOffset(2026, 6, 29, 7, 0, 0, TimeSpan.Zero), null, null, null, null,
            new DigestFacts("93% of 120 pools compliant", "+2 points", 4, ["Ubuntu 20.04"], ["Azure Linux 2.0"]));

        var json = Parse(WebhookFormat.Json, facts, "https://aks-upgrades.contoso.example/compliance/report");

        Assert.Equal("compliance.weekly-digest", json.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("window").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("actor").ValueKind);
        Assert.Equal("93% of 120 pools compliant", json.GetProperty("digest").GetProperty("headline").GetString());
        Assert.Equal(4, json.GetProperty("digest").GetProperty("overdueCount").GetInt32());
        Assert.Equal(["Ubuntu 20.04"], json.GetProperty("digest").GetProperty("overdue").EnumerateArray().Select(o => o.GetString()));
    }

    [Fact]
    public void Build_Json_PeoplesTextRoundTripsExactly()
    {
        const string title = "Orders \"blue\" <green> & 'red' \\ \u2028 ünïcode";

        var json = Parse(WebhookFormat.Json, Facts(window: s_window with { Title = title }, actor: "<@U123>", comment: "line 1\nline 2"));

        Assert.Equal(title, json.GetProperty("window").GetProperty("title").GetString());
        Assert.Equal("<@U123>", json.GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal("line 1\nline 2", json.GetProperty("comment").GetString());
    }

    [Fact]
    public void Build_UnknownFormatValue_FallsBackToTheJsonDocument() =>
        Assert.Equal("window.approved", Parse((WebhookFormat)42, Facts()).GetProperty("type").GetString());

    [Fact]
    public void Build_Slack_EscapesAmpersandAndAngleBracketsInPeoplesText()
    {
        var facts = Facts(window: s_window with { Title = "A & B <C>" }, actor: "<@U123> & <!channel>", comment: "see <https://evil.example|here>");

        var slack = Parse(WebhookFormat.Slack, facts);
        var blocks = slack.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("text").GetProperty("text").GetString()!).ToList();

        Assert.Equal("Approved: A &amp; B &lt;C&gt; (aks-orders-prod)", slack.GetProperty("text").GetString());
        Assert.Equal(3, blocks.Count);
        Assert.Equal("*Approved: A &amp; B &lt;C&gt; (aks-orders-prod)*\n&lt;@U123&gt; &amp; &lt;!channel&gt; approved the upgrade window. It will open at its start.", blocks[0]);
        Assert.Contains("*By:* &lt;@U123&gt; &amp; &lt;!channel&gt;", blocks[1], StringComparison.Ordinal);
        Assert.Contains("*Comment:* see &lt;https://evil.example|here&gt;", blocks[1], StringComparison.Ordinal);
        Assert.Equal($"<{Link}|Open the window>", blocks[2]);
        // The only control sequence left is the dashboard's own link.
        Assert.All(blocks.Take(2), b => Assert.DoesNotContain('<', b));
        Assert.All(blocks.Take(2), b => Assert.DoesNotContain('>', b));
    }

    [Fact]
    public void Build_Slack_DetailsNameTheChangeAndTheTimesInTheWindowsZone()
    {
        var details = Parse(WebhookFormat.Slack, Facts()).GetProperty("blocks")[1].GetProperty("text").GetProperty("text").GetString();

        Assert.Contains("*Cluster:* aks-orders-prod (rg-orders-prod)", details, StringComparison.Ordinal);
        Assert.Contains("*Change:* OS SKU change (in place) → ", details, StringComparison.Ordinal);
        Assert.Contains("(AzureLinux3)", details, StringComparison.Ordinal);
        Assert.Contains("*When:* Wed 1 Jul 2026 15:00 Europe/Amsterdam to Wed 1 Jul 2026 17:30 Europe/Amsterdam", details, StringComparison.Ordinal);
    }

    // The body a Teams workflow's "When a Teams webhook request is received" trigger takes: a message whose one
    // attachment is the adaptive card. Shape as in Microsoft Learn, Teams platform docs, "Create and send messages"
    // (https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using),
    // section "Send Adaptive Cards using an Incoming Webhook": "type" must be "message", "attachments" holds the cards,
    // "contentType" is "application/vnd.microsoft.card.adaptive", "content" is the AdaptiveCard; the same page says
    // Workflows take Adaptive Cards only and support Action.OpenUrl.
    [Fact]
    public void Build_Teams_MessageWithOneAdaptiveCardAttachment_AndAnOpenUrlAction()
    {
        var teams = Parse(WebhookFormat.Teams, Facts(NotificationKind.Submitted), "https://aks-upgrades.contoso.example/approvals#window-3f0b6c1e");

        Assert.Equal("message", teams.GetProperty("type").GetString());
        var attachment = Assert.Single(teams.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.4", card.GetProperty("version").GetString());
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", card.GetProperty("$schema").GetString());
        var action = Assert.Single(card.GetProperty("actions").EnumerateArray());
        Assert.Equal("Action.OpenUrl", action.GetProperty("type").GetString());
        Assert.Equal("https://aks-upgrades.contoso.example/approvals#window-3f0b6c1e", action.GetProperty("url").GetString());
        Assert.Equal("Decide it in your approval inbox", action.GetProperty("title").GetString());
        var body = card.GetProperty("body").EnumerateArray().ToList();
        Assert.Equal("Approval requested: Orders to Azure Linux 3 (aks-orders-prod)", body[0].GetProperty("text").GetString());
        Assert.Equal("Ada Approver submitted an upgrade window for approval. You may approve or reject it.", body[1].GetProperty("text").GetString());
        var facts = body[2].GetProperty("facts").EnumerateArray().ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString());
        Assert.Equal("Wed 1 Jul 2026 15:00 Europe/Amsterdam to Wed 1 Jul 2026 17:30 Europe/Amsterdam", facts["When"]);
        Assert.Equal("Ada Approver", facts["By"]);
        Assert.Equal("Looks good", facts["Comment"]);
    }
}
