using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Authentication;

/// <summary>
/// Local mode for API clients: the <c>X-Dashboard-User</c> header names a demo person. Answers 401 and 403 as problem
/// details, never a redirect, so scripts see what is wrong.
/// </summary>
public sealed class LocalHeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LocalHeader";
    public const string HeaderName = "X-Dashboard-User";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(LocalUsers.Find(values.ToString()) is { } user
            ? AuthenticateResult.Success(new AuthenticationTicket(LocalSignIn.PrincipalFor(user, SchemeName), SchemeName))
            : AuthenticateResult.Fail($"{HeaderName} names no known person."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => WriteProblemAsync(
        StatusCodes.Status401Unauthorized, "Sign-in required",
        $"Send the {HeaderName} header with one of: {string.Join(", ", LocalUsers.All.Select(u => u.Id))} (Authentication:Mode is Local).");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => WriteProblemAsync(
        StatusCodes.Status403Forbidden, "Forbidden", "Your roles do not allow this.");

    private Task WriteProblemAsync(int status, string title, string detail) =>
        DashboardAuthentication.WriteProblemAsync(Context, status, title, detail);
}

/// <summary>Claims of a demo person, the same shape as an Entra ID token's (name, preferred_username, roles).</summary>
public static class LocalSignIn
{
    public static ClaimsPrincipal PrincipalFor(LocalUser user, string scheme)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, user.Email),
            new("preferred_username", user.Email),
            new("name", user.DisplayName),
            .. user.Roles.Select(r => new Claim(ClaimTypes.Role, r)),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
