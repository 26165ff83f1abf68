using System.Net;
using System.Text;
using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;

namespace AksUpgradeDashboard.Tests.Authentication;

/// <summary>
/// Every endpoint the app maps, against the role matrix: viewers read, operators plan, approvers decide, admins keep
/// settings. A new endpoint fails here until it is added to <see cref="s_matrix"/>, so nothing ships unprotected.
/// </summary>
public sealed class AuthorizationMatrixTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string Anonymous = "Anonymous";

    private static readonly Dictionary<string, string> s_matrix = new(StringComparer.Ordinal)
    {
        ["POST /account/sign-in"] = Anonymous,
        ["ANY /healthz"] = Anonymous,
        ["ANY /readyz"] = Anonymous,
        ["GET /account/challenge"] = Anonymous,
        ["POST /account/sign-out"] = Anonymous,
        ["GET /account/sign-in"] = Anonymous,
        ["GET /account/access-denied"] = Anonymous,
        ["GET /account/signed-out"] = Anonymous,
        ["POST /account/access-denied"] = Anonymous,
        ["POST /account/signed-out"] = Anonymous,
        ["GET /api/v1/calendar/{token}.ics"] = Anonymous, // the token in the URL is the credential (calendar apps cannot sign in)
        ["GET /api/v1/subscriptions"] = DashboardPolicies.Read,
        ["GET /api/v1/clusters"] = DashboardPolicies.Read,
        ["GET /api/v1/pools"] = DashboardPolicies.Read,
        ["GET /api/v1/pools.csv"] = DashboardPolicies.Read,
        ["GET /api/v1/inventory"] = DashboardPolicies.Read,
        ["POST /api/v1/inventory/refresh"] = DashboardPolicies.Read,
        ["GET /api/v1/windows/"] = DashboardPolicies.Read,
        ["GET /api/v1/compliance/"] = DashboardPolicies.Read,
        ["GET /api/v1/compliance.csv"] = DashboardPolicies.Read,
        ["GET /api/v1/compliance/at-risk"] = DashboardPolicies.Read,
        ["GET /api/v1/compliance/at-risk.csv"] = DashboardPolicies.Read,
        ["GET /api/v1/compliance/history"] = DashboardPolicies.Read,
        ["GET /api/v1/compliance/policy"] = DashboardPolicies.Read,
        ["PUT /api/v1/compliance/policy"] = DashboardPolicies.Administer,
        ["GET /api/v1/windows/{id:guid}"] = DashboardPolicies.Read,
        ["POST /api/v1/windows/"] = DashboardPolicies.Operate,
        ["PUT /api/v1/windows/{id:guid}"] = DashboardPolicies.Operate,
        ["DELETE /api/v1/windows/{id:guid}"] = DashboardPolicies.Operate,
        ["POST /api/v1/windows/{id:guid}/submit"] = DashboardPolicies.Operate,
        ["POST /api/v1/windows/{id:guid}/cancel"] = DashboardPolicies.Operate,
        ["POST /api/v1/windows/{id:guid}/approve"] = DashboardPolicies.Approve,
        ["POST /api/v1/windows/{id:guid}/reject"] = DashboardPolicies.Approve,
        ["GET /api/v1/windows/{id:guid}/audit"] = DashboardPolicies.Read,
        ["GET /api/v1/audit.csv"] = DashboardPolicies.Read,
        ["GET /api/v1/windows/{id:guid}/execution/"] = DashboardPolicies.Read,
        ["POST /api/v1/windows/{id:guid}/execution/start"] = DashboardPolicies.Operate,
        ["POST /api/v1/windows/{id:guid}/execution/abort"] = DashboardPolicies.Operate,
        ["POST /api/v1/windows/{id:guid}/execution/confirm-moved"] = DashboardPolicies.Operate,
        ["POST /api/v1/rollouts/proposal"] = DashboardPolicies.Operate,
        ["POST /api/v1/rollouts/"] = DashboardPolicies.Operate,
        ["GET /api/v1/rollouts/"] = DashboardPolicies.Read,
        ["GET /api/v1/rollouts/{id:guid}"] = DashboardPolicies.Read,
        ["GET /api/v1/rollouts/{id:guid}.csv"] = DashboardPolicies.Read,
        ["POST /api/v1/rollouts/{id:guid}/waves/{index:int}/submit"] = DashboardPolicies.Operate,
        ["POST /api/v1/rollouts/{id:guid}/waves/{index:int}/approve"] = DashboardPolicies.Approve,
        ["POST /api/v1/rollouts/{id:guid}/waves/{index:int}/reject"] = DashboardPolicies.Approve,
        ["POST /api/v1/rollouts/{id:guid}/waves/{index:int}/waive"] = DashboardPolicies.Approve,
        ["POST /api/v1/rollouts/{id:guid}/cancel"] = DashboardPolicies.Operate,
        ["GET /api/v1/audit/verify"] = DashboardPolicies.Administer,
        ["GET /api/v1/blackout-periods/"] = DashboardPolicies.Read,
        ["GET /api/v1/blackout-periods/{id:guid}"] = DashboardPolicies.Read,
        ["POST /api/v1/blackout-periods/"] = DashboardPolicies.Administer,
        ["PUT /api/v1/blackout-periods/{id:guid}"] = DashboardPolicies.Administer,
        ["DELETE /api/v1/blackout-periods/{id:guid}"] = DashboardPolicies.Administer,
        ["GET /api/v1/windows.ics"] = DashboardPolicies.Read,
        ["GET /api/v1/windows/{id:guid}.ics"] = DashboardPolicies.Read,
        ["GET /api/v1/windows.csv"] = DashboardPolicies.Read,
        ["GET /api/v1/windows/{id:guid}/runbook"] = DashboardPolicies.Read,
        ["GET /openapi/{documentName}.json"] = DashboardPolicies.Read,
        ["GET /"] = DashboardPolicies.Read,
        ["GET /pools"] = DashboardPolicies.Read,
        ["GET /clusters"] = DashboardPolicies.Read,
        ["GET /clusters/{SubscriptionId}/{ResourceGroup}/{Name}"] = DashboardPolicies.Read,
        ["GET /os-lifecycle"] = DashboardPolicies.Read,
        ["GET /windows"] = DashboardPolicies.Read,
        ["GET /compliance"] = DashboardPolicies.Read,
        ["GET /compliance/report"] = DashboardPolicies.Read,
        ["GET /windows/{Id:guid}"] = DashboardPolicies.Read,
        ["GET /windows/new"] = DashboardPolicies.Operate,
        ["GET /windows/{Id:guid}/edit"] = DashboardPolicies.Operate,
        ["GET /approvals"] = DashboardPolicies.Approve,
        ["GET /settings"] = DashboardPolicies.Administer,
        ["GET /calendar-feed"] = DashboardPolicies.Read,
        ["GET /notifications"] = DashboardPolicies.Read,
        ["GET /rollouts"] = DashboardPolicies.Read,
        ["GET /rollouts/new"] = DashboardPolicies.Operate,
        ["GET /rollouts/{Id:guid}"] = DashboardPolicies.Read,
        ["GET /error"] = Anonymous,
        ["GET /not-found"] = Anonymous,
    };

    private static readonly Dictionary<string, string[]> s_allowed = new(StringComparer.Ordinal)
    {
        [DashboardPolicies.Read] = ["olivia", "paul", "anna", "victor", "ada"],
        [DashboardPolicies.Operate] = ["olivia", "paul"],
        [DashboardPolicies.Approve] = ["paul", "anna"],
        [DashboardPolicies.Administer] = ["ada"],
    };

    [Fact]
    public void Endpoints_EveryMappedEndpoint_HasTheMatrixPolicy()
    {
        // Arrange
        factory.CreateClient();

        // Act
        var actual = MappedEndpoints().ToList();

        // Assert
        var unknown = actual.Where(e => !s_matrix.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        Assert.True(unknown.Count == 0, "Endpoints missing from the role matrix: " + string.Join("; ", unknown));
        var wrong = actual.Where(e => s_matrix[e.Key] != e.Policy).Select(e => $"{e.Key}: {e.Policy}, expected {s_matrix[e.Key]}").ToList();
        Assert.True(wrong.Count == 0, "Endpoints with the wrong policy: " + string.Join("; ", wrong));
        var missing = s_matrix.Keys.Except(actual.Select(e => e.Key)).ToList();
        Assert.True(missing.Count == 0, "Matrix rows with no endpoint: " + string.Join("; ", missing));
    }

    [Fact]
    public async Task Requests_EachPersonOnEveryProtectedEndpoint_AllowedOrForbiddenByRole()
    {
        // Arrange
        var endpoints = MappedEndpoints().Where(e => e.Policy != Anonymous).ToList();
        var failures = new List<string>();

        // Act
        foreach (var (key, policy) in endpoints)
        {
            foreach (var user in new string?[] { null, "olivia", "paul", "anna", "victor", "ada" })
            {
                var status = await SendAsync(key, user);
                var expected = user is null ? "401 or sign-in" : s_allowed[policy].Contains(user) ? "allowed" : "403";
                var ok = expected switch
                {
                    "allowed" => status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.Redirect),
                    "403" => status == HttpStatusCode.Forbidden,
                    _ => key.Contains(" /api/", StringComparison.Ordinal) || key.Contains(" /openapi/", StringComparison.Ordinal)
                        ? status == HttpStatusCode.Unauthorized
                        : status == HttpStatusCode.Redirect,
                };
                if (!ok)
                {
                    failures.Add($"{key} as {user ?? "nobody"}: {(int)status}, expected {expected}");
                }
            }
        }

        // Assert
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(endpoints.Count > 30);
    }

    [Theory]
    [InlineData("/windows/new", "/account/sign-in?ReturnUrl=%2Fwindows%2Fnew")]
    [InlineData("/", "/account/sign-in?ReturnUrl=%2F")]
    public async Task Page_Unauthenticated_RedirectsToSignInAndBack(string path, string location)
    {
        // Arrange
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Clear();

        // Act
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Api_UnknownPersonInHeader_Returns401ProblemNamingTheHeader()
    {
        // Arrange
        var client = factory.CreateClientAs("mallory");

        // Act
        var response = await client.GetAsync("/api/v1/pools", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Dashboard-User", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_LocalPersonThroughTheForm_CookieOpensPagesAndNotApiWrites()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Clear();
        var form = await client.GetStringAsync("/account/sign-in?ReturnUrl=%2Fwindows", ct);
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        // Act
        var signIn = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["user"] = "olivia",
            ["returnUrl"] = "/windows",
        }), ct);
        var page = await client.GetAsync("/windows", ct);
        var read = await client.GetAsync("/api/v1/windows", ct);
        var write = await client.PostAsync("/api/v1/windows", new StringContent("{}", Encoding.UTF8, "application/json"), ct);

        // Assert
        Assert.NotEmpty(token);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/windows", signIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Olivia Operator", await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        // The browser's cookie never changes anything through the API: another site could make it send one.
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
    }

    [Theory]
    [InlineData("/windows", "/windows")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData(null, "/")]
    public void SafeReturnUrl_AnyValue_OnlyPathsOnThisSite(string? returnUrl, string expected)
    {
        // Act
        var safe = AccountEndpoints.SafeReturnUrl(returnUrl);

        // Assert
        Assert.Equal(expected, safe);
    }

    private IEnumerable<(string Key, string Policy)> MappedEndpoints()
    {
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            // An endpoint for every method (health probes) is listed as ANY, so it cannot slip past the matrix.
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
            var isStaticAsset = endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor");
            if (isStaticAsset || pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.StartsWith("/_framework", StringComparison.Ordinal) || pattern == "{**path:file}")
            {
                // Static files are public; the Blazor hub and framework endpoints fall under the fallback policy.
                Assert.True(isStaticAsset ? endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null : endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null, pattern);
                continue;
            }

            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var policy = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null ? Anonymous
                : policies.Contains(DashboardPolicies.Administer) ? DashboardPolicies.Administer
                : policies.Contains(DashboardPolicies.Approve) ? DashboardPolicies.Approve
                : policies.Contains(DashboardPolicies.Operate) ? DashboardPolicies.Operate
                : DashboardPolicies.Read; // the fallback policy
            foreach (var method in methods.Where(m => m is not "HEAD").Select(m => m is "POST" && !pattern.StartsWith("/api", StringComparison.Ordinal) && !pattern.StartsWith("/account", StringComparison.Ordinal) ? null : m).OfType<string>())
            {
                yield return ($"{method} {pattern}", policy);
            }
        }
    }

    private async Task<HttpStatusCode> SendAsync(string key, string? user)
    {
        var (method, pattern) = (key[..key.IndexOf(' ', StringComparison.Ordinal)], key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:guid|:int)?\}", m => m.Groups[2].Value == ":guid" ? Guid.Empty.ToString() : m.Groups[2].Value == ":int" ? "0" : m.Groups[1].Value switch
        {
            "documentName" => "v1",
            _ => "x",
        });
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Clear();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(LocalHeaderAuthenticationHandler.HeaderName, user);
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

}
