using AksUpgradeDashboard.Model.Rollouts;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Tests.Model.Rollouts;

/// <summary>Issue 18: a waiver of windows not reached is given by someone who wrote neither the rollout nor those windows.</summary>
public class RolloutWaiverTests
{
    private const string Olivia = "olivia@contoso.example";
    private const string Paul = "paul@contoso.example";
    private const string Anna = "anna@contoso.example";

    public static TheoryData<string, string, string, (string Actor, int Revision)[], string?> Cases => new()
    {
        // case, actor, rollout creator, saves of window 'w2' (created by Olivia), refusal (null = may waive)
        { "another approver", Anna, Olivia, [(Olivia, 1)], null },
        { "the rollout's creator", Olivia, Olivia, [(Olivia, 1)], "You created rollout 'R', so you cannot waive its windows not reached: another approver must." },
        { "the creator of a window, not of the rollout", Olivia, Paul, [(Olivia, 1)], "You created window 'w2', so you cannot waive it: another approver must." },
        { "an editor of a window", Paul, Olivia, [(Olivia, 1), (Paul, 2)], "You saved window 'w2' (revision 2), so you cannot waive it: another approver must." },
        { "an editor of two revisions", Paul, Olivia, [(Olivia, 1), (Paul, 3), (Paul, 2)], "You saved window 'w2' (revisions 2, 3), so you cannot waive it: another approver must." },
        { "an editor of another window is not one of these", Anna, Olivia, [(Olivia, 1), (Paul, 2)], null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WhyNot_ByWhoWroteWhat(string name, string actor, string rolloutCreator, (string Actor, int Revision)[] saves, string? expected)
    {
        var windows = new[]
        {
            new WaivedWindow("w1", new WindowAuthors(rolloutCreator, [new(rolloutCreator, 1)])),
            new WaivedWindow("w2", new WindowAuthors(Olivia, [.. saves.Select(s => new WindowSave(s.Actor, s.Revision))])),
        };

        var why = RolloutWaiver.WhyNot(new Actor(actor, "Someone"), rolloutCreator, "R", windows);

        Assert.True(expected == why, $"{name}: {why}");
    }

    [Fact]
    public void WhyNot_ACreatorRecordedByTheirFormerId_StillRefused()
    {
        var why = RolloutWaiver.WhyNot(new Actor("tenant/oid-1", "Olivia", "olivia"), "olivia", "R", []);

        Assert.NotNull(why);
    }
}
