using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Notifications;
using AksUpgradeDashboard.Windows;

namespace AksUpgradeDashboard.Tests.Notifications;

public class NotificationMessagesTests
{
    private const string Link = "https://aks-upgrades.contoso.example/windows/3f0b6c1e-8a2d-4c5b-9e7f-1a2b3c4d5e6f";

    private static readonly OsCatalog s_catalog = OsCatalog.LoadDefault();

    // 1 July 2026, 13:00 to 15:00 UTC (a Wednesday; summer time in New York and London).
    private static readonly WindowFacts s_window = new(
        Guid.Parse("3f0b6c1e-8a2d-4c5b-9e7f-1a2b3c4d5e6f"), "Orders to 1.33", "aks-orders-prod", "rg-orders-prod", "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10",
        ["system", "workers"], false, UpgradeKind.KubernetesVersion, "1.33",
        new DateTimeOffset(2026, 7, 1, 13, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 7, 1, 15, 0, 0, TimeSpan.Zero), "Europe/Amsterdam", 2, WindowStatus.Approved);

    private static readonly DigestFacts s_digest = new(
        "93% of 120 pools compliant", "+2 points since 2026-06-22 (91%)", 4, ["Ubuntu 20.04: end of support 2025-04-02, 4 pools (1 not planned)"], ["Azure Linux 2.0: end of support 2025-11-30, 8 pools (0 not planned)"]);

    private static NotificationFacts Facts(NotificationKind kind, WindowFacts? window = null, string? actor = "Paul Operator", string? comment = null, string? detail = null) =>
        kind == NotificationKind.WeeklyDigest
            ? new(kind, new DateTimeOffset(2026, 6, 29, 7, 0, 0, TimeSpan.Zero), null, null, null, null, s_digest)
            : new(kind, new DateTimeOffset(2026, 6, 30, 9, 0, 0, TimeSpan.Zero), window ?? s_window, actor, comment, detail, null);

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    public static TheoryData<NotificationKind> Kinds => new(NotificationKinds.All);

    [Theory]
    [InlineData(NotificationKind.Submitted, null, "Approval requested: Orders to 1.33 (aks-orders-prod)")]
    [InlineData(NotificationKind.Approved, null, "Approved: Orders to 1.33 (aks-orders-prod)")]
    [InlineData(NotificationKind.Rejected, null, "Rejected: Orders to 1.33 (aks-orders-prod)")]
    [InlineData(NotificationKind.Cancelled, null, "Cancelled: Orders to 1.33 (aks-orders-prod)")]
    [InlineData(NotificationKind.ApprovalsVoided, null, "Approvals voided, needs approving again: Orders to 1.33 (aks-orders-prod)")]
    [InlineData(NotificationKind.Reminder, ReminderLeads.OneDay, "Starts in 24 hours: Orders to 1.33 (aks-orders-prod)")]
    [InlineData(NotificationKind.Reminder, ReminderLeads.OneHour, "Starts in 1 hour: Orders to 1.33 (aks-orders-prod)")]
    [InlineData(NotificationKind.Escalated, null, "Still undecided and starts within 24 hours: Orders to 1.33 (aks-orders-prod)")]
    [InlineData(NotificationKind.NotReached, null, "Not reached: Orders to 1.33 (aks-orders-prod)")]
    [InlineData(NotificationKind.WeeklyDigest, null, "Weekly AKS compliance: 93% of 120 pools compliant")]
    public void Subject_EachKind_SaysWhatHappenedToWhichWindow(NotificationKind kind, string? detail, string expected)
    {
        var facts = Facts(kind, detail: detail);

        Assert.Equal(expected, NotificationMessages.Subject(facts));
        Assert.Equal(expected, NotificationMessages.Email(facts, TimeZoneInfo.Utc, Link, s_catalog).Subject);
    }

    [Theory]
    [InlineData(NotificationKind.Submitted, "Paul Operator", null, "Paul Operator submitted an upgrade window for approval. You may approve or reject it.")]
    [InlineData(NotificationKind.Submitted, null, null, "Someone submitted an upgrade window for approval. You may approve or reject it.")]
    [InlineData(NotificationKind.Approved, "Ada Approver", null, "Ada Approver approved the upgrade window. It will open at its start.")]
    [InlineData(NotificationKind.Rejected, "Ada Approver", null, "Ada Approver rejected the upgrade window. Edit it and submit it again, or cancel it.")]
    [InlineData(NotificationKind.Cancelled, "Olivia Operator", null, "Olivia Operator cancelled the upgrade window.")]
    [InlineData(NotificationKind.ApprovalsVoided, "Paul Operator", null, "Paul Operator edited the upgrade window, so its approvals no longer count: it needs approving again.")]
    [InlineData(NotificationKind.Reminder, "Dashboard", ReminderLeads.OneDay, "The approved upgrade window starts in 24 hours.")]
    [InlineData(NotificationKind.Reminder, "Dashboard", ReminderLeads.OneHour, "The approved upgrade window starts in 1 hour.")]
    [InlineData(NotificationKind.Escalated, "Dashboard", null, "This upgrade window starts within 24 hours and is still waiting for approval. If nobody decides, it will not open.")]
    [InlineData(NotificationKind.NotReached, "Dashboard", null, "The upgrade window ended, but the inventory does not show its target on every pool.")]
    [InlineData(NotificationKind.WeeklyDigest, null, null, "The fleet's compliance this week.")]
    public void Lead_EachKind_OneSentenceNamingWhoDidIt(NotificationKind kind, string? actor, string? detail, string expected)
    {
        var facts = Facts(kind, actor: actor, detail: detail);

        Assert.Equal(expected, NotificationMessages.Lead(facts));
        Assert.StartsWith(expected + Environment.NewLine, NotificationMessages.Email(facts, TimeZoneInfo.Utc, Link, s_catalog).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("America/New_York", "Wed 1 Jul 2026 09:00 America/New_York", "Wed 1 Jul 2026 11:00 America/New_York")]
    [InlineData("Europe/London", "Wed 1 Jul 2026 14:00 Europe/London", "Wed 1 Jul 2026 16:00 Europe/London")]
    [InlineData("UTC", "Wed 1 Jul 2026 13:00 UTC", "Wed 1 Jul 2026 15:00 UTC")]
    [InlineData("Asia/Kolkata", "Wed 1 Jul 2026 18:30 Asia/Kolkata", "Wed 1 Jul 2026 20:30 Asia/Kolkata")]
    public void Email_Times_InTheRecipientsZone_WithTheZoneNamed(string zoneId, string start, string end)
    {
        var zone = Zone(zoneId);

        var email = NotificationMessages.Email(Facts(NotificationKind.Approved), zone, Link, s_catalog);

        Assert.Equal(start, ViewerTimeZone.Format(s_window.Start, zone));
        Assert.Contains($"Start: {start}{Environment.NewLine}", email.Text, StringComparison.Ordinal);
        Assert.Contains($"End: {end}{Environment.NewLine}", email.Text, StringComparison.Ordinal);
        Assert.Contains($"<td style=\"padding:2px 0\">{start}</td>", email.Html, StringComparison.Ordinal);
        Assert.Contains($"<td style=\"padding:2px 0\">{end}</td>", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Europe/Amsterdam", email.Text, StringComparison.Ordinal); // the window's own zone is not the reader's
    }

    [Fact]
    public void Email_SameEvent_NewYorkAndLondonReadersSeeTheirOwnClock_InWinterToo()
    {
        var winter = s_window with { Start = new DateTimeOffset(2026, 1, 15, 13, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2026, 1, 15, 14, 0, 0, TimeSpan.Zero) };
        var facts = Facts(NotificationKind.Reminder, winter, detail: ReminderLeads.OneDay);

        Assert.Contains("Start: Thu 15 Jan 2026 08:00 America/New_York", NotificationMessages.Email(facts, Zone("America/New_York"), Link, s_catalog).Text, StringComparison.Ordinal);
        Assert.Contains("Start: Thu 15 Jan 2026 13:00 Europe/London", NotificationMessages.Email(facts, Zone("Europe/London"), Link, s_catalog).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Email_Fields_NameTheClusterPoolsChangeAndRevision()
    {
        var text = NotificationMessages.Email(Facts(NotificationKind.Submitted, comment: "Ready for CAB"), TimeZoneInfo.Utc, Link, s_catalog).Text;

        Assert.Contains("Window: Orders to 1.33", text, StringComparison.Ordinal);
        Assert.Contains("Cluster: aks-orders-prod (resource group rg-orders-prod)", text, StringComparison.Ordinal);
        Assert.Contains("Pools: system, workers", text, StringComparison.Ordinal);
        Assert.Contains("Change: Kubernetes version upgrade → Kubernetes 1.33", text, StringComparison.Ordinal);
        Assert.Contains("Revision: 2", text, StringComparison.Ordinal);
        Assert.Contains("Comment: Ready for CAB", text, StringComparison.Ordinal);
        Assert.Contains("Pools: all pools", NotificationMessages.Email(Facts(NotificationKind.Submitted, s_window with { AllPools = true, Pools = [] }), TimeZoneInfo.Utc, Link, s_catalog).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Email_HostileTitleCommentAndActor_AreEncodedInTheHtml_AndKeptAsWrittenInTheText()
    {
        const string title = "<script>alert('t')</script> & \"x\"";
        const string comment = "<img src=https://evil.example/p.gif onerror=alert(1)>";
        const string actor = "<b>Mallory</b> <a href=\"https://evil.example\">";
        var facts = Facts(NotificationKind.Rejected, s_window with { Title = title, ClusterName = "<i>aks</i>" }, actor, comment);

        var email = NotificationMessages.Email(facts, TimeZoneInfo.Utc, Link, s_catalog);

        foreach (var raw in new[] { "<script", "<img", "<b>", "<a href=\"https://evil", "<i>", "onerror=alert(1)>" })
        {
            Assert.DoesNotContain(raw, email.Html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; &quot;x&quot;", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=https://evil.example/p.gif onerror=alert(1)&gt;", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Mallory&lt;/b&gt; &lt;a href=&quot;https://evil.example&quot;&gt; rejected the upgrade window.", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;i&gt;aks&lt;/i&gt;", email.Html, StringComparison.Ordinal);
        // Plain text is not markup: what people wrote is shown as written.
        Assert.Contains($"Window: {title}", email.Text, StringComparison.Ordinal);
        Assert.Contains($"Comment: {comment}", email.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Subject_TitleWithLineBreaks_IsOneLine(NotificationKind kind)
    {
        var facts = Facts(kind, s_window with { Title = "Orders\r\nBcc: everyone@contoso.example\n\nto 1.33" }, detail: ReminderLeads.OneDay);

        var subject = NotificationMessages.Email(facts, TimeZoneInfo.Utc, Link, s_catalog).Subject;

        Assert.DoesNotContain('\r', subject);
        Assert.DoesNotContain('\n', subject);
        Assert.Equal(subject.Trim(), subject);
        if (kind != NotificationKind.WeeklyDigest)
        {
            Assert.EndsWith(": Orders Bcc: everyone@contoso.example to 1.33 (aks-orders-prod)", subject, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Email_AnyKind_HtmlHasNoRemoteContent(NotificationKind kind)
    {
        var facts = Facts(kind, comment: "<img src=\"https://tracker.example/pixel.gif\">", detail: ReminderLeads.OneHour);

        var html = NotificationMessages.Email(facts, Zone("Europe/London"), Link, s_catalog).Html;

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        foreach (var remote in new[] { "<img", "<link", "<script", "<iframe", "<object", "url(" })
        {
            Assert.DoesNotContain(remote, html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData(NotificationKind.Submitted, "Decide it in your approval inbox")]
    [InlineData(NotificationKind.Escalated, "Decide it in your approval inbox")]
    [InlineData(NotificationKind.Approved, "Open the window")]
    [InlineData(NotificationKind.Rejected, "Open the window")]
    [InlineData(NotificationKind.Cancelled, "Open the window")]
    [InlineData(NotificationKind.ApprovalsVoided, "Open the window")]
    [InlineData(NotificationKind.Reminder, "Open the window")]
    [InlineData(NotificationKind.NotReached, "Open the window")]
    [InlineData(NotificationKind.WeeklyDigest, "Open the compliance report")]
    public void Email_EachKind_EndsWithItsLinkTextAndTheLink(NotificationKind kind, string linkText)
    {
        var email = NotificationMessages.Email(Facts(kind), TimeZoneInfo.Utc, Link, s_catalog);

        Assert.Equal(linkText, NotificationMessages.LinkText(kind));
        Assert.Contains($"<a href=\"{Link}\">{linkText}</a>", email.Html, StringComparison.Ordinal);
        Assert.Contains($"Open: {Link}{Environment.NewLine}", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Email_LinkWithQueryAndFragment_IsAttributeEncoded()
    {
        const string link = "https://aks-upgrades.contoso.example/approvals?a=1&b=\"2\"#window-1";

        var email = NotificationMessages.Email(Facts(NotificationKind.Submitted), TimeZoneInfo.Utc, link, s_catalog);

        Assert.Contains("<a href=\"https://aks-upgrades.contoso.example/approvals?a=1&amp;b=&quot;2&quot;#window-1\">", email.Html, StringComparison.Ordinal);
        Assert.Contains($"Open: {link}", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Email_WeeklyDigest_ListsOverdueAndNextDeadlines_WithoutWindowFields()
    {
        var email = NotificationMessages.Email(Facts(NotificationKind.WeeklyDigest), TimeZoneInfo.Utc, "https://aks-upgrades.contoso.example/compliance/report", s_catalog);

        Assert.Contains("Compliance: 93% of 120 pools compliant", email.Text, StringComparison.Ordinal);
        Assert.Contains("Trend: +2 points since 2026-06-22 (91%)", email.Text, StringComparison.Ordinal);
        Assert.Contains("Overdue pools: 4", email.Text, StringComparison.Ordinal);
        Assert.Contains($"Overdue:{Environment.NewLine}- Ubuntu 20.04: end of support 2025-04-02, 4 pools (1 not planned)", email.Text, StringComparison.Ordinal);
        Assert.Contains($"Next deadlines:{Environment.NewLine}- Azure Linux 2.0: end of support 2025-11-30, 8 pools (0 not planned)", email.Text, StringComparison.Ordinal);
        Assert.Contains("<ul><li>Ubuntu 20.04: end of support 2025-04-02, 4 pools (1 not planned)</li></ul>", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Window:", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Start:", email.Text, StringComparison.Ordinal);
    }
}
