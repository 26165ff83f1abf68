using System.Security.Claims;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Authentication;

/// <summary>Who the signed-in caller is, the same way for Entra ID tokens, app-only tokens and local demo people.</summary>
public static class DashboardUser
{
    // Microsoft.Identity.Web may map "oid" and "tid" to their long claim types; both forms are read.
    private const string ObjectIdLong = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private const string TenantIdLong = "http://schemas.microsoft.com/identity/claims/tenantid";

    /// <summary>
    /// The caller as recorded in windows, approvals and the audit trail. With an object id (Entra ID) the id is
    /// <c>{tid}/{oid}</c>: a sign-in name can be changed or reused, so it is kept only as the name people read. An
    /// app-only token (a pipeline's service principal) is a caller too, named by its app. A local demo person, who has no
    /// object id, is their e-mail.
    /// </summary>
    public static Actor ActorOf(ClaimsPrincipal user)
    {
        var signInName = SignInNameOf(user);
        if ((user.FindFirst("oid") ?? user.FindFirst(ObjectIdLong))?.Value is { Length: > 0 } objectId)
        {
            var tenantId = (user.FindFirst("tid") ?? user.FindFirst(TenantIdLong))?.Value;
            var id = tenantId is { Length: > 0 } ? $"{tenantId}/{objectId}" : objectId;
            // An app-only token has no name: v1 tokens carry the app's display name, v2 only its client id.
            var app = (user.FindFirst("app_displayname") ?? user.FindFirst("azp") ?? user.FindFirst("appid"))?.Value;
            var name = NonEmpty(user.FindFirst("name")?.Value) ?? signInName ?? (app is null ? id : $"Application {app}");

            // What older versions recorded: the sign-in name, or app:{object id} for an app-only caller.
            return new Actor(id, name, signInName ?? $"app:{objectId}");
        }

        var localId = signInName ?? user.Identity?.Name
            ?? throw new InvalidOperationException("The signed-in caller has neither a name nor an object id claim.");
        return new Actor(localId, NonEmpty(user.FindFirst("name")?.Value) ?? localId, localId);
    }

    /// <summary>The sign-in name (UPN or e-mail) shown under the name in the app bar; null for an application.</summary>
    public static string? SignInNameOf(ClaimsPrincipal user) =>
        NonEmpty(user.FindFirst("preferred_username")?.Value)
        ?? NonEmpty(user.FindFirst(ClaimTypes.Upn)?.Value)
        ?? NonEmpty(user.FindFirst(ClaimTypes.Email)?.Value)
        ?? NonEmpty(user.Identity?.Name);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
