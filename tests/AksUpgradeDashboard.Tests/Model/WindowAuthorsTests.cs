using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Tests.Model;

public class WindowAuthorsTests
{
    // Olivia created (revision 1), Paul saved revision 2, Olivia saved revision 3.
    private static readonly WindowAuthors s_authors = new("olivia@contoso.example", [new("olivia@contoso.example", 1), new("paul@contoso.example", 2), new("olivia@contoso.example", 3)]);

    [Theory]
    [InlineData("olivia@contoso.example", "You created this window, so you cannot approve it: another approver must.", "You created this window, so you cannot reject it: cancel it instead.")]
    [InlineData("OLIVIA@contoso.example", "You created this window, so you cannot approve it: another approver must.", "You created this window, so you cannot reject it: cancel it instead.")]
    [InlineData("paul@contoso.example", "You saved revision 2 of this window, so you cannot approve it: another approver must.", null)]
    [InlineData("anna@contoso.example", null, null)]
    public void WhoMayDecide_CreatorEditorOrSomeoneElse(string user, string? notApprover, string? notRejecter)
    {
        var actor = new Actor(user, "Someone", user);
        Assert.Equal(notApprover, s_authors.WhyNotApprover(actor));
        Assert.Equal(notRejecter, s_authors.WhyNotRejecter(actor));
        Assert.Equal(notApprover is not null, s_authors.Includes(actor));
    }

    private const string Tenant = "7c1d4a3e-5b2f-4e6a-8d9c-0f1e2d3c4b5a";
    private const string Olga = Tenant + "/1b7e4c2a-9f3d-4e8b-a6c5-2d1f0e9b8a7c";

    // Entra ID ids are tenant/object id; a record from before that change holds a sign-in name.
    public static TheoryData<string, string, string?, bool> Matches => new()
    {
        { "same tenant and object id", Olga, "olga@fabrikam.example", true },
        { "same id in another case", Olga.ToUpperInvariant(), "olga@fabrikam.example", true },
        { "another object id, same sign-in name", Tenant + "/00000000-0000-0000-0000-00000000000a", "olga@fabrikam.example", false },
        { "legacy record of the sign-in name", "olga@fabrikam.example", "olga@fabrikam.example", true },
        { "legacy record of the sign-in name in another case", "Olga@Fabrikam.example", "olga@fabrikam.example", true },
        { "legacy record of someone else", "sam@fabrikam.example", "olga@fabrikam.example", false },
        { "legacy record, app without a sign-in name", "olga@fabrikam.example", null, false },
        { "the dashboard itself", "system", "olga@fabrikam.example", false },
        { "legacy record of an app by its object id", "app:1b7e4c2a-9f3d-4e8b-a6c5-2d1f0e9b8a7c", "app:1b7e4c2a-9f3d-4e8b-a6c5-2d1f0e9b8a7c", true },
        { "legacy record of another app", "app:00000000-0000-0000-0000-00000000000c", "app:1b7e4c2a-9f3d-4e8b-a6c5-2d1f0e9b8a7c", false },
    };

    [Theory]
    [MemberData(nameof(Matches))]
    public void Actor_IsTheRecordedId_ByIdOrFormerId(string _, string recorded, string? formerId, bool expected) =>
        Assert.Equal(expected, new Actor(Olga, "Olga Ops", formerId).Is(recorded));

    [Fact]
    public void Authors_SameObjectIdUnderANewSignInName_StillTheCreator()
    {
        var authors = new WindowAuthors(Olga, [new(Olga, 1)]);

        Assert.Equal(WindowPerson.Creator, WindowWorkflow.PersonOf(authors, new Actor(Olga, "Olga", "olga.renamed@fabrikam.example")));
        Assert.Equal(WindowPerson.Other, WindowWorkflow.PersonOf(authors, new Actor(Tenant + "/00000000-0000-0000-0000-00000000000b", "Olga", "olga@fabrikam.example")));
    }
}
