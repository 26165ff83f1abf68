using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Notifications;

namespace AksUpgradeDashboard.Tests.Notifications;

/// <summary>Which kinds of e-mail the Notifications page offers: those the audience rule can send the person.</summary>
public class NotificationKindsTests
{
    [Theory]
    [InlineData("Dashboard.Viewer", "WeeklyDigest")]
    [InlineData("Dashboard.Admin", "WeeklyDigest")]
    [InlineData("Dashboard.Operator", "Approved,Rejected,Cancelled,Reminder,NotReached,WeeklyDigest,ExecutionStarted,ExecutionFailed,ExecutionCompleted")]
    [InlineData("Dashboard.Approver", "Submitted,Cancelled,ApprovalsVoided,Reminder,Escalated,WeeklyDigest,ExecutionStarted,ExecutionFailed,ExecutionCompleted")]
    [InlineData("Dashboard.Operator,Dashboard.Approver", "Submitted,Approved,Rejected,Cancelled,ApprovalsVoided,Reminder,Escalated,NotReached,WeeklyDigest,ExecutionStarted,ExecutionFailed,ExecutionCompleted")]
    public void For_Roles_OffersWhatThosePeopleCanReceive(string roles, string expected) =>
        Assert.Equal(expected, string.Join(',', NotificationKinds.For(roles.Split(',').ToHashSet(StringComparer.Ordinal))));

    [Fact]
    public void EventName_RoundTripsForEveryKind() =>
        Assert.All(NotificationKinds.All, kind => Assert.Equal(kind, NotificationKinds.FromEventName(NotificationKinds.EventName(kind).ToUpperInvariant())));

    [Fact]
    public void For_EveryKindIsOfferedToSomeRole() =>
        Assert.Equal(NotificationKinds.All.Order(), DashboardRoles.All.SelectMany(r => NotificationKinds.For(new HashSet<string> { r })).Distinct().Order());
}
