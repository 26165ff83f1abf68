using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Notifications;

namespace AksUpgradeDashboard.Tests.Notifications;

public class NotificationAudienceTests
{
    private const string Tenant = "7c1d4a3e-5b2f-4e6a-8d9c-0f1e2d3c4b5a";

    // Olivia created the window and is an approver too; Paul (an operator) saved revision 2; Erin (an operator and an
    // approver) saved revision 3; Ada approved the revision the event is about; Bob is an approver who has not; Nora is an
    // approver without an address; Vera only reads; Adam and Alex are admins (Alex turned the digest off); Dina is a viewer
    // who asked for the digest. The records hold ids as they were stored: some by the sign-in name of before (FormerId),
    // some in another case.
    private static readonly NotifiedPerson s_olivia = Person("olivia", "Olivia", [DashboardRoles.Operator, DashboardRoles.Approver]);
    private static readonly NotifiedPerson s_paul = Person("paul", "Paul", [DashboardRoles.Operator]);
    private static readonly NotifiedPerson s_erin = Person("erin", "Erin", [DashboardRoles.Operator, DashboardRoles.Approver]);
    private static readonly NotifiedPerson s_ada = Person("ada", "Ada", [DashboardRoles.Approver]);
    private static readonly NotifiedPerson s_bob = Person("bob", "Bob", [DashboardRoles.Approver]);
    private static readonly NotifiedPerson s_nora = Person("nora", "Nora", [DashboardRoles.Approver]) with { Email = null };
    private static readonly NotifiedPerson s_vera = Person("vera", "Vera", [DashboardRoles.Viewer]);
    private static readonly NotifiedPerson s_adam = Person("adam", "Adam", [DashboardRoles.Admin]);
    private static readonly NotifiedPerson s_alex = Person("alex", "Alex", [DashboardRoles.Admin]) with { WeeklyDigest = false };
    private static readonly NotifiedPerson s_dina = Person("dina", "Dina", [DashboardRoles.Viewer]) with { WeeklyDigest = true };

    private static readonly IReadOnlyList<NotifiedPerson> s_directory = [s_olivia, s_paul, s_erin, s_ada, s_bob, s_nora, s_vera, s_adam, s_alex, s_dina];

    private static readonly WindowPeople s_window = new(
        new WindowAuthors("OLIVIA@contoso.example", [new("olivia@contoso.example", 1), new("Paul@Contoso.Example", 2), new(Id("ERIN"), 3)]),
        ["ADA@contoso.example"]);

    private static string Id(string name) => $"{Tenant}/{name}";

    private static NotifiedPerson Person(string name, string display, string[] roles) => new(
        Id(name), display, $"{name}@contoso.example", $"{name}@contoso.example", roles.ToHashSet(StringComparer.Ordinal), null, new HashSet<NotificationKind>(), null);

    private static string[] Names(IEnumerable<NotifiedPerson> people) => [.. people.Select(p => p.Name).Order(StringComparer.Ordinal)];

    // Who is e-mailed about each kind when nobody in the directory did it (the dashboard's own events, or an outsider's).
    public static TheoryData<NotificationKind, string[]> Everyone => new()
    {
        // Only approvers who may decide it: not Olivia (the creator, matched by her former id in another case), not
        // Erin (an editor, matched in another case), not Ada (already approved, matched by her former id); Nora has no address.
        { NotificationKind.Submitted, ["Bob"] },
        { NotificationKind.Escalated, ["Bob"] },
        { NotificationKind.Approved, ["Erin", "Olivia", "Paul"] },
        { NotificationKind.Rejected, ["Erin", "Olivia", "Paul"] },
        { NotificationKind.NotReached, ["Erin", "Olivia", "Paul"] },
        { NotificationKind.Cancelled, ["Ada", "Olivia"] },
        { NotificationKind.ApprovalsVoided, ["Ada", "Olivia"] },
        { NotificationKind.Reminder, ["Ada", "Erin", "Olivia", "Paul"] },
        // A run on Azure concerns the same people as a reminder: the window's authors and its approvers.
        { NotificationKind.ExecutionStarted, ["Ada", "Erin", "Olivia", "Paul"] },
        { NotificationKind.ExecutionFailed, ["Ada", "Erin", "Olivia", "Paul"] },
        { NotificationKind.ExecutionCompleted, ["Ada", "Erin", "Olivia", "Paul"] },
        // Admins by default (not Alex, who turned it off), others only when they asked (Dina, not Vera).
        { NotificationKind.WeeklyDigest, ["Adam", "Dina"] },
    };

    [Fact]
    public void Everyone_Table_CoversEveryKind() =>
        Assert.Equal(NotificationKinds.All.Order(), Everyone.Select(row => row.Data.Item1).Order());

    [Theory]
    [MemberData(nameof(Everyone))]
    public void For_EachKind_ChoosesWhoTheRuleNames(NotificationKind kind, string[] expected) =>
        Assert.Equal(expected, Names(NotificationAudience.For(kind, kind == NotificationKind.WeeklyDigest ? null : s_window, s_directory, Actor.System.Id)));

    // The person whose action it was is never told about it, however their id was recorded or passed.
    [Theory]
    [InlineData(NotificationKind.Submitted, "bob", new[] { "Bob" }, new string[0])]
    [InlineData(NotificationKind.Approved, "paul", new[] { "Erin", "Olivia", "Paul" }, new[] { "Erin", "Olivia" })]
    [InlineData(NotificationKind.Rejected, "erin", new[] { "Erin", "Olivia", "Paul" }, new[] { "Olivia", "Paul" })]
    [InlineData(NotificationKind.Cancelled, "olivia", new[] { "Ada", "Olivia" }, new[] { "Ada" })]
    [InlineData(NotificationKind.ApprovalsVoided, "olivia", new[] { "Ada", "Olivia" }, new[] { "Ada" })]
    [InlineData(NotificationKind.Reminder, "ada", new[] { "Ada", "Erin", "Olivia", "Paul" }, new[] { "Erin", "Olivia", "Paul" })]
    [InlineData(NotificationKind.NotReached, "olivia", new[] { "Erin", "Olivia", "Paul" }, new[] { "Erin", "Paul" })]
    [InlineData(NotificationKind.WeeklyDigest, "adam", new[] { "Adam", "Dina" }, new[] { "Dina" })]
    public void For_TheActor_IsNeverToldOfTheirOwnAction(NotificationKind kind, string actor, string[] withoutActor, string[] expected)
    {
        var window = kind == NotificationKind.WeeklyDigest ? null : s_window;

        Assert.Equal(withoutActor, Names(NotificationAudience.For(kind, window, s_directory, actorId: null)));
        Assert.Equal(expected, Names(NotificationAudience.For(kind, window, s_directory, Id(actor))));
        Assert.Equal(expected, Names(NotificationAudience.For(kind, window, s_directory, Id(actor).ToUpperInvariant())));
        // An actor recorded by the sign-in name of before (no '/'), in another case.
        Assert.Equal(expected, Names(NotificationAudience.For(kind, window, s_directory, $"{actor.ToUpperInvariant()}@Contoso.Example")));
    }

    // No self-approval: whoever created or saved any revision is never asked to approve it, nor is an approver who already did.
    [Theory]
    [InlineData(NotificationKind.Submitted)]
    [InlineData(NotificationKind.Escalated)]
    public void For_ApprovalRequest_NoAuthorAndNoOneWhoApprovedIsAsked(NotificationKind kind)
    {
        var chosen = NotificationAudience.For(kind, s_window, s_directory, null);

        Assert.All(chosen, p => Assert.True(p.IsApprover));
        Assert.All(chosen, p => Assert.False(s_window.Authors.Includes(p.AsActor), $"{p.Name} is an author"));
        Assert.All(chosen, p => Assert.DoesNotContain(s_window.Approvers, p.AsActor.Is));
        // Without the window's records the same approvers are all asked: the records (not the roles) keep them out.
        Assert.Equal(["Ada", "Bob", "Erin", "Olivia"], Names(NotificationAudience.For(kind, new WindowPeople(new WindowAuthors("someone-else", []), []), s_directory, null)));
    }

    [Theory]
    [InlineData("OLIVIA@CONTOSO.EXAMPLE", true)] // the former id, in another case
    [InlineData(Tenant + "/OLIVIA", true)] // the id, in another case
    [InlineData("olivia.renamed@contoso.example", false)]
    [InlineData(Tenant + "/olivia@contoso.example", false)] // contains '/': never compared with the former id
    public void For_CreatorRecordedUnderAnyOfTheirIds_IsToldOfTheCancellation(string recordedCreator, bool told)
    {
        var window = new WindowPeople(new WindowAuthors(recordedCreator, []), []);

        Assert.Equal(told, NotificationAudience.For(NotificationKind.Cancelled, window, s_directory, null).Contains(s_olivia));
    }

    [Theory]
    [InlineData(NotificationKind.Submitted)]
    [InlineData(NotificationKind.Approved)]
    [InlineData(NotificationKind.Rejected)]
    [InlineData(NotificationKind.Cancelled)]
    [InlineData(NotificationKind.ApprovalsVoided)]
    [InlineData(NotificationKind.Reminder)]
    [InlineData(NotificationKind.Escalated)]
    [InlineData(NotificationKind.NotReached)]
    public void For_PeopleWhoTurnedTheKindOff_AreNotChosen_OtherKindsOffChangeNothing(NotificationKind kind)
    {
        var everyone = NotificationAudience.For(kind, s_window, s_directory, null);
        var offThisKind = s_directory.Select(p => p with { OptedOut = new HashSet<NotificationKind> { kind } }).ToList();
        var offEveryOtherKind = s_directory.Select(p => p with { OptedOut = NotificationKinds.All.Where(k => k != kind).ToHashSet() }).ToList();

        Assert.NotEmpty(everyone);
        Assert.Empty(NotificationAudience.For(kind, s_window, offThisKind, null));
        Assert.Equal(Names(everyone), Names(NotificationAudience.For(kind, s_window, offEveryOtherKind, null)));
    }

    [Theory]
    [InlineData(DashboardRoles.Admin, null, true)]
    [InlineData(DashboardRoles.Admin, true, true)]
    [InlineData(DashboardRoles.Admin, false, false)]
    [InlineData(DashboardRoles.Viewer, null, false)]
    [InlineData(DashboardRoles.Viewer, true, true)]
    [InlineData(DashboardRoles.Approver, null, false)]
    [InlineData(DashboardRoles.Operator, true, true)]
    public void For_WeeklyDigest_AdminsUnlessOff_OthersOnlyWhenOn(string role, bool? weeklyDigest, bool chosen)
    {
        var person = Person("pat", "Pat", [role]) with { WeeklyDigest = weeklyDigest };

        Assert.Equal(chosen, NotificationAudience.For(NotificationKind.WeeklyDigest, null, [person], Actor.System.Id).Count == 1);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void For_PersonWithoutAnAddress_IsNeverChosen(string? email)
    {
        var approver = s_bob with { Email = email };

        Assert.Single(NotificationAudience.For(NotificationKind.Submitted, s_window, [s_bob], null));
        Assert.Empty(NotificationAudience.For(NotificationKind.Submitted, s_window, [approver], null));
    }

    [Fact]
    public void For_SamePersonListedTwice_IsChosenOnce_InIdOrder()
    {
        var twice = new List<NotifiedPerson> { s_paul, s_olivia, s_erin with { Id = s_erin.Id.ToUpperInvariant() }, s_erin };

        var chosen = NotificationAudience.For(NotificationKind.Approved, s_window, twice, null);

        Assert.Equal(3, chosen.Count);
        Assert.Equal(chosen.Select(p => p.Id).Order(StringComparer.Ordinal), chosen.Select(p => p.Id));
    }
}
