using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Notifications;
using AksUpgradeDashboard.Tests.Shared;
using AksUpgradeDashboard.Windows;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>
/// Notifications end to end with real parts: the app's outbox and sender, a real SMTP server and a real HTTP listener on
/// 127.0.0.1, a real database (shared between factories for a restart and for two replicas), and the fake clock.
/// </summary>
public abstract class NotificationTests(TestDatabaseProvider provider)
{
    private const string PublicUrl = "https://aks-upgrades.contoso.example";
    private const string Secret = "webhook-secret-0123456789";
    private const string Production = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";
    private const string Title = "Orders to Azure Linux 3";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DashboardFactory Factory(TestSmtpServer smtp, TestWebhookReceiver? hook = null, string format = "Json", TestDatabase? database = null)
    {
        var factory = new DashboardFactory(provider)
            .With("Dashboard:PublicUrl", PublicUrl)
            .With("Notifications:Smtp:Host", "127.0.0.1")
            .With("Notifications:Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
            .With("Notifications:Smtp:Security", "None")
            .With("Notifications:Smtp:From", "AKS Upgrade Dashboard <aks-upgrades@contoso.example>");
        if (hook is not null)
        {
            factory.With("Notifications:Webhooks:ops:Url", hook.Url).With("Notifications:Webhooks:ops:Format", format).With("Notifications:Webhooks:ops:Secret", Secret);
        }

        return database is null ? factory : factory.WithDatabase(database);
    }

    private static object Body(string title = Title, string start = "2026-12-19T02:00:00+00:00", string end = "2026-12-19T08:00:00+00:00") => new
    {
        title, subscriptionId = Production, resourceGroup = "rg-orders-prod", cluster = "aks-orders-prod-uks", nodePools = new[] { "workers" },
        kind = "OsSkuChange", target = "AzureLinux3", start, end, timeZone = "Europe/London",
    };

    [Fact]
    public async Task Submitted_EveryApproverWhoMayApproveIsEmailedWithTheirInboxLink_AndTheWebhookGetsASignedEvent()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var hook = await TestWebhookReceiver.StartAsync();
        await using var factory = Factory(smtp, hook);
        var olivia = factory.CreateClientAs("olivia");
        var id = await CreateAsync(olivia);

        await PostAsync(olivia, id, "submit", new { comment = "Ready for CAB" });
        await SendAsync(factory);
        await SendAsync(factory);

        // Anna and Paul approve; Olivia wrote it, Victor and Ada are not approvers.
        Assert.Equal(["anna@contoso.example", "paul@contoso.example"], smtp.Messages.SelectMany(m => m.To.Mailboxes).Select(m => m.Address).Order());
        var mail = Assert.Single(smtp.To("anna@contoso.example"));
        Assert.Equal($"Approval requested: {Title} (aks-orders-prod-uks)", mail.Subject);
        Assert.Equal("aks-upgrades@contoso.example", mail.From.Mailboxes.Single().Address);
        Assert.Contains($"{PublicUrl}/approvals#window-{id}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{PublicUrl}/approvals#window-{id}\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Olivia Operator submitted an upgrade window for approval.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Comment: Ready for CAB", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Start: Sat 19 Dec 2026 02:00 Europe/London", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Pools: workers", mail.TextBody, StringComparison.Ordinal);

        var request = Assert.Single(hook.Requests);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(request.Body)));
        Assert.Equal(expected, request.Headers["X-Dashboard-Signature"]);
        Assert.Equal("window.submitted", request.Headers["X-Dashboard-Event"]);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("window.submitted", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(id, json.RootElement.GetProperty("window").GetProperty("id").GetGuid());
        Assert.Equal("Olivia Operator", json.RootElement.GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal($"{PublicUrl}/approvals#window-{id}", json.RootElement.GetProperty("url").GetString());
        Assert.Equal("2026-12-19T02:00:00.0000000Z", json.RootElement.GetProperty("window").GetProperty("start").GetString());
    }

    [Fact]
    public async Task Approved_TheCreatorIsEmailedTheCommentInTheirOwnZone_TheApproverIsNot()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var factory = Factory(smtp);
        await RememberAsync(factory, "olivia@contoso.example", "Olivia Operator", "Dashboard.Operator", timeZone: "America/New_York");
        var (olivia, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"));
        var id = await CreateAsync(olivia);
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });
        await ApproveAsync(anna, id, "Looks right <b>today</b>");

        await SendAsync(factory);

        var approved = Assert.Single(smtp.To("olivia@contoso.example"));
        Assert.Equal($"Approved: {Title} (aks-orders-prod-uks)", approved.Subject);
        Assert.Contains("Comment: Looks right <b>today</b>", approved.TextBody, StringComparison.Ordinal);
        Assert.Contains("Looks right &lt;b&gt;today&lt;/b&gt;", approved.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Start: Fri 18 Dec 2026 21:00 America/New_York", approved.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{PublicUrl}/windows/{id}", approved.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(smtp.To("anna@contoso.example"), m => (m.Subject ?? "").StartsWith("Approved", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostileTitle_EveryFieldIsEscapedInTheHtml_AndTheSlackTextEscapesItsControlCharacters()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var hook = await TestWebhookReceiver.StartAsync();
        await using var factory = Factory(smtp, hook, format: "Slack");
        var olivia = factory.CreateClientAs("olivia");
        const string hostile = "<script>alert('x')</script> & <img src=https://evil.example/p.png>";
        var id = await CreateAsync(olivia, Body(title: hostile));

        await PostAsync(olivia, id, "submit", new { comment = "<a href=\"https://evil.example\">click</a>" });
        await SendAsync(factory);

        var html = Assert.Single(smtp.To("anna@contoso.example")).HtmlBody;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("evil.example\">", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img", html, StringComparison.Ordinal);
        using var slack = JsonDocument.Parse(Assert.Single(hook.Requests).Body);
        var text = slack.RootElement.GetProperty("text").GetString()!;
        Assert.StartsWith("Approval requested: &lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;img", text, StringComparison.Ordinal);
        Assert.Contains($"<{PublicUrl}/approvals#window-{id}|Decide it in your approval inbox>",
            slack.RootElement.GetProperty("blocks")[2].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MailServerDown_RetriedWithBackOff_DeliveredOnceItIsBack_AndAdminsSeeBoth()
    {
        await using var smtp = new TestSmtpServer(); // not started: connections are refused
        await using var factory = Factory(smtp);
        var olivia = factory.CreateClientAs("olivia");
        var id = await CreateAsync(olivia);
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });

        await SendAsync(factory);
        var down = await HealthAsync(factory);
        await smtp.StartAsync();
        await SendAsync(factory); // the back-off has not passed
        var beforeRetry = smtp.Messages.Count;
        factory.Time.Advance(DeliveryRetry.FirstDelay);
        await SendAsync(factory);
        var up = await HealthAsync(factory);

        Assert.Equal(0, beforeRetry);
        Assert.StartsWith($"Could not connect to the SMTP server 127.0.0.1:{smtp.Port}", down.LastError, StringComparison.Ordinal);
        Assert.Equal(2, down.Pending);
        Assert.Null(down.LastSentAt);
        Assert.Equal(2, smtp.Messages.Count);
        Assert.Equal(factory.Time.GetUtcNow(), up.LastSentAt);
        Assert.Equal(0, up.Pending);
        await using var db = factory.Database.OpenContext();
        Assert.All(await db.NotificationDeliveries.ToListAsync(Ct), d => Assert.Equal((DeliveryStatus.Sent, 2), (d.Status, d.Attempts)));
    }

    [Fact]
    public async Task MailServerDownLongerThanGiveUpAfter_GivenUpWithTheErrorKept_AndNotTriedAgain()
    {
        await using var smtp = new TestSmtpServer();
        await using var factory = Factory(smtp).With("Notifications:GiveUpAfter", "00:05:00");
        var olivia = factory.CreateClientAs("olivia");
        await PostAsync(olivia, await CreateAsync(olivia), "submit", new { comment = (string?)null });

        for (var i = 0; i < 8; i++)
        {
            await SendAsync(factory);
            factory.Time.Advance(TimeSpan.FromMinutes(1));
        }

        await using var db = factory.Database.OpenContext();
        var deliveries = await db.NotificationDeliveries.ToListAsync(Ct);
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d =>
        {
            Assert.Equal(DeliveryStatus.GaveUp, d.Status);
            Assert.StartsWith("Could not connect to the SMTP server", d.LastError, StringComparison.Ordinal);
        });
        var attempts = deliveries.Sum(d => d.Attempts);
        await smtp.StartAsync();
        factory.Time.Advance(TimeSpan.FromHours(1));
        await SendAsync(factory);
        Assert.Empty(smtp.Messages);
        Assert.Equal(2, (await HealthAsync(factory)).GaveUp);
        Assert.Equal(attempts, (await db.NotificationDeliveries.AsNoTracking().ToListAsync(Ct)).Sum(d => d.Attempts));
    }

    [Fact]
    public async Task AddressRefused_GivenUpAtOnce_OthersDelivered()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        smtp.Refused["anna@contoso.example"] = true;
        await using var factory = Factory(smtp);
        var olivia = factory.CreateClientAs("olivia");
        await PostAsync(olivia, await CreateAsync(olivia), "submit", new { comment = (string?)null });

        await SendAsync(factory);

        Assert.Single(smtp.To("paul@contoso.example"));
        Assert.Empty(smtp.To("anna@contoso.example"));
        await using var db = factory.Database.OpenContext();
        var anna = await db.NotificationDeliveries.SingleAsync(d => d.Address == "anna@contoso.example", Ct);
        Assert.Equal((DeliveryStatus.GaveUp, 1), (anna.Status, anna.Attempts));
        Assert.StartsWith("The SMTP server refused the address anna@contoso.example: 550", anna.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_NothingIsSentTwice()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var hook = await TestWebhookReceiver.StartAsync();
        using var database = TestDatabase.Create(provider);
        await using (var first = Factory(smtp, hook, database: database))
        {
            var olivia = first.CreateClientAs("olivia");
            await PostAsync(olivia, await CreateAsync(olivia), "submit", new { comment = (string?)null });
            await SendAsync(first);
        }

        await using var second = Factory(smtp, hook, database: database);
        second.CreateClient().Dispose(); // starts it
        await BecomeSenderAsync(second);
        await SendAsync(second);

        Assert.True(second.Services.GetRequiredService<NotificationSender>().IsSender);
        Assert.Equal(2, smtp.Messages.Count);
        Assert.Single(hook.Requests);
    }

    [Fact]
    public async Task TwoReplicas_OneSendsEachMessageOnce()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var hook = await TestWebhookReceiver.StartAsync();
        using var database = TestDatabase.Create(provider);
        await using var a = Factory(smtp, hook, database: database);
        await using var b = Factory(smtp, hook, database: database);
        var olivia = a.CreateClientAs("olivia");
        b.CreateClient().Dispose();
        await PostAsync(olivia, await CreateAsync(olivia), "submit", new { comment = (string?)null });

        for (var i = 0; i < 3; i++)
        {
            await Task.WhenAll(SendAsync(a), SendAsync(b));
        }

        Assert.Equal(2, smtp.Messages.Count);
        Assert.Single(hook.Requests);
        Assert.NotEqual(a.Services.GetRequiredService<NotificationSender>().IsSender, b.Services.GetRequiredService<NotificationSender>().IsSender);
    }

    [Fact]
    public async Task Reminders_24HoursAndOneHourBeforeAnApprovedWindow_OnceEach_ToItsAuthorsAndApprovers()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var factory = Factory(smtp);
        var (olivia, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"));
        // Starts three days after the test clock's now (2026-11-25 12:00 UTC).
        var id = await CreateAsync(olivia, Body(start: "2026-11-28T12:00:00+00:00", end: "2026-11-28T18:00:00+00:00"));
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });
        await ApproveAsync(anna, id, "Go");
        await SendAsync(factory);
        var decided = smtp.Messages.Count;

        factory.Time.Advance(TimeSpan.FromHours(47)); // 25 hours before: nothing due yet
        await SendAsync(factory);
        var early = smtp.Messages.Count - decided;
        factory.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await SendAsync(factory);
        await SendAsync(factory);
        var dayBefore = Reminders(smtp, "24 hours");
        factory.Time.Advance(TimeSpan.FromHours(23));
        await SendAsync(factory);
        await SendAsync(factory);

        Assert.Equal(0, early);
        Assert.Equal(["anna@contoso.example", "olivia@contoso.example"], dayBefore);
        Assert.Equal(["anna@contoso.example", "olivia@contoso.example"], Reminders(smtp, "1 hour"));
        Assert.Contains("The approved upgrade window starts in 1 hour.", smtp.To("anna@contoso.example")[^1].TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminders_MoveWithAnEditedStart()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var factory = Factory(smtp);
        var (olivia, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"));
        var id = await CreateAsync(olivia, Body(start: "2026-11-28T12:00:00+00:00", end: "2026-11-28T18:00:00+00:00"));
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });
        await ApproveAsync(anna, id, "Go");
        // Moved a day later, and approved again.
        var window = await olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct);
        var moved = await olivia.PutAsJsonAsync($"/api/v1/windows/{id}", new
        {
            title = Title, subscriptionId = Production, resourceGroup = "rg-orders-prod", cluster = "aks-orders-prod-uks", nodePools = new[] { "workers" },
            kind = "OsSkuChange", target = "AzureLinux3", start = "2026-11-29T12:00:00+00:00", end = "2026-11-29T18:00:00+00:00", timeZone = "Europe/London",
            revision = window.GetProperty("revision").GetInt32(),
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        await ApproveAsync(anna, id, "Still fine", revision: 2);

        factory.Time.Advance(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(1)); // the old start's day-before mark
        await SendAsync(factory);
        var atOldMark = Reminders(smtp, "24 hours").Count;
        factory.Time.Advance(TimeSpan.FromHours(24));
        await SendAsync(factory);

        Assert.Equal(0, atOldMark);
        Assert.Equal(["anna@contoso.example", "olivia@contoso.example"], Reminders(smtp, "24 hours"));
        Assert.Contains("Start: Sun 29 Nov 2026 12:00 Europe/London", smtp.To("anna@contoso.example")[^1].TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalation_SubmittedAndUndecided24HoursBeforeItsStart_ApproversAreTold()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var factory = Factory(smtp);
        var olivia = factory.CreateClientAs("olivia");
        var id = await CreateAsync(olivia, Body(start: "2026-11-28T12:00:00+00:00", end: "2026-11-28T18:00:00+00:00"));
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });

        factory.Time.Advance(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(5));
        await SendAsync(factory);
        await SendAsync(factory);

        var escalations = smtp.Messages.Where(m => (m.Subject ?? "").StartsWith("Still undecided", StringComparison.Ordinal)).ToList();
        Assert.Equal(["anna@contoso.example", "paul@contoso.example"], escalations.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.Contains($"{PublicUrl}/approvals#window-{id}", escalations[0].TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotReached_TheAuthorsAreTold_WithWhatTheInventoryShows()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var factory = Factory(smtp);
        var (olivia, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"));
        var id = await CreateAsync(olivia, Body(start: "2026-12-01T02:00:00+00:00", end: "2026-12-01T08:00:00+00:00"));
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });
        await ApproveAsync(anna, id, "Go");

        factory.Time.Advance(TimeSpan.FromDays(12));
        await factory.Services.GetRequiredService<InventoryStore>().RefreshAsync(Ct);
        await factory.Services.GetRequiredService<WindowCompletionService>().CheckAsync(Ct);
        await SendAsync(factory);

        var mail = Assert.Single(smtp.To("olivia@contoso.example"), m => (m.Subject ?? "").StartsWith("Not reached", StringComparison.Ordinal));
        Assert.Contains("workers: still on AzureLinux, not AzureLinux3", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(smtp.To("anna@contoso.example"), m => (m.Subject ?? "").StartsWith("Not reached", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OptedOut_ThatKindIsNotSentToThem()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var factory = Factory(smtp);
        await RememberAsync(factory, "anna@contoso.example", "Anna Approver", "Dashboard.Approver", optOuts: "Submitted");
        var olivia = factory.CreateClientAs("olivia");
        await PostAsync(olivia, await CreateAsync(olivia), "submit", new { comment = (string?)null });

        await SendAsync(factory);

        Assert.Empty(smtp.To("anna@contoso.example"));
        Assert.Single(smtp.To("paul@contoso.example"));
    }

    [Fact]
    public async Task WeeklyDigest_OnMondayMorning_ToAdminsAndViewersWhoOptedIn_Once()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var hook = await TestWebhookReceiver.StartAsync();
        await using var factory = Factory(smtp, hook, format: "Teams");
        factory.CreateClient().Dispose();
        await RememberAsync(factory, "victor@contoso.example", "Victor Viewer", "Dashboard.Viewer", weeklyDigest: true);

        await SendAsync(factory); // Wednesday: not due
        var midweek = smtp.Messages.Count;
        factory.Time.Advance(new DateTimeOffset(2026, 11, 30, 7, 5, 0, TimeSpan.Zero) - factory.Time.GetUtcNow());
        await SendAsync(factory);
        await SendAsync(factory);

        Assert.Equal(0, midweek);
        Assert.Equal(["ada@contoso.example", "victor@contoso.example"], smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        var digest = smtp.To("ada@contoso.example").Single();
        Assert.StartsWith("Weekly AKS compliance: ", digest.Subject, StringComparison.Ordinal);
        Assert.Matches(@"Compliance: [\d.]+ % of [\d,]+ pools compliant", digest.TextBody);
        Assert.Contains($"{PublicUrl}/compliance/report", digest.TextBody, StringComparison.Ordinal);
        using var card = JsonDocument.Parse(Assert.Single(hook.Requests).Body);
        Assert.Equal("message", card.RootElement.GetProperty("type").GetString());
        var attachment = card.RootElement.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        Assert.Equal("AdaptiveCard", attachment.GetProperty("content").GetProperty("type").GetString());
        Assert.Equal($"{PublicUrl}/compliance/report", attachment.GetProperty("content").GetProperty("actions")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Webhook_ServerErrorIsRetried_NotFoundIsGivenUp()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var hook = await TestWebhookReceiver.StartAsync();
        await using var factory = Factory(smtp, hook);
        var olivia = factory.CreateClientAs("olivia");
        hook.Answers.Enqueue(503);
        var first = await CreateAsync(olivia);
        await PostAsync(olivia, first, "submit", new { comment = (string?)null });

        await SendAsync(factory);
        factory.Time.Advance(DeliveryRetry.FirstDelay);
        await SendAsync(factory);
        hook.Answers.Enqueue(404);
        await PostAsync(olivia, first, "cancel", new { comment = "Not needed" });
        await SendAsync(factory);
        factory.Time.Advance(TimeSpan.FromHours(1));
        await SendAsync(factory);

        Assert.Equal([503, 200, 404], hook.Requests.Select(r => r.AnsweredWith));
        Assert.Equal(hook.Requests.First().Headers["X-Dashboard-Delivery"], hook.Requests.ElementAt(1).Headers["X-Dashboard-Delivery"]);
        var health = (await factory.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<NotificationHealth>().ChannelsAsync(Ct)).Single(c => c.Channel == "webhook:ops");
        Assert.Equal(1, health.GaveUp);
        Assert.Equal($"The webhook 'ops' ({new Uri(hook.Url).Authority}) answered 404 Not Found.", health.LastError);
    }

    [Fact]
    public async Task SignIn_RemembersThePersonsNameAddressAndRoles()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var factory = Factory(smtp);
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Clear();
        var form = await client.GetStringAsync("/account/sign-in", Ct);
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        var signIn = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["user"] = "paul", ["returnUrl"] = "/",
        }), Ct);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        await using var db = factory.Database.OpenContext();
        var paul = await db.People.SingleAsync(Ct);
        Assert.Equal(("paul@contoso.example", "Paul Platform-lead", "paul@contoso.example", "Dashboard.Operator,Dashboard.Approver"), (paul.Id, paul.Name, paul.Email, paul.Roles));
        Assert.Equal(factory.Time.GetUtcNow().UtcDateTime, paul.LastSignInAtUtc);
    }

    [Fact]
    public async Task CalendarFeed_LinksUseThePublicUrl_WhateverAddressTheRequestCameTo()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var factory = Factory(smtp);
        var id = await CreateAsync(factory.CreateClientAs("olivia"));

        var feed = await factory.CreateClientAs("olivia").GetStringAsync("/api/v1/windows.ics", Ct);

        var ev = Assert.Single(Ical.Net.Calendar.Load(feed)!.Events);
        Assert.Equal(new Uri($"{PublicUrl}/windows/{id}"), ev.Url);
        Assert.Contains($"Open: {PublicUrl}/windows/{id}", ev.Description, StringComparison.Ordinal);
    }

    // Review finding: a delivery was given up as soon as its next back-off would pass GiveUpAfter, up to 30 minutes early.
    [Fact]
    public async Task MailServerDown_RetriedUntilGiveUpAfterHasPassed_NotEarlier()
    {
        await using var smtp = new TestSmtpServer();
        await using var factory = Factory(smtp).With("Notifications:GiveUpAfter", "01:00:00");
        var olivia = factory.CreateClientAs("olivia");
        await PostAsync(olivia, await CreateAsync(olivia), "submit", new { comment = (string?)null });

        var statusAt = new Dictionary<int, DeliveryStatus>();
        for (var minute = 0; minute <= 70; minute++)
        {
            await SendAsync(factory);
            await using var db = factory.Database.OpenContext();
            statusAt[minute] = (await db.NotificationDeliveries.FirstAsync(Ct)).Status;
            factory.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(DeliveryStatus.Pending, statusAt[59]);
        Assert.Equal(DeliveryStatus.GaveUp, statusAt[60]);
    }

    // Review finding: roles and addresses are as of the last sign-in; someone gone for months kept getting requests.
    [Fact]
    public async Task PersonNotSignedInFor90Days_NoLongerEmailed()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var factory = Factory(smtp);
        await RememberAsync(factory, "anna@contoso.example", "Anna Approver", "Dashboard.Approver", lastSignIn: factory.Time.GetUtcNow().UtcDateTime.AddDays(-91));
        await RememberAsync(factory, "paul@contoso.example", "Paul Platform-lead", "Dashboard.Operator,Dashboard.Approver", lastSignIn: factory.Time.GetUtcNow().UtcDateTime.AddDays(-89));
        var olivia = factory.CreateClientAs("olivia");
        await PostAsync(olivia, await CreateAsync(olivia), "submit", new { comment = (string?)null });

        await SendAsync(factory);

        Assert.Empty(smtp.To("anna@contoso.example"));
        Assert.Single(smtp.To("paul@contoso.example"));
    }

    // Review finding: the webhook client logged each request's URL at Information, and a Slack URL's path is its secret.
    [Fact]
    public async Task Webhook_UrlNeverWrittenToTheLog()
    {
        await using var smtp = await TestSmtpServer.StartedAsync();
        await using var hook = await TestWebhookReceiver.StartAsync();
        await using var factory = Factory(smtp, hook);
        var olivia = factory.CreateClientAs("olivia");
        await PostAsync(olivia, await CreateAsync(olivia), "submit", new { comment = (string?)null });

        await SendAsync(factory);

        Assert.Single(hook.Requests);
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Message.Contains(hook.Url, StringComparison.Ordinal));
    }

    private static List<string> Reminders(TestSmtpServer smtp, string lead) =>
        [.. smtp.Messages.Where(m => (m.Subject ?? "").StartsWith($"Starts in {lead}:", StringComparison.Ordinal)).Select(m => m.To.Mailboxes.Single().Address).Order()];

    private static async Task<ChannelHealth> HealthAsync(DashboardFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<NotificationHealth>().ChannelsAsync(Ct)).Single(c => c.Channel == NotificationDeliveryEntity.EmailChannel);
    }

    private static Task SendAsync(DashboardFactory factory) => factory.Services.GetRequiredService<NotificationSender>().RunAsync(Ct);

    // A replica started on a database whose lease another (stopped) replica held takes it once it has seen it unrenewed for a lease.
    private static async Task BecomeSenderAsync(DashboardFactory factory)
    {
        var sender = factory.Services.GetRequiredService<NotificationSender>();
        for (var i = 0; i < 3 && !sender.IsSender; i++)
        {
            await sender.RunAsync(Ct);
            if (!sender.IsSender)
            {
                factory.Time.Advance(TimeSpan.FromMinutes(2));
            }
        }
    }

    private static async Task RememberAsync(DashboardFactory factory, string id, string name, string roles, string? timeZone = null, string? optOuts = null, bool? weeklyDigest = null, DateTime? lastSignIn = null)
    {
        factory.CreateClient().Dispose(); // the app has migrated its database
        await using var db = factory.Database.OpenContext();
        db.People.Add(new PersonEntity { Id = id, Name = name, Email = id, Roles = roles, TimeZone = timeZone, EmailOptOuts = optOuts, WeeklyDigest = weeklyDigest, LastSignInAtUtc = lastSignIn ?? factory.Time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<Guid> CreateAsync(HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/windows", body ?? Body(), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static async Task PostAsync(HttpClient client, Guid id, string action, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/windows/{id}/{action}", body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task ApproveAsync(HttpClient client, Guid id, string comment, int revision = 1)
    {
        var window = await client.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct);
        var codes = window.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).OfType<string>().Distinct().ToArray();
        await PostAsync(client, id, "approve", new { comment, revision, acknowledgedWarnings = codes });
    }
}

public sealed class SqliteNotificationTests() : NotificationTests(TestDatabaseProvider.Sqlite);

public sealed class PostgreSqlNotificationTests() : NotificationTests(TestDatabaseProvider.PostgreSql);
