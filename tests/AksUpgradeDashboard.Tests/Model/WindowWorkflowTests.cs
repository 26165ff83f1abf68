using AksUpgradeDashboard.Model.Windows;
using A = AksUpgradeDashboard.Model.Windows.WindowAction;
using P = AksUpgradeDashboard.Model.Windows.WindowPerson;
using S = AksUpgradeDashboard.Model.Windows.WindowStatus;

namespace AksUpgradeDashboard.Tests.Model;

/// <summary>The whole lifecycle as a table: every status × action × person, with the status it leads to (or refusal).</summary>
public class WindowWorkflowTests
{
    // What is allowed: (status, action) → (to, voids approvals, persons refused). Everything not listed is refused.
    private static readonly Dictionary<(S, A), (S? To, bool Voids, P[] Refused)> s_allowed = new()
    {
        [(S.Draft, A.Edit)] = (S.Draft, false, []),
        [(S.Rejected, A.Edit)] = (S.Rejected, false, []),
        [(S.Submitted, A.Edit)] = (S.Submitted, true, []),
        [(S.Approved, A.Edit)] = (S.Submitted, true, []),
        [(S.Draft, A.Submit)] = (S.Submitted, false, []),
        [(S.Rejected, A.Submit)] = (S.Submitted, false, []),
        [(S.Submitted, A.Approve)] = (S.Approved, false, [P.Creator, P.Editor]),
        [(S.Submitted, A.Reject)] = (S.Rejected, false, [P.Creator]),
        [(S.Draft, A.Cancel)] = (S.Cancelled, false, []),
        [(S.Submitted, A.Cancel)] = (S.Cancelled, false, []),
        [(S.Approved, A.Cancel)] = (S.Cancelled, false, []),
        [(S.Rejected, A.Cancel)] = (S.Cancelled, false, []),
        [(S.Draft, A.Delete)] = (null, false, []),
        [(S.Submitted, A.Delete)] = (null, false, []),
        [(S.Rejected, A.Delete)] = (null, false, []),
        [(S.Approved, A.Open)] = (S.InProgress, false, []),
        [(S.Approved, A.Complete)] = (null, false, []),
        [(S.InProgress, A.Complete)] = (null, false, []),
        [(S.NotReached, A.Complete)] = (null, false, []),
        // Carrying out on Azure: the app finishes a run (Completed or Failed, its to give); an operator aborts one; the
        // inventory still decides the outcome of each.
        [(S.InProgress, A.Finish)] = (null, false, []),
        [(S.InProgress, A.Abort)] = (S.Aborted, false, []),
        [(S.Completed, A.Complete)] = (null, false, []),
        [(S.Failed, A.Complete)] = (null, false, []),
        [(S.Aborted, A.Complete)] = (null, false, []),
    };

    public static TheoryData<S, A, P> Every()
    {
        var data = new TheoryData<S, A, P>();
        foreach (var status in Enum.GetValues<S>())
        {
            foreach (var action in Enum.GetValues<A>())
            {
                foreach (var person in Enum.GetValues<P>())
                {
                    data.Add(status, action, person);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void Decide_EveryStatusActionAndPerson_AsTheTableSays(S status, A action, P person)
    {
        var decision = WindowWorkflow.Decide(status, action, person);

        // People take people's actions; the app alone opens and completes windows.
        var systemAction = action is A.Open or A.Complete or A.Finish;
        var expected = s_allowed.TryGetValue((status, action), out var rule)
            && (person == P.System) == systemAction
            && !rule.Refused.Contains(person);
        Assert.Equal(expected, decision.Allowed);
        if (expected)
        {
            Assert.Equal(rule.To, decision.To);
            Assert.Equal(rule.Voids, decision.VoidsApprovals);
            Assert.Null(decision.Refusal);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(decision.Refusal));
        }
    }

    [Theory]
    [InlineData(S.Draft, true)]
    [InlineData(S.Submitted, true)]
    [InlineData(S.Approved, true)]
    [InlineData(S.InProgress, true)]
    [InlineData(S.Rejected, false)]
    [InlineData(S.Cancelled, false)]
    [InlineData(S.Verified, false)]
    [InlineData(S.NotReached, false)]
    public void IsActive_HoldsTheClustersSlot(S status, bool active) => Assert.Equal(active, WindowWorkflow.IsActive(status));

    [Theory]
    [InlineData(S.Approved, A.Delete, "The window is Approved; approved or started windows are cancelled, not deleted.")]
    [InlineData(S.Verified, A.Edit, "The window is Verified and can no longer be edited.")]
    [InlineData(S.Approved, A.Approve, "The window is Approved, so it cannot be approved.")]
    public void Decide_Refused_SaysWhy(S status, A action, string reason) =>
        Assert.Equal(reason, WindowWorkflow.Decide(status, action, P.Other).Refusal);
}
