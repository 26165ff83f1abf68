namespace AksUpgradeDashboard.Authentication;

/// <summary>The app roles, as created on the Entra ID app registration and carried in the token's <c>roles</c> claim.</summary>
public static class DashboardRoles
{
    public const string Viewer = "Dashboard.Viewer";
    public const string Operator = "Dashboard.Operator";
    public const string Approver = "Dashboard.Approver";
    public const string Admin = "Dashboard.Admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Operator, Approver, Admin];
}

/// <summary>
/// What each role may do. Everyone with a role reads everything; operators plan, edit, submit and cancel windows;
/// approvers decide; admins keep blackout periods and settings. Roles do not imply each other (separation of duties).
/// </summary>
public static class DashboardPolicies
{
    public const string Read = "Dashboard.Read";
    public const string Operate = "Dashboard.Operate";
    public const string Approve = "Dashboard.Approve";
    public const string Administer = "Dashboard.Administer";
}
