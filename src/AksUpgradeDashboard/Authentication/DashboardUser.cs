using System.Security.Claims;

namespace AksUpgradeDashboard.Authentication;

/// <summary>Who the signed-in person is, the same way for Entra ID tokens and local demo people.</summary>
public static class DashboardUser
{
    /// <summary>The name recorded in windows and the audit trail: the sign-in name (UPN or e-mail).</summary>
    public static string NameOf(ClaimsPrincipal user) =>
        user.FindFirst("preferred_username")?.Value
        ?? user.FindFirst(ClaimTypes.Upn)?.Value
        ?? user.FindFirst(ClaimTypes.Email)?.Value
        ?? user.Identity?.Name
        ?? throw new InvalidOperationException("The signed-in user has no name claim.");

    /// <summary>A friendly name for the app bar.</summary>
    public static string DisplayNameOf(ClaimsPrincipal user) => user.FindFirst("name")?.Value ?? NameOf(user);
}
