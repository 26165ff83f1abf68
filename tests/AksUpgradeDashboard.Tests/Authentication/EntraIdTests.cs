using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AksUpgradeDashboard.Tests.Authentication;

/// <summary>
/// <c>Authentication:Mode=EntraId</c> with the real Microsoft.Identity.Web handlers. The one fake is Entra ID itself: its
/// signing keys and metadata are replaced by a key made here, so tokens are signed locally and nothing calls
/// login.microsoftonline.com.
/// </summary>
public sealed class EntraIdTests : IDisposable
{
    private const string TenantId = "7c1d4a3e-5b2f-4e6a-8d9c-0f1e2d3c4b5a";
    private const string ClientId = "3f2e1d0c-9b8a-4765-a432-10fedcba9876";
    private const string Issuer = $"https://login.microsoftonline.com/{TenantId}/v2.0";
    private const string AuthorizeEndpoint = $"https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/authorize";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _signingKey;

    public EntraIdTests() => _signingKey = new RsaSecurityKey(_rsa) { KeyId = "entra-test-key" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _rsa.Dispose();

    [Fact]
    public async Task Api_BearerWithViewerRole_ReadsButCannotPlan()
    {
        await using var factory = EntraIdFactory();
        var client = BearerClient(factory, Token(roles: ["Dashboard.Viewer"]));

        var read = await client.GetAsync("/api/v1/windows", Ct);
        var plan = await client.PostAsJsonAsync("/api/v1/windows", new { title = "x" }, Ct);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, plan.StatusCode);
        Assert.Equal("application/problem+json", plan.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_BearerWithOperatorRole_PlansAsTheTokensPersonByTenantAndObjectId()
    {
        await using var factory = EntraIdFactory();
        var objectId = Guid.NewGuid().ToString();
        var client = BearerClient(factory, Token(roles: ["Dashboard.Operator"], userName: "olga.ops@fabrikam.example", objectId: objectId, displayName: "Olga Ops"));

        var response = await client.PostAsJsonAsync("/api/v1/windows", TestFleet.PaymentsApiWindow(), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal($"{TenantId}/{objectId}", created.GetProperty("createdBy").GetString());
        Assert.Equal("Olga Ops", created.GetProperty("createdByName").GetString());
    }

    // Hole: people were told apart by preferred_username, which Microsoft says not to use for authorization: two tokens
    // with one object id and two user names were creator and approver of the same window. The person is tid + oid.
    [Theory]
    [InlineData(TestDatabaseProvider.Sqlite)]
    [InlineData(TestDatabaseProvider.PostgreSql)]
    public async Task Approve_SameObjectIdUnderAnotherUserName_RefusedAsTheCreator(TestDatabaseProvider provider)
    {
        await using var factory = EntraIdFactory(provider);
        var objectId = Guid.NewGuid().ToString();
        var planner = BearerClient(factory, Token(roles: ["Dashboard.Operator", "Dashboard.Approver"], userName: "olga.ops@fabrikam.example", objectId: objectId));
        var renamed = BearerClient(factory, Token(roles: ["Dashboard.Approver"], userName: "olga.approver@fabrikam.example", objectId: objectId));
        var created = await SubmittedWindowAsync(planner);

        var approved = await ApproveAsync(renamed, created);

        Assert.Equal(HttpStatusCode.Forbidden, approved.StatusCode);
        Assert.Contains("You created this window", await approved.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    // The other side: one user name under two object ids is two people (a reused name is not the same person).
    [Theory]
    [InlineData(TestDatabaseProvider.Sqlite)]
    [InlineData(TestDatabaseProvider.PostgreSql)]
    public async Task Approve_SameUserNameWithAnotherObjectId_IsAnotherPerson(TestDatabaseProvider provider)
    {
        await using var factory = EntraIdFactory(provider);
        var planner = BearerClient(factory, Token(roles: ["Dashboard.Operator"], userName: "sam@fabrikam.example", displayName: "Sam (left in May)"));
        var approver = BearerClient(factory, Token(roles: ["Dashboard.Approver"], userName: "sam@fabrikam.example", displayName: "Sam (joined in June)"));
        var created = await SubmittedWindowAsync(planner);

        var approved = await ApproveAsync(approver, created);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var approval = (await approved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("approvals")[0];
        Assert.Equal("Sam (joined in June)", approval.GetProperty("approverName").GetString());
        Assert.NotEqual(created.GetProperty("createdBy").GetString(), approval.GetProperty("approver").GetString());
    }

    // Hole: an app-only token (a pipeline's service principal with the Operator role, as the README suggests) has no user
    // name claim, and planning a window answered 500. It is a caller like a person, by tenant and object id, named by its app.
    [Fact]
    public async Task Api_AppOnlyTokenWithOperatorRole_PlansAsTheApplication()
    {
        await using var factory = EntraIdFactory();
        var objectId = Guid.NewGuid().ToString();
        var client = BearerClient(factory, AppToken(objectId, ["Dashboard.Operator"]));

        var response = await client.PostAsJsonAsync("/api/v1/windows", TestFleet.PaymentsApiWindow(), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal($"{TenantId}/{objectId}", created.GetProperty("createdBy").GetString());
        Assert.Equal("Application release-pipeline", created.GetProperty("createdByName").GetString());
        var audit = await (await client.GetAsync($"/api/v1/windows/{created.GetProperty("id").GetString()}/audit", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Application release-pipeline", audit[0].GetProperty("actorName").GetString());
    }

    // Review finding: before people were told apart by tenant + object id, an app-only caller was recorded as
    // app:{object id}. The same service principal must still be the author of the windows it wrote then.
    [Fact]
    public async Task Approve_AppThatCreatedTheWindowBeforeTheUpgrade_RefusedAsTheCreator()
    {
        await using var factory = EntraIdFactory();
        var objectId = Guid.NewGuid().ToString();
        var pipeline = BearerClient(factory, AppToken(objectId, ["Dashboard.Approver"]));
        var created = await SubmittedWindowAsync(BearerClient(factory, Token(roles: ["Dashboard.Operator"])));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // The window's creator as an older version recorded an app.
            var db = scope.ServiceProvider.GetRequiredService<AksUpgradeDashboard.Data.DashboardDbContext>();
            var id = Guid.Parse(created.GetProperty("id").GetString()!);
            var window = await db.Windows.SingleAsync(w => w.Id == id, Ct);
            window.CreatedBy = $"app:{objectId}";
            window.CreatedByName = null;
            await db.SaveChangesAsync(Ct);
        }

        var approved = await ApproveAsync(pipeline, created);

        Assert.Equal(HttpStatusCode.Forbidden, approved.StatusCode);
    }

    private static async Task<JsonElement> SubmittedWindowAsync(HttpClient planner)
    {
        var created = await (await planner.PostAsJsonAsync("/api/v1/windows", TestFleet.PaymentsApiWindow(), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        (await planner.PostAsJsonAsync($"/api/v1/windows/{created.GetProperty("id").GetString()}/submit", new { comment = "ready" }, Ct)).EnsureSuccessStatusCode();
        return created;
    }

    // Approves revision 1, acknowledging every warning it had when created.
    private static Task<HttpResponseMessage> ApproveAsync(HttpClient approver, JsonElement window) =>
        approver.PostAsJsonAsync($"/api/v1/windows/{window.GetProperty("id").GetString()}/approve", new
        {
            comment = "fine",
            revision = 1,
            acknowledgedWarnings = window.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).OfType<string>().ToArray(),
        }, Ct);

    [Theory]
    [InlineData("no role")]
    [InlineData("other audience")]
    [InlineData("other issuer")]
    [InlineData("expired")]
    [InlineData("signed by another key")]
    public async Task Api_BearerThatIsNotValidForThisApp_Refused(string flaw)
    {
        await using var factory = EntraIdFactory();
        using var otherKey = RSA.Create(2048);
        var token = flaw switch
        {
            "no role" => Token(roles: []),
            "other audience" => Token(audience: "api://some-other-app"),
            "other issuer" => Token(issuer: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0"),
            "expired" => Token(expires: DateTime.UtcNow.AddHours(-2)),
            _ => Token(key: new RsaSecurityKey(otherKey) { KeyId = "entra-test-key" }),
        };

        var response = await BearerClient(factory, token).GetAsync("/api/v1/windows", Ct);

        // Microsoft.Identity.Web refuses an app token that carries neither roles nor scopes, so a token without a
        // dashboard role is 401 like the others; a forged, foreign or expired token never gets further.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task Api_BearerWithOnlyAnotherAppsRole_Forbidden()
    {
        await using var factory = EntraIdFactory();

        var response = await BearerClient(factory, Token(roles: ["Reports.Reader"])).GetAsync("/api/v1/windows", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_LocalDemoHeaderInEntraIdMode_NotAccepted()
    {
        await using var factory = EntraIdFactory();
        var client = factory.CreateClientAs("ada");

        var response = await client.GetAsync("/api/v1/windows", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Page_SignedOut_RedirectsToEntraIdSignInForThisApp()
    {
        await using var factory = EntraIdFactory();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Remove(AksUpgradeDashboard.Authentication.LocalHeaderAuthenticationHandler.HeaderName);

        var response = await client.GetAsync("/windows", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.AbsoluteUri;
        Assert.StartsWith(AuthorizeEndpoint, location, StringComparison.Ordinal);
        Assert.Contains($"client_id={ClientId}", location, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=http%3A%2F%2Flocalhost%2Fsignin-oidc", location, StringComparison.Ordinal);
        // The metadata came from the test, never from login.microsoftonline.com (IDX20803: "Unable to obtain configuration").
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Message.Contains("IDX20803", StringComparison.Ordinal) || e.Message.Contains("login.microsoftonline.com/" + TenantId + "/v2.0/.well-known", StringComparison.Ordinal));
    }

    // Hole: behind an ingress that terminates TLS, the app built http://…/signin-oidc (Entra ID refuses it), sent no HSTS
    // and its cookies were not Secure, unless someone knew to set ASPNETCORE_FORWARDEDHEADERS_ENABLED.
    [Fact]
    public async Task SignIn_BehindTlsIngress_HttpsRedirectUriSecureCookiesAndHsts()
    {
        await using var factory = EntraIdFactory().WithEnvironment("Production").With("ForwardedHeaders:Enabled", "true");
        var client = IngressClient(factory);

        var response = await client.GetAsync("/windows", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("redirect_uri=https%3A%2F%2Fdashboard.contoso.example%2Fsignin-oidc", response.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    // Forwarded headers are believed only from the proxies configured: anyone else's are ignored.
    [Fact]
    public async Task SignIn_ForwardedHeadersFromAnUnknownAddress_Ignored()
    {
        await using var factory = EntraIdFactory().WithEnvironment("Production")
            .With("ForwardedHeaders:Enabled", "true")
            .With("ForwardedHeaders:KnownProxies:0", "10.1.2.3")
            .WithRemoteAddress("203.0.113.9");
        var client = IngressClient(factory);

        var response = await client.GetAsync("/windows", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("redirect_uri=http%3A%2F%2Fdashboard.contoso.example%2Fsignin-oidc", response.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_ForwardedHeadersFromTheConfiguredProxy_Believed()
    {
        await using var factory = EntraIdFactory().WithEnvironment("Production")
            .With("ForwardedHeaders:Enabled", "true")
            .With("ForwardedHeaders:KnownNetworks:0", "10.244.0.0/16")
            .WithRemoteAddress("10.244.3.17");
        var client = IngressClient(factory);

        var response = await client.GetAsync("/windows", Ct);

        Assert.Contains("redirect_uri=https%3A%2F%2Fdashboard.contoso.example%2Fsignin-oidc", response.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    /// <summary>A browser's request as a TLS-terminating ingress passes it on: plain HTTP, the public host, the scheme in a header.</summary>
    private static HttpClient IngressClient(DashboardFactory factory)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://dashboard.contoso.example") });
        client.DefaultRequestHeaders.Remove(AksUpgradeDashboard.Authentication.LocalHeaderAuthenticationHandler.HeaderName);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.20");
        return client;
    }

    private DashboardFactory EntraIdFactory(TestDatabaseProvider provider = TestDatabaseProvider.Sqlite) => new DashboardFactory(provider)
        .With("Authentication:Mode", "EntraId")
        .With("AzureAd:Instance", "https://login.microsoftonline.com/")
        .With("AzureAd:TenantId", TenantId)
        .With("AzureAd:ClientId", ClientId)
        .With("AzureAd:ClientSecret", "test-secret-never-sent")
        .With("AzureAd:CallbackPath", "/signin-oidc")
        .WithServices(services =>
        {
            // Entra ID's published metadata and keys, as a test-made key; everything else is the app's own configuration.
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                o.Configuration = Metadata();
                o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(Metadata());
                o.TokenValidationParameters.IssuerValidator = null;
                o.TokenValidationParameters.ValidIssuer = Issuer;
            });
            services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
            {
                o.Configuration = Metadata();
                o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(Metadata());
            });
        });

    private OpenIdConnectConfiguration Metadata()
    {
        var metadata = new OpenIdConnectConfiguration { Issuer = Issuer, AuthorizationEndpoint = AuthorizeEndpoint };
        metadata.SigningKeys.Add(_signingKey);
        return metadata;
    }

    private static HttpClient BearerClient(DashboardFactory factory, string token)
    {
        var client = factory.CreateClientAs(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>An app-only (client credentials) token: no user name, an object id, the client id in azp.</summary>
    private string AppToken(string objectId, string[] roles) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = ClientId,
        Claims = new Dictionary<string, object>
        {
            ["tid"] = TenantId,
            ["oid"] = objectId,
            ["sub"] = objectId,
            ["azp"] = "11111111-2222-3333-4444-555555555555",
            ["app_displayname"] = "release-pipeline",
            ["idtyp"] = "app",
            ["ver"] = "2.0",
            ["roles"] = roles,
        },
        NotBefore = DateTime.UtcNow.AddHours(-1),
        IssuedAt = DateTime.UtcNow.AddHours(-1),
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256),
    });

    private string Token(string[]? roles = null, string userName = "viv.viewer@fabrikam.example", string audience = ClientId,
        string issuer = Issuer, DateTime? expires = null, SecurityKey? key = null, string? objectId = null, string displayName = "Test person")
    {
        var claims = new Dictionary<string, object>
        {
            ["tid"] = TenantId,
            ["oid"] = objectId ?? Guid.NewGuid().ToString(),
            ["preferred_username"] = userName,
            ["name"] = displayName,
            ["ver"] = "2.0",
        };
        if (roles is { Length: > 0 })
        {
            claims["roles"] = roles;
        }

        var notAfter = expires ?? DateTime.UtcNow.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            NotBefore = notAfter.AddHours(-2),
            IssuedAt = notAfter.AddHours(-2),
            Expires = notAfter,
            SigningCredentials = new SigningCredentials(key ?? _signingKey, SecurityAlgorithms.RsaSha256),
        });
    }
}
