using System.Net;
using System.Text.RegularExpressions;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>Pages are prerendered on the server, so a plain GET shows their content.</summary>
public partial class PageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Theory]
    [InlineData("/", "Fleet overview")]
    [InlineData("/pools", "Node pools")]
    [InlineData("/pools?status=Unsupported&sort=ImageAge", "Node pools")]
    [InlineData("/clusters", "aks-payments-prod-weu")]
    [InlineData("/clusters/6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10/rg-orders-prod/aks-orders-prod-uks", "AKSAzureLinux-V2gen2-202512.06.0")]
    [InlineData("/os-lifecycle", "2027-06-30")]
    [InlineData("/windows", "No upgrade windows are planned yet")]
    [InlineData("/windows/new?subscription=6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10&resourceGroup=rg-orders-prod&cluster=aks-orders-prod-uks&pools=workers", "Azure Linux 2.0 is unsupported")]
    [InlineData("/settings", "Blackout periods", "ada")]
    public async Task Get_Page_RendersContentOnTheServer(string url, string expected, string user = "paul")
    {
        var client = factory.CreateClientAs(user);

        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.Contains("Sample fleet", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownPath_Returns404Page()
    {
        var client = factory.CreateClient();

        var response = await client.GetAsync("/no-such-page", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownApiPath_Returns404ProblemJsonNotThePage()
    {
        var client = factory.CreateClient();

        var response = await client.GetAsync("/api/v1/no-such-thing", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Page not found", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Overview_StylesheetFromRootWebRootIsServed()
    {
        var client = factory.CreateClient();
        var html = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        var href = StylesheetHref().Match(html).Groups["href"].Value;

        var css = await client.GetAsync("/" + href, TestContext.Current.CancellationToken);

        Assert.Matches(@"^css/app(\.[a-z0-9]+)?\.css$", href);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Contains(".mono", await css.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/pools")]
    [InlineData("/account/sign-in")]
    public async Task Get_AnyResponse_CarriesOneStrictContentSecurityPolicyAndTheOtherHeaders(string path)
    {
        var client = factory.CreateClient();

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        // The import map is the page's only inline script, and the policy allows exactly it by hash.
        if (ImportMap().Match(html) is { Success: true } importMap)
        {
            var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(importMap.Groups["json"].Value.ReplaceLineEndings("\n"))));
            Assert.Contains($"'sha256-{hash}'", csp, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("""<script type="importmap"[^>]*>(?<json>.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ImportMap();

    [GeneratedRegex("""href="(?<href>css/app[^"]*\.css)""")]
    private static partial Regex StylesheetHref();
}
