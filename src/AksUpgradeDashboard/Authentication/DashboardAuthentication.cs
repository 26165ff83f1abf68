using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace AksUpgradeDashboard.Authentication;

/// <summary>
/// Sign-in and authorization. Pages use a cookie (Entra ID OpenID Connect, or the local demo sign-in page); the API
/// also takes Entra ID bearer tokens or, in Local mode, the <c>X-Dashboard-User</c> header. Unauthenticated page
/// requests go to sign-in; API requests get 401 or 403, never a redirect.
/// </summary>
public static class DashboardAuthentication
{
    public const string CookieName = "aks-dashboard";
    private const string AuthenticateScheme = "Dashboard";
    private const string ChallengeScheme = "Dashboard.Challenge";
    private const string ForbidScheme = "Dashboard.Forbid";
    private const string ApiPrefix = "/api";

    public static WebApplicationBuilder AddDashboardAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DashboardAuthenticationOptions>().BindConfiguration(DashboardAuthenticationOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardAuthenticationOptions>, ValidateDashboardAuthenticationOptions>();

        // The mode decides which handlers exist, so it is read here; a bad value registers Local and the validator stops
        // the app before it serves anything.
        var mode = Enum.TryParse<AuthenticationMode>(builder.Configuration[$"{DashboardAuthenticationOptions.SectionName}:Mode"], ignoreCase: true, out var m)
            ? m
            : AuthenticationMode.Local;
        var entraIdComplete = !ValidateDashboardAuthenticationOptions.EntraIdErrors(builder.Configuration).Any();
        if (mode == AuthenticationMode.EntraId && entraIdComplete)
        {
            AddEntraId(builder);
        }
        else
        {
            AddLocal(services);
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardPolicies.Read, p => p.RequireAuthenticatedUser().RequireRole(DashboardRoles.All))
            .AddPolicy(DashboardPolicies.Operate, p => p.RequireAuthenticatedUser().RequireRole(DashboardRoles.Operator))
            .AddPolicy(DashboardPolicies.Approve, p => p.RequireAuthenticatedUser().RequireRole(DashboardRoles.Approver))
            .AddPolicy(DashboardPolicies.Administer, p => p.RequireAuthenticatedUser().RequireRole(DashboardRoles.Admin))
            // Everything needs a signed-in person with a role unless it says otherwise (sign-in page, static files).
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(DashboardRoles.All).Build());
        services.AddCascadingAuthenticationState();
        return builder;
    }

    private static void AddLocal(IServiceCollection services)
    {
        AddForwarding(services, apiScheme: LocalHeaderAuthenticationHandler.SchemeName, pageChallengeScheme: CookieAuthenticationDefaults.AuthenticationScheme,
                usesApiScheme: context => context.Request.Headers.ContainsKey(LocalHeaderAuthenticationHandler.HeaderName))
            .AddScheme<AuthenticationSchemeOptions, LocalHeaderAuthenticationHandler>(LocalHeaderAuthenticationHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.LoginPath = "/account/sign-in";
                o.AccessDeniedPath = "/account/access-denied";
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.Events.OnSigningIn = RememberPersonAsync;
            });
    }

    private static void AddEntraId(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var azureAd = builder.Configuration.GetSection("AzureAd");
        AddForwarding(services, apiScheme: JwtBearerDefaults.AuthenticationScheme, pageChallengeScheme: OpenIdConnectDefaults.AuthenticationScheme, usesApiScheme: HasBearer)
            .AddMicrosoftIdentityWebApp(azureAd, OpenIdConnectDefaults.AuthenticationScheme, CookieAuthenticationDefaults.AuthenticationScheme);
        services.AddAuthentication().AddMicrosoftIdentityWebApi(azureAd, JwtBearerDefaults.AuthenticationScheme);
        services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            o.AccessDeniedPath = "/account/access-denied";
            o.Cookie.Name = CookieName;
            var signingIn = o.Events.OnSigningIn;
            o.Events.OnSigningIn = async context =>
            {
                await signingIn(context);
                await RememberPersonAsync(context);
            };
        });
    }

    /// <summary>
    /// Every sign-in (demo or Entra ID, both end in the cookie) remembers the person's name, address and roles, so they
    /// can be notified. A database that is away for a moment does not stop anyone signing in.
    /// </summary>
    private static async Task RememberPersonAsync(CookieSigningInContext context)
    {
        if (context.Principal is not { Identity.IsAuthenticated: true } user)
        {
            return;
        }

        try
        {
            await context.HttpContext.RequestServices.GetRequiredService<Notifications.PeopleDirectory>().RememberAsync(user, context.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardAuthentication))
                .LogWarning(ex, "Could not remember the person signing in; they are signed in, but cannot be notified until their next sign-in");
        }
    }

    /// <summary>
    /// Two forwarding schemes. Who is it: the API scheme when the request carries its credential, else the page cookie,
    /// except that API writes never accept the cookie (so another site cannot make a signed-in browser change anything).
    /// Challenge and forbid: the API scheme for <c>/api</c> (401/403), else sign-in page or access-denied page.
    /// </summary>
    private static AuthenticationBuilder AddForwarding(IServiceCollection services, string apiScheme, string pageChallengeScheme, Func<HttpContext, bool> usesApiScheme) =>
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = AuthenticateScheme;
                o.DefaultChallengeScheme = ChallengeScheme;
                o.DefaultForbidScheme = ForbidScheme;
            })
            .AddPolicyScheme(AuthenticateScheme, "Dashboard", o => o.ForwardDefaultSelector = context =>
                usesApiScheme(context) || (IsApi(context) && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
                    ? apiScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddPolicyScheme(ChallengeScheme, "Dashboard sign-in", o => o.ForwardDefaultSelector = context =>
                IsApi(context) || usesApiScheme(context) ? apiScheme : pageChallengeScheme)
            .AddPolicyScheme(ForbidScheme, "Dashboard forbidden", o => o.ForwardDefaultSelector = context =>
                IsApi(context) || usesApiScheme(context) ? apiScheme : CookieAuthenticationDefaults.AuthenticationScheme);

    // The OpenAPI document is for API clients too: 401, not a sign-in redirect.
    internal static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments(ApiPrefix, StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    private static bool HasBearer(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    public static Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new ProblemDetails { Status = status, Title = title, Detail = detail },
            options: null, contentType: "application/problem+json");
    }
}

/// <summary>The account endpoints behind the sign-in page: local demo sign-in, Entra ID challenge, sign-out.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();

        // Local mode: a form post from the sign-in page (antiforgery-checked), choosing a demo person.
        account.MapPost("/sign-in", async Task<IResult> (HttpContext context, [Microsoft.AspNetCore.Mvc.FromForm] string? user, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl, IOptions<DashboardAuthenticationOptions> options) =>
        {
            if (options.Value.Resolved != AuthenticationMode.Local)
            {
                return TypedResults.NotFound();
            }

            if (LocalUsers.Find(user) is not { } person)
            {
                return TypedResults.LocalRedirect("/account/sign-in?error=unknown-user");
            }

            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, LocalSignIn.PrincipalFor(person, CookieAuthenticationDefaults.AuthenticationScheme));
            return TypedResults.LocalRedirect(SafeReturnUrl(returnUrl));
        });

        // Entra ID: start the OpenID Connect sign-in (pages also get here by themselves when signed out).
        account.MapGet("/challenge", (string? returnUrl, IOptions<DashboardAuthenticationOptions> options) => options.Value.Resolved == AuthenticationMode.EntraId
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme])
            : Results.NotFound());

        account.MapPost("/sign-out", async Task<IResult> (HttpContext context, IAntiforgery antiforgery, IOptions<DashboardAuthenticationOptions> options) =>
        {
            // No form fields are bound here, so nothing checks the token unless we do: a cross-site form must not sign anyone out.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Text("Sign-out must come from this site's own page. Go back, reload it and try again.", "text/plain", statusCode: StatusCodes.Status400BadRequest);
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return options.Value.Resolved == AuthenticationMode.EntraId
                ? Results.SignOut(new AuthenticationProperties { RedirectUri = "/account/signed-out" }, [OpenIdConnectDefaults.AuthenticationScheme])
                : TypedResults.LocalRedirect("/account/sign-in");
        });

        return endpoints;
    }

    // Only paths on this site: an open redirect would let a link send someone elsewhere after signing in. Browsers drop
    // tabs and line breaks from URLs ("/\t/evil.example" is "//evil.example"), so no control character passes either.
    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            && !url.Any(char.IsControl)
            ? url
            : "/";
}
