using System.Net;
using System.Security.Cryptography;
using System.Text;
using AksUpgradeDashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Primitives;

namespace AksUpgradeDashboard.Tests.Security;

/// <summary><see cref="SecurityHeaders.UseSecurityHeaders"/> in a minimal in-memory pipeline (no dashboard services).</summary>
public class SecurityHeadersTests
{
    private const string DefaultPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string> s_expectedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Content-Security-Policy"] = DefaultPolicy,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "strict-origin-when-cross-origin",
        ["X-Frame-Options"] = "DENY",
        ["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()",
        ["Cross-Origin-Opener-Policy"] = "same-origin",
    };

    [Fact]
    public async Task UseSecurityHeaders_PlainResponse_AddsEveryHeaderExactly()
    {
        // Arrange
        await using var app = await StartAsync(a => a.MapGet("/plain", () => "hello"));
        using var client = app.GetTestClient();

        // Act
        using var response = await client.GetAsync("/plain", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertExpectedHeaders(response);
    }

    [Fact]
    public async Task UseSecurityHeaders_UnknownPath_AddsEveryHeaderToTheNotFound()
    {
        // Arrange
        await using var app = await StartAsync(a => a.MapGet("/plain", () => "hello"));
        using var client = app.GetTestClient();

        // Act
        using var response = await client.GetAsync("/missing", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertExpectedHeaders(response);
    }

    [Fact]
    public async Task UseSecurityHeaders_EndpointThrowsBeforeResponse_AddsEveryHeaderToTheError()
    {
        // Arrange: an error handler that clears the response, as UseExceptionHandler does.
        await using var app = await StartAsync(
            a => a.MapGet("/boom", IResult () => throw new InvalidOperationException("boom")),
            configure: a => a.Use(async (context, next) =>
            {
                try
                {
                    await next(context);
                }
                catch (InvalidOperationException)
                {
                    context.Response.Clear();
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                }
            }));
        using var client = app.GetTestClient();

        // Act
        using var response = await client.GetAsync("/boom", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        AssertExpectedHeaders(response);
    }

    [Fact]
    public async Task UseSecurityHeaders_EndpointSetsItsOwnHeaders_KeepsTheEndpointValues()
    {
        // Arrange
        await using var app = await StartAsync(a => a.MapGet("/own", (HttpResponse response) =>
        {
            response.Headers.ContentSecurityPolicy = "default-src 'none'";
            response.Headers.XFrameOptions = "SAMEORIGIN";
            return "own";
        }));
        using var client = app.GetTestClient();

        // Act
        using var response = await client.GetAsync("/own", Ct);

        // Assert
        Assert.Equal("default-src 'none'", Header(response, "Content-Security-Policy"));
        Assert.Equal("SAMEORIGIN", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
    }

    [Fact]
    public async Task UseSecurityHeaders_EndpointAppendsAPolicyOrAddsOnlyIfAbsent_KeepsOursBesideIt()
    {
        // Arrange: what Blazor's interactive-server endpoints (appending frame-ancestors) and antiforgery
        // (X-Frame-Options only when none is set) do.
        await using var app = await StartAsync(a => a.MapGet("/component", (HttpResponse response) =>
        {
            response.Headers.ContentSecurityPolicy = StringValues.Concat(response.Headers.ContentSecurityPolicy, "frame-ancestors 'self'");
            response.Headers.TryAdd("X-Frame-Options", "SAMEORIGIN");
            return "component";
        }));
        using var client = app.GetTestClient();

        // Act
        using var response = await client.GetAsync("/component", Ct);

        // Assert
        Assert.Equal([DefaultPolicy, "frame-ancestors 'self'"], response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Fact]
    public async Task UseSecurityHeaders_StatusCodeReExecutesAnImportMapPage_AllowsThatPagesImportMap()
    {
        // Arrange: a 404 re-executed to a page that renders <ImportMap />, as UseStatusCodePagesWithReExecute does.
        var importMap = TimeZoneImportMap();
        await using var app = await StartAsync(
            a => a.MapGet("/not-found", () => "not found page").WithMetadata(importMap),
            configure: a => a.UseStatusCodePagesWithReExecute("/not-found"));
        using var client = app.GetTestClient();

        // Act
        using var response = await client.GetAsync("/missing", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not found page", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(
            DefaultPolicy.Replace("script-src 'self'", $"script-src 'self' {Sha256Source(importMap.ToString())}", StringComparison.Ordinal),
            Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task UseSecurityHeaders_SignInInstanceConfigured_AllowsItsOriginInFormActionOnly()
    {
        // Arrange
        await using var app = await StartAsync(
            a => a.MapGet("/plain", () => "hello"),
            signInInstance: "https://login.microsoftonline.com/");
        using var client = app.GetTestClient();

        // Act
        using var response = await client.GetAsync("/plain", Ct);

        // Assert
        Assert.Equal(
            DefaultPolicy.Replace("form-action 'self'", "form-action 'self' https://login.microsoftonline.com", StringComparison.Ordinal),
            Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task UseSecurityHeaders_EndpointWithImportMap_AllowsTheImportMapScriptByHash()
    {
        // Arrange
        var importMap = TimeZoneImportMap();
        // The exact text <ImportMap /> writes inside <script type="importmap">, hashed as a browser does.
        var expectedHash = Sha256Source(importMap.ToString());
        await using var app = await StartAsync(a => a.MapGet("/page", () => "page").WithMetadata(importMap));
        using var client = app.GetTestClient();

        // Act
        using var page = await client.GetAsync("/page", Ct);
        using var other = await client.GetAsync("/missing", Ct);

        // Assert
        Assert.Equal(
            DefaultPolicy.Replace("script-src 'self'", $"script-src 'self' {expectedHash}", StringComparison.Ordinal),
            Header(page, "Content-Security-Policy"));
        Assert.Equal(DefaultPolicy, Header(other, "Content-Security-Policy"));
    }

    [Theory]
    [InlineData("{\n  \"imports\": {}\n}")]
    [InlineData("{\r\n  \"imports\": {}\r\n}")]
    [InlineData("{\r  \"imports\": {}\r}")]
    public void InlineScriptHash_AnyLineEnding_HashesTheTextTheBrowserParses(string script)
    {
        // Arrange: the HTML parser hands the script text over with every CRLF and CR turned into LF.
        var parsed = "{\n  \"imports\": {}\n}";

        // Act
        var hash = SecurityHeaders.InlineScriptHash(script);

        // Assert
        Assert.Equal(Sha256Source(parsed), hash);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("login.microsoftonline.com", null)]
    [InlineData("ftp://login.microsoftonline.com/", null)]
    [InlineData("https://login.microsoftonline.com/", "https://login.microsoftonline.com")]
    [InlineData("https://login.microsoftonline.us/tenant/v2.0", "https://login.microsoftonline.us")]
    [InlineData("https://user:secret@login.example.com:8443/", "https://login.example.com:8443")]
    public void SignInOrigin_Instance_IsTheBareOriginOrNull(string? instance, string? expected)
    {
        // Arrange: nothing beyond the inline data.

        // Act
        var origin = SecurityHeaders.SignInOrigin(instance);

        // Assert
        Assert.Equal(expected, origin);
    }

    private static async Task<WebApplication> StartAsync(
        Action<WebApplication> map, string? signInInstance = null, Action<WebApplication>? configure = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseTestServer();
        builder.Services.AddRouting();
        if (signInInstance is not null)
        {
            builder.Configuration[SecurityHeaders.SignInInstanceKey] = signInInstance;
        }

        var app = builder.Build();
        app.UseSecurityHeaders();
        configure?.Invoke(app);
        app.UseRouting();
        map(app);
        await app.StartAsync(Ct);
        return app;
    }

    private static ImportMapDefinition TimeZoneImportMap() => new(
        new Dictionary<string, string> { ["./js/time-zone.js"] = "./js/time-zone.abc123.js" },
        scopes: null,
        new Dictionary<string, string> { ["./js/time-zone.abc123.js"] = "sha256-AAAA" });

    private static string Sha256Source(string inlineScript) =>
        $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inlineScript)))}'";

    private static void AssertExpectedHeaders(HttpResponseMessage response)
    {
        foreach (var (name, value) in s_expectedHeaders)
        {
            Assert.Equal(value, Header(response, name));
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
