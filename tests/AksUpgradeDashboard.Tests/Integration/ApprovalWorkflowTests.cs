using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>The approval workflow through the API, on a real SQLite file: who may do what, and what the audit trail keeps.</summary>
public abstract class ApprovalWorkflowTests(TestDatabaseProvider provider)
{
    private const string Production = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Body(string title = "Orders to Azure Linux 3", string start = "2026-12-19T02:00:00+00:00", string end = "2026-12-19T08:00:00+00:00", int? revision = null) => new
    {
        title,
        subscriptionId = Production,
        resourceGroup = "rg-orders-prod",
        cluster = "aks-orders-prod-uks",
        nodePools = new[] { "workers" },
        kind = "OsSkuChange",
        target = "AzureLinux3",
        start,
        end,
        timeZone = "Europe/London",
        notes = (string?)null,
        revision,
    };

    [Fact]
    public async Task Approve_BySomeoneElse_ApprovedAndAuditedInOrder()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"));
        var id = await CreateAsync(olivia);

        var submitted = await PostAsync(olivia, id, "submit", new { comment = "Ready for CAB" });
        var approved = await ApproveAsync(anna, id, "Looks right", 1);
        var window = await approved.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var audit = await anna.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}/audit", Ct);

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Approved", window.GetProperty("status").GetString());
        var approval = Assert.Single(window.GetProperty("approvals").EnumerateArray());
        Assert.Equal("anna@contoso.example", approval.GetProperty("approver").GetString());
        Assert.True(approval.GetProperty("current").GetBoolean());
        Assert.Equal(
            ["Created olivia@contoso.example", "Submitted olivia@contoso.example", "Approved anna@contoso.example"],
            audit.EnumerateArray().Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("actor").GetString()}"));
        Assert.Equal("Looks right (1 of 1 approval) Acknowledged: too-late.", audit[2].GetProperty("comment").GetString());
    }

    [Fact]
    public async Task Approve_CommentAtTheLengthLimit_ApprovedAndAuditedWithinTheColumn()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"));
        var id = await CreateAsync(olivia);
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });
        var comment = new string('x', UpgradeWindowRules.MaxJustificationLength);

        var approved = await ApproveAsync(anna, id, comment, 1);
        var audit = await anna.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}/audit", Ct);

        // The approval keeps the whole comment; its audit line (comment plus "(1 of 1 approval)") is cut to fit.
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var window = await approved.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(comment, Assert.Single(window.GetProperty("approvals").EnumerateArray()).GetProperty("comment").GetString());
        var audited = audit[2].GetProperty("comment").GetString()!;
        Assert.Equal(UpgradeWindowRules.MaxJustificationLength, audited.Length);
        Assert.EndsWith("x…", audited, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_ByTheCreator_Refused403AndNothingRecorded()
    {
        await using var factory = new DashboardFactory(provider);
        var paul = factory.CreateClientAs("paul");
        var id = await CreateAsync(paul);
        await PostAsync(paul, id, "submit", new { comment = (string?)null });

        var response = await ApproveAsync(paul, id, "Mine, fine", 1);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var window = await paul.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("you cannot approve it", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Submitted", window.GetProperty("status").GetString());
        Assert.Empty(window.GetProperty("approvals").EnumerateArray());
    }

    [Fact]
    public async Task Approve_ByTheLastEditor_Refused403()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, paul) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("paul"));
        var id = await CreateAsync(olivia);
        Assert.Equal(HttpStatusCode.OK, (await paul.PutAsJsonAsync($"/api/v1/windows/{id}", Body(title: "Edited by Paul", revision: 1), Ct)).StatusCode);
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });

        var response = await ApproveAsync(paul, id, "ok", 2);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Edit_AfterApproval_VoidsApprovalsBackToSubmittedAndSaysSo()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"));
        var id = await CreateAsync(olivia);
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });
        await ApproveAsync(anna, id, "ok", 1);

        var edited = await olivia.PutAsJsonAsync($"/api/v1/windows/{id}", Body(start: "2026-12-19T03:00:00+00:00", end: "2026-12-19T09:00:00+00:00", revision: 1), Ct);
        var window = await edited.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var audit = await anna.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}/audit", Ct);
        var staleApproval = await ApproveAsync(anna, id, "ok", 1);
        var freshApproval = await ApproveAsync(anna, id, "new time is fine", 2);

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("Submitted", window.GetProperty("status").GetString());
        Assert.Equal(2, window.GetProperty("revision").GetInt32());
        Assert.False(Assert.Single(window.GetProperty("approvals").EnumerateArray()).GetProperty("current").GetBoolean());
        var entries = audit.EnumerateArray().ToList();
        Assert.Equal(["Created", "Submitted", "Approved", "Edited", "ApprovalsVoided"], entries.Select(e => e.GetProperty("action").GetString()));
        var changes = entries[3].GetProperty("changes");
        Assert.Equal("2026-12-19T02:00:00.0000000+00:00", changes.GetProperty("start").GetProperty("before").GetString());
        Assert.Equal("2026-12-19T03:00:00.0000000+00:00", changes.GetProperty("start").GetProperty("after").GetString());
        Assert.False(changes.TryGetProperty("title", out _));
        Assert.Contains("1 approval of revision 1 no longer counts", entries[4].GetProperty("comment").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, staleApproval.StatusCode);
        Assert.Equal(HttpStatusCode.OK, freshApproval.StatusCode);
    }

    [Fact]
    public async Task Approve_TwoRequired_ApprovedOnlyAfterTheSecondDistinctApprover()
    {
        await using var factory = new DashboardFactory(provider).With("Approvals:Required", "2");
        var (olivia, anna, paul) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"), factory.CreateClientAs("paul"));
        var id = await CreateAsync(olivia);
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });

        var first = await (await ApproveAsync(anna, id, "one", 1)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var again = await ApproveAsync(anna, id, "one more time", 1);
        var second = await (await ApproveAsync(paul, id, "two", 1)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal("Submitted", first.GetProperty("status").GetString());
        Assert.Equal(2, first.GetProperty("approvalsRequired").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Approved", second.GetProperty("status").GetString());
        Assert.Equal(2, second.GetProperty("approvals").GetArrayLength());
    }

    [Theory]
    [InlineData("approve", "{\"revision\":1}", "comment")]
    [InlineData("approve", "{\"comment\":\"ok\"}", "revision")]
    [InlineData("reject", "{\"comment\":\"  \"}", "comment")]
    [InlineData("approve", "{\"comment\":\"ok\\u0000\",\"revision\":1}", "comment")]
    [InlineData("reject", "{\"comment\":\"no\\u001b[31m\",\"revision\":1}", "comment")]
    public async Task Decide_MissingOrBadCommentOrRevision_Returns400NamingTheField(string action, string body, string field)
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"));
        var id = await CreateAsync(olivia);
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });

        var response = await anna.PostAsync($"/api/v1/windows/{id}/{action}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal("Submitted", (await anna.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reject_ThenEditAndResubmit_CanBeApproved()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"));
        var id = await CreateAsync(olivia);
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });

        var rejected = await PostAsync(anna, id, "reject", new { comment = "Not during the sale", revision = 1 });
        var approveRejected = await ApproveAsync(anna, id, "ok", 1);
        var edited = await olivia.PutAsJsonAsync($"/api/v1/windows/{id}", Body(start: "2026-12-20T02:00:00+00:00", end: "2026-12-20T08:00:00+00:00", revision: 1), Ct);
        var resubmitted = await PostAsync(olivia, id, "submit", new { comment = "Moved a day" });
        var approved = await ApproveAsync(anna, id, "ok now", 2);

        Assert.Equal("Rejected", (await rejected.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, approveRejected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        Assert.Equal("Approved", (await approved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_ApprovedWindow_CancelledAndNoLongerDeletable()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"));
        var id = await CreateAsync(olivia);
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });
        await ApproveAsync(anna, id, "ok", 1);

        var delete = await olivia.DeleteAsync($"/api/v1/windows/{id}", Ct);
        var cancel = await PostAsync(olivia, id, "cancel", new { comment = "Vendor asked us to wait" });

        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Equal("Cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Approve_TwoApproversAtTheSameMoment_ExactlyOneDecisionRecorded()
    {
        await using var factory = new DashboardFactory(provider);
        var olivia = factory.CreateClientAs("olivia");
        var approvers = new[] { factory.CreateClientAs("anna"), factory.CreateClientAs("paul") };
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var id = await CreateAsync(olivia, Body(title: $"Race {i}", start: $"2026-12-{10 + i}T02:00:00+00:00", end: $"2026-12-{10 + i}T08:00:00+00:00"));
            await PostAsync(olivia, id, "submit", new { comment = (string?)null });
            ids.Add(id);
        }

        // Each window: Anna approves while Paul rejects, at once.
        foreach (var id in ids)
        {
            var results = await Task.WhenAll(
                ApproveAsync(approvers[0], id, "yes", 1),
                PostAsync(approvers[1], id, "reject", new { comment = "no", revision = 1 }));
            var window = await olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct);
            var audit = await olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}/audit", Ct);

            Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.OK));
            Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.Conflict));
            var decisions = audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()).Where(a => a is "Approved" or "Rejected").ToList();
            var decision = Assert.Single(decisions);
            Assert.Equal(decision, window.GetProperty("status").GetString());
            Assert.Equal(decision == "Approved" ? 1 : 0, window.GetProperty("approvals").GetArrayLength());
        }
    }

    // The database refuses the same below EF (triggers): DatabaseTests.AuditEntries_SqlUpdateDeleteOrTruncate_RefusedByTheDatabase.
    [Fact]
    public async Task AuditEntries_UpdateOrDelete_RefusedByTheContext()
    {
        await using var factory = new DashboardFactory(provider);
        var id = await CreateAsync(factory.CreateClientAs("olivia"));

        await using var db = factory.Database.OpenContext();
        var entry = await db.AuditEntries.SingleAsync(a => a.WindowId == id, Ct);
        entry.Actor = "someone-else";
        var update = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        db.ChangeTracker.Clear();
        db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(a => a.WindowId == id, Ct));
        var delete = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        db.ChangeTracker.Clear();
        var actor = (await db.AuditEntries.AsNoTracking().SingleAsync(a => a.WindowId == id, Ct)).Actor;

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.Equal("olivia@contoso.example", actor);
    }

    [Fact]
    public async Task AuditCsv_DeletedWindow_StillListedWithItsTitle()
    {
        await using var factory = new DashboardFactory(provider);
        var olivia = factory.CreateClientAs("olivia");
        var id = await CreateAsync(olivia);
        Assert.Equal(HttpStatusCode.NoContent, (await olivia.DeleteAsync($"/api/v1/windows/{id}", Ct)).StatusCode);

        var csv = await olivia.GetStringAsync($"/api/v1/audit.csv?window={id}", Ct);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal("at,windowId,windowTitle,actor,action,revision,changes,comment,subject,actorName", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",Orders to Azure Linux 3,olivia@contoso.example,Created,1,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",Orders to Azure Linux 3,olivia@contoso.example,Deleted,1,", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",Window,Olivia Operator", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Window_ApprovedAndOpened_InProgressByItself()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"));
        var id = await CreateAsync(olivia, Body(start: "2026-11-25T14:00:00+00:00", end: "2026-11-25T20:00:00+00:00"));
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });
        await ApproveAsync(anna, id, "ok", 1);

        factory.Time.Advance(TimeSpan.FromHours(3));
        await factory.Services.GetRequiredService<AksUpgradeDashboard.Windows.WindowCompletionService>().CheckAsync(Ct);
        var window = await olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct);
        var audit = await olivia.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}/audit", Ct);

        Assert.Equal("InProgress", window.GetProperty("status").GetString());
        var last = audit.EnumerateArray().Last();
        Assert.Equal("Started system", $"{last.GetProperty("action").GetString()} {last.GetProperty("actor").GetString()}");
    }

    // Hole: Olivia creates, Paul edits (revision 2), Olivia edits again (revision 3) and submits: Paul was not the last editor,
    // so his approval of revision 3, which holds his own change, was accepted. Anyone who saved any revision is an author.
    [Fact]
    public async Task Approve_BySomeoneWhoEditedAnEarlierRevision_Refused403AndNotOfferedToThem()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, paul) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("paul"));
        var id = await CreateAsync(olivia);
        Assert.Equal(HttpStatusCode.OK, (await paul.PutAsJsonAsync($"/api/v1/windows/{id}", Body(title: "Edited by Paul", revision: 1), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await olivia.PutAsJsonAsync($"/api/v1/windows/{id}", Body(title: "Edited by Olivia again", revision: 2), Ct)).StatusCode);
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });

        var response = await ApproveAsync(paul, id, "ok", 3);
        await using var scope = factory.Services.CreateAsyncScope();
        var inbox = await scope.ServiceProvider.GetRequiredService<AksUpgradeDashboard.Windows.WindowDecisionService>().AwaitingApprovalByAsync(new AksUpgradeDashboard.Model.Windows.Actor("paul@contoso.example", "Paul"), Ct);
        var window = await paul.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("You saved revision 2 of this window, so you cannot approve it", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(inbox, w => w.Id == id);
        Assert.Equal("Submitted", window.GetProperty("status").GetString());
        Assert.Empty(window.GetProperty("approvals").EnumerateArray());
    }

    // The creator may not reject their own window (they cancel it instead).
    [Fact]
    public async Task Reject_ByTheCreator_Refused403()
    {
        await using var factory = new DashboardFactory(provider);
        var paul = factory.CreateClientAs("paul");
        var id = await CreateAsync(paul);
        await PostAsync(paul, id, "submit", new { comment = (string?)null });

        var response = await PostAsync(paul, id, "reject", new { comment = "never mind", revision = 1 });
        var window = await paul.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("cancel it instead", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("Submitted", window.GetProperty("status").GetString());
    }

    // Hole: approving did not run the rules again, so a blackout added after submission went unseen and approval succeeded.
    [Fact]
    public async Task Approve_BlackoutAddedAfterSubmission_Refused409WithTheReasonAndNothingRecorded()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, anna, ada) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"), factory.CreateClientAs("ada"));
        var id = await CreateAsync(olivia);
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });
        (await ada.PostAsJsonAsync("/api/v1/blackout-periods", new { name = "Christmas freeze", start = "2026-12-18T00:00:00Z", end = "2026-12-27T00:00:00Z" }, Ct)).EnsureSuccessStatusCode();

        var response = await ApproveAsync(anna, id, "Looks right", 1);
        var window = await anna.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("no longer passes the rules", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("blackout period 'Christmas freeze'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Submitted", window.GetProperty("status").GetString());
        Assert.Empty(window.GetProperty("approvals").EnumerateArray());
    }

    // An override acknowledged for one blackout does not cover another added after submission: each is its own code.
    [Fact]
    public async Task Approve_SecondBlackoutAddedAfterSubmission_NotCoveredByTheFirstsAcknowledgement()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, anna, ada) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"), factory.CreateClientAs("ada"));
        (await ada.PostAsJsonAsync("/api/v1/blackout-periods", new { name = "Peak season", start = "2026-12-18T00:00:00Z", end = "2026-12-20T00:00:00Z" }, Ct)).EnsureSuccessStatusCode();
        var body = new
        {
            title = "Orders to Azure Linux 3", subscriptionId = Production, resourceGroup = "rg-orders-prod", cluster = "aks-orders-prod-uks",
            nodePools = new[] { "workers" }, kind = "OsSkuChange", target = "AzureLinux3",
            start = "2026-12-19T02:00:00+00:00", end = "2026-12-19T08:00:00+00:00", timeZone = "Europe/London", blackoutJustification = "Azure Linux 2 images are gone: cannot wait",
        };
        var id = await CreateAsync(olivia, body);
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });
        (await ada.PostAsJsonAsync("/api/v1/blackout-periods", new { name = "Christmas freeze", start = "2026-12-18T12:00:00Z", end = "2026-12-27T00:00:00Z" }, Ct)).EnsureSuccessStatusCode();

        var response = await PostAsync(anna, id, "approve", new { comment = "ok", revision = 1, acknowledgedWarnings = new[] { "too-late", "blackout-override:Peak season" } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString();
        Assert.Contains("blackout-override:Christmas freeze", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("blackout-override:Peak season:", detail, StringComparison.Ordinal);
    }

    // An approver must tick every current warning; the codes are stored with the approval and in the audit trail.
    [Fact]
    public async Task Approve_CurrentWarningNotAcknowledged_Refused409NamingIt_ThenApprovedWithTheAcknowledgementStored()
    {
        await using var factory = new DashboardFactory(provider);
        var (olivia, anna) = (factory.CreateClientAs("olivia"), factory.CreateClientAs("anna"));
        var id = await CreateAsync(olivia);
        await PostAsync(olivia, id, "submit", new { comment = (string?)null });

        var unacknowledged = await PostAsync(anna, id, "approve", new { comment = "ok", revision = 1, acknowledgedWarnings = Array.Empty<string>() });
        var problem = await unacknowledged.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var approved = await PostAsync(anna, id, "approve", new { comment = "ok", revision = 1, acknowledgedWarnings = new[] { "too-late" } });
        var window = await approved.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var audit = await anna.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}/audit", Ct);

        Assert.Equal(HttpStatusCode.Conflict, unacknowledged.StatusCode);
        Assert.StartsWith("Acknowledge every current warning to approve (acknowledgedWarnings): too-late: Too late for pool 'workers'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(problem.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "too-late");
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(["too-late"], Assert.Single(window.GetProperty("approvals").EnumerateArray()).GetProperty("acknowledgedWarnings").EnumerateArray().Select(c => c.GetString()));
        Assert.EndsWith("Acknowledged: too-late.", audit.EnumerateArray().Last().GetProperty("comment").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Approves <paramref name="revision"/>, acknowledging the warnings the window has now (as an approver ticks them).</summary>
    private static async Task<HttpResponseMessage> ApproveAsync(HttpClient client, Guid id, string comment, int revision)
    {
        var window = await client.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct);
        var codes = window.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).OfType<string>().Distinct().ToArray();
        return await PostAsync(client, id, "approve", new { comment, revision, acknowledgedWarnings = codes });
    }

    private static async Task<Guid> CreateAsync(HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/windows", body ?? Body(), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Guid id, string action, object body) =>
        client.PostAsJsonAsync($"/api/v1/windows/{id}/{action}", body, Ct);
}

public sealed class SqliteApprovalWorkflowTests() : ApprovalWorkflowTests(TestDatabaseProvider.Sqlite);

public sealed class PostgreSqlApprovalWorkflowTests() : ApprovalWorkflowTests(TestDatabaseProvider.PostgreSql);
