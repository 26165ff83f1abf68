using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Primitives;

namespace AksUpgradeDashboard.Security;

/// <summary>
/// Security response headers on every response (pages, static assets, the API, errors and 404s alike).
/// </summary>
/// <remarks>
/// <para>
/// The headers are written before the rest of the pipeline runs, so that what runs later sees them: antiforgery adds
/// <c>X-Frame-Options: SAMEORIGIN</c> only when none is set, and Blazor's interactive-server endpoints append
/// <c>frame-ancestors 'self'</c> to whatever Content-Security-Policy is there. They are checked again in
/// <see cref="HttpResponse.OnStarting(Func{Task})"/>: anything missing is added back (the exception handler clears the
/// response), and our own policy is recomputed for the endpoint that actually renders (after a status-code
/// re-execute, the not-found page). A header an endpoint set itself (assigned, not appended) is never overwritten.
/// </para>
/// <para>
/// The Content-Security-Policy fits what the app loads (see Components/App.razor):
/// <list type="bullet">
/// <item><c>script-src 'self'</c>: blazor.web.js, MudBlazor.min.js and js/time-zone.js (a dynamic <c>import()</c>) are
/// same-origin files; neither Blazor Server nor MudBlazor needs inline script or eval (<c>'wasm-unsafe-eval'</c> is
/// only for WebAssembly). The one inline script, the <c>&lt;script type="importmap"&gt;</c> that <c>&lt;ImportMap /&gt;</c>
/// renders, is allowed by its SHA-256 hash, computed from the endpoint's <see cref="ImportMapDefinition"/> (exactly the
/// text the component writes), so it follows every rebuild without a nonce or an edit to App.razor.</item>
/// <item><c>style-src 'self' 'unsafe-inline'</c>: MudBlazor renders <c>style</c> attributes (which Blazor sets with
/// <c>setAttribute</c>, inline style to CSP) and MudThemeProvider a <c>&lt;style&gt;</c> element of theme variables;
/// Blazor's reconnect UI adds a <c>&lt;style&gt;</c> too. Inline style cannot run script.</item>
/// <item><c>img-src 'self' data:</c>: MudBlazor.min.css has <c>data:</c> images. No web font is loaded, so
/// <c>font-src 'self'</c>.</item>
/// <item><c>connect-src 'self'</c>: the circuit's WebSocket to <c>/_blazor</c> (CSP Level 3 <c>'self'</c> matches
/// ws:/wss: on the same host), its long-polling fallback, and enhanced-navigation fetches.</item>
/// <item><c>form-action 'self'</c> plus the Entra sign-in origin from <c>AzureAd:Instance</c>, when configured: Chrome
/// applies form-action to the redirects that follow a form submission, so the sign-out form (posted to our own
/// endpoint, answered with a redirect to the Entra logout endpoint), or a post that meets an expired session (a
/// challenge redirect to the authorize endpoint), would be blocked without it. The sign-in response itself is a form
/// post from the Microsoft page to /signin-oidc, which our policy does not govern.</item>
/// </list>
/// </para>
/// <para>
/// No Strict-Transport-Security here: the app calls <c>UseHsts()</c> outside Development, which adds it to HTTPS
/// responses only (HSTS on localhost would pin the developer's browser).
/// </para>
/// </remarks>
public static class SecurityHeaders
{
    /// <summary>The configuration key whose value (e.g. <c>https://login.microsoftonline.com/</c>) is allowed in form-action.</summary>
    public const string SignInInstanceKey = "AzureAd:Instance";

    public const string ContentTypeOptions = "nosniff";
    public const string ReferrerPolicy = "strict-origin-when-cross-origin";
    public const string FrameOptions = "DENY";
    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=()";
    public const string CrossOriginOpenerPolicy = "same-origin";

    /// <summary>
    /// Adds the security headers to every response that passes through the rest of the pipeline. Call it first,
    /// before the exception handler, status-code pages and static assets, so that their responses get them too.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetService<IConfiguration>();
        var policy = new HeaderPolicy(SignInOrigin(configuration?[SignInInstanceKey]));
        return app.Use((context, next) =>
        {
            var written = policy.AddBeforeEndpoint(context);
            context.Response.OnStarting(static state =>
            {
                var (httpContext, headerPolicy, writtenPolicy) = ((HttpContext, HeaderPolicy, string?))state;
                headerPolicy.CompleteOnStarting(httpContext, writtenPolicy);
                return Task.CompletedTask;
            }, (context, policy, written));
            return next(context);
        });
    }

    /// <summary>
    /// The Content-Security-Policy value. <paramref name="signInOrigin"/> (a bare origin) is added to form-action and
    /// <paramref name="importMapHash"/> (a <c>'sha256-…'</c> source) to script-src when given.
    /// </summary>
    public static string ContentSecurityPolicy(string? signInOrigin = null, string? importMapHash = null) => string.Join("; ",
        "default-src 'self'",
        importMapHash is null ? "script-src 'self'" : $"script-src 'self' {importMapHash}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        signInOrigin is null ? "form-action 'self'" : $"form-action 'self' {signInOrigin}",
        "frame-ancestors 'none'");

    /// <summary>
    /// The CSP hash source of the inline <c>&lt;script type="importmap"&gt;</c> that <c>&lt;ImportMap /&gt;</c> renders
    /// for <paramref name="importMap"/>: the component writes exactly <see cref="ImportMapDefinition.ToString"/>.
    /// </summary>
    public static string ImportMapHash(ImportMapDefinition importMap) => InlineScriptHash(importMap.ToString());

    /// <summary>
    /// The CSP <c>'sha256-…'</c> source of an inline script as the browser hashes it: after the HTML parser has turned
    /// CRLF and CR into LF (the indented import map has CRLF line ends when the server runs on Windows).
    /// </summary>
    internal static string InlineScriptHash(string script)
    {
        var parsed = script.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(parsed)))}'";
    }

    /// <summary>
    /// The origin (scheme, host and any non-default port) of the configured sign-in instance, or null when none is
    /// configured or it is not an absolute http(s) URL (then form-action stays 'self').
    /// </summary>
    internal static string? SignInOrigin(string? instance)
    {
        if (!Uri.TryCreate(instance, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        // Authority leaves out user info; a CSP source is ASCII with no separators, so anything else is refused.
        var origin = $"{uri.Scheme}://{uri.Authority}";
        return origin.All(c => char.IsAscii(c) && !char.IsWhiteSpace(c) && c is not (';' or ',' or '\'')) ? origin : null;
    }

    private sealed class HeaderPolicy(string? signInOrigin)
    {
        private readonly string? _signInOrigin = signInOrigin;
        private readonly string _contentSecurityPolicy = ContentSecurityPolicy(signInOrigin);

        // One policy per import map (in practice one for the whole app), hashed once, not on every request.
        private readonly ConditionalWeakTable<ImportMapDefinition, string> _withImportMap = [];

        /// <summary>Adds every header not set yet; returns the policy written, or null if one was already there.</summary>
        public string? AddBeforeEndpoint(HttpContext context)
        {
            var csp = PolicyFor(context);
            return AddMissing(context.Response.Headers, csp) ? csp : null;
        }

        public void CompleteOnStarting(HttpContext context, string? written)
        {
            var headers = context.Response.Headers;
            var csp = PolicyFor(context);
            var current = headers.ContentSecurityPolicy;
            // Still the policy we wrote (perhaps with Blazor's frame-ancestors appended) but for another endpoint:
            // swap in the one for the endpoint that renders, keeping whatever was appended.
            if (written is not null && current.Count > 0 && string.Equals(current[0], written, StringComparison.Ordinal)
                && !string.Equals(written, csp, StringComparison.Ordinal))
            {
                var values = current.ToArray();
                values[0] = csp;
                headers.ContentSecurityPolicy = new StringValues(values);
            }

            AddMissing(headers, csp);
        }

        private string PolicyFor(HttpContext context) =>
            context.GetEndpoint()?.Metadata.GetMetadata<ImportMapDefinition>() is { } importMap
                ? _withImportMap.GetValue(importMap, map => ContentSecurityPolicy(_signInOrigin, ImportMapHash(map)))
                : _contentSecurityPolicy;

        // TryAdd: a header already set (by the endpoint, or an earlier middleware) wins.
        private static bool AddMissing(IHeaderDictionary headers, string csp)
        {
            var added = headers.TryAdd("Content-Security-Policy", csp);
            headers.TryAdd("X-Content-Type-Options", ContentTypeOptions);
            headers.TryAdd("Referrer-Policy", ReferrerPolicy);
            headers.TryAdd("X-Frame-Options", FrameOptions);
            headers.TryAdd("Permissions-Policy", PermissionsPolicy);
            headers.TryAdd("Cross-Origin-Opener-Policy", CrossOriginOpenerPolicy);
            return added;
        }
    }
}
