using System.Security.Claims;

namespace AksUpgradeDashboard.Authentication;

/// <summary>Who the signed-in person is, the same way for Entra ID tokens and local demo people.</summary>
public static class DashboardUser
{
    /// <summary>
    /// The name recorded in windows and the audit trail: the sign-in name (UPN or e-mail); for an app-only token (a
    /// pipeline's service principal, which has no user name) <c>app:{object id}</c>, so it is a caller like any other.
    /// </summary>
    public static string NameOf(ClaimsPrincipal user) =>
        user.FindFirst("preferred_username")?.Value
        ?? user.FindFirst(ClaimTypes.Upn)?.Value
        ?? user.FindFirst(ClaimTypes.Email)?.Value
        ?? user.Identity?.Name
        ?? (ObjectIdOf(user) is { } objectId ? $"app:{objectId}" : null)
        ?? throw new InvalidOperationException("The signed-in caller has neither a name nor an object id claim.");

    // Microsoft.Identity.Web may map "oid" to its long claim type; both are read.
    private static string? ObjectIdOf(ClaimsPrincipal user) =>
        user.FindFirst("oid")?.Value ?? user.FindFirst("http://schemas.microsoft.com/identity/claims/objectidentifier")?.Value;

    /// <summary>A friendly name for the app bar.</summary>
    public static string DisplayNameOf(ClaimsPrincipal user)
    {
        if (user.FindFirst("name")?.Value is { } name)
        {
            return name;
        }

        var id = NameOf(user);
        return id.StartsWith("app:", StringComparison.Ordinal) && (user.FindFirst("azp") ?? user.FindFirst("appid"))?.Value is { } app
            ? $"Application {app}"
            : id;
    }
}
