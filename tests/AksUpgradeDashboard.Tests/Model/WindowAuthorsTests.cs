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
        Assert.Equal(notApprover, s_authors.WhyNotApprover(user));
        Assert.Equal(notRejecter, s_authors.WhyNotRejecter(user));
        Assert.Equal(notApprover is not null, s_authors.Includes(user));
    }
}
