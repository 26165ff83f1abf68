namespace AksUpgradeDashboard.Authentication;

/// <summary>A built-in demo person for <see cref="AuthenticationMode.Local"/>.</summary>
public sealed record LocalUser(string Id, string DisplayName, string Email, IReadOnlyList<string> Roles, string Description);

/// <summary>
/// The demo people. Two approvers so a two-approval policy can be tried; Paul is both operator and approver, so the
/// "no self-approval" rule can be seen at work.
/// </summary>
public static class LocalUsers
{
    public static readonly IReadOnlyList<LocalUser> All =
    [
        new("olivia", "Olivia Operator", "olivia@contoso.example", [DashboardRoles.Operator], "Plans and submits upgrade windows."),
        new("paul", "Paul Platform-lead", "paul@contoso.example", [DashboardRoles.Operator, DashboardRoles.Approver], "Plans windows and approves other people's."),
        new("anna", "Anna Approver", "anna@contoso.example", [DashboardRoles.Approver], "Approves or rejects submitted windows."),
        new("victor", "Victor Viewer", "victor@contoso.example", [DashboardRoles.Viewer], "A manager who reads everything and changes nothing."),
        new("ada", "Ada Admin", "ada@contoso.example", [DashboardRoles.Admin], "Keeps blackout periods and settings."),
    ];

    /// <summary>By id (<c>olivia</c>) or e-mail, ignoring case.</summary>
    public static LocalUser? Find(string? idOrEmail) => string.IsNullOrWhiteSpace(idOrEmail)
        ? null
        : All.FirstOrDefault(u => string.Equals(u.Id, idOrEmail.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(u.Email, idOrEmail.Trim(), StringComparison.OrdinalIgnoreCase));
}
