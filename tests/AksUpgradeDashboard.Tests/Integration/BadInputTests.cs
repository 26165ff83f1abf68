using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>
/// What an attack test of the running app sent: every answer a clear one naming what is wrong, never a 500, and nothing
/// stored that should not be. Run as Production, where error pages say least.
/// </summary>
public sealed partial class BadInputTests : IAsyncDisposable
{
    private readonly DashboardFactory _factory = new DashboardFactory()
        .WithEnvironment("Production")
        .With("Authentication:AllowLocalOutsideDevelopment", "true");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    // Hole: malformed JSON or a value of the wrong type got 400 naming no field in Production.
    [Theory]
    [InlineData("{\"title\": ", "$", "not valid JSON")]
    [InlineData("{\"title\": 5}", "$.title", "a string")]
    [InlineData("{\"nodePools\": \"api\"}", "$.nodePools", "an array")]
    [InlineData("{\"start\": true}", "$.start", "a string")]
    [InlineData("[1, 2]", "$", "an object")]
    public async Task Post_BodyNotTheExpectedJson_400NamingThePathAndTheExpectation(string body, string path, string expected)
    {
        var client = _factory.CreateClient();

        var response = await client.PostAsync("/api/v1/windows", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString();
        Assert.Contains(path, detail, StringComparison.Ordinal);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/windows", Ct)).GetArrayLength());
    }

    // Review finding: a client that accepts no JSON (a calendar app) got the HTML error page instead of the problem.
    [Fact]
    public async Task Post_BadBodyFromAClientAcceptingOnlyCalendars_StillProblemDetails()
    {
        var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/windows") { Content = new StringContent("{\"title\": 5}", Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("text/calendar");

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("$.title", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_RevisionOfTheWrongType_400NamingIt()
    {
        var client = _factory.CreateClient();

        var response = await client.PutAsync($"/api/v1/windows/{Guid.NewGuid()}", new StringContent("{\"revision\": \"two\"}", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString();
        Assert.Contains("$.revision", detail, StringComparison.Ordinal);
        Assert.Contains("a whole number", detail, StringComparison.Ordinal);
    }

    // Hole: 500 for the calendar at the ends of time (the page itself is tested in UpgradeWindowsTests).
    [Theory]
    [InlineData("/windows?view=month&date=9999-12-27")]
    [InlineData("/windows?view=month&date=0001-01-01")]
    public async Task Calendar_DateAtTheEndsOfTime_AnswersThePage(string url)
    {
        var response = await _factory.CreateClient().GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("data-testid=\"page-error\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    // Hole: returnUrl=/%09/evil.example passed the check and LocalRedirect then threw: 500.
    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("/%0a/evil.example")]
    [InlineData("/\\evil.example")]
    public async Task SignIn_ReturnUrlWithControlCharacters_RedirectsHomeNotElsewhere(string returnUrl)
    {
        var (client, token) = await BrowserWithFormTokenAsync();

        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["user"] = "olivia",
            ["returnUrl"] = Uri.UnescapeDataString(returnUrl),
        }), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    // Hole: a sign-in form post without an antiforgery token failed inside the error handler itself (500).
    [Fact]
    public async Task SignIn_PostWithoutAntiforgeryToken_400WithAPlainMessage()
    {
        var (client, _) = await BrowserWithFormTokenAsync();

        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "ada" }), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("reload", await response.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(".AspNetCore.Cookies", StringComparison.Ordinal)));
    }

    // Hole: sign-out was not antiforgery-checked: a cross-site form signed a person out.
    [Fact]
    public async Task SignOut_PostWithoutAntiforgeryToken_RefusedAndStillSignedIn()
    {
        var client = await SignedInBrowserAsync("olivia");

        var forged = await client.PostAsync("/account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>()), Ct);
        var afterwards = await client.GetAsync("/api/v1/windows", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task SignOut_PostWithTheToken_SignsOut()
    {
        var client = await SignedInBrowserAsync("olivia");
        // A token issued to the signed-in person (the switch-person form carries one, as the user menu's sign-out does).
        var page = await client.GetStringAsync("/account/sign-in", Ct);
        var signOutToken = FormToken().Match(page).Groups[1].Value;

        var signedOut = await client.PostAsync("/account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = signOutToken }), Ct);
        var afterwards = await client.GetAsync("/api/v1/windows", Ct);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterwards.StatusCode);
    }

    // Hole: accepted, and should not be: text that displays differently from what it is, a zone under another name,
    // a start years ahead, and pools named null or "" that silently meant "all pools".
    [Theory]
    [InlineData("title", "Upgrade \u202Eexe.txt", "title", "U+202E")]
    [InlineData("title", "Zero\u200Bwidth", "title", "U+200B")]
    [InlineData("notes", "Looks \u2066isolated\u2069", "notes", "U+2066")]
    [InlineData("start", "2028-12-05T22:00:00+01:00", "start", "400 days")]
    [InlineData("nodePools", null, "nodePools", "empty")]
    [InlineData("nodePools", "", "nodePools", "empty")]
    public async Task Post_InputThatShouldNotBeAccepted_400NamingTheField(string field, string? value, string errorField, string expected)
    {
        var client = _factory.CreateClient();
        var body = JsonSerializer.SerializeToNode(TestFleet.PaymentsApiWindow())!.AsObject();
        if (field == "nodePools")
        {
            body["nodePools"] = new System.Text.Json.Nodes.JsonArray(value is null ? null : System.Text.Json.Nodes.JsonValue.Create(value));
        }
        else
        {
            body[field] = value;
            if (field == "start")
            {
                body["end"] = "2028-12-06T04:00:00+01:00";
            }
        }

        var response = await client.PostAsJsonAsync("/api/v1/windows", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Contains(expected, errors.GetProperty(errorField)[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/windows", Ct)).GetArrayLength());
    }

    [Fact]
    public async Task Post_TimeZoneUnderAnAlias_StoredUnderItsCanonicalName()
    {
        var client = _factory.CreateClient();
        var body = JsonSerializer.SerializeToNode(TestFleet.PaymentsApiWindow())!.AsObject();
        body["timeZone"] = "posix/Europe/London";

        var response = await client.PostAsJsonAsync("/api/v1/windows", body, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Europe/London", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("timeZone").GetString());
    }

    private async Task<HttpClient> SignedInBrowserAsync(string user)
    {
        var (client, token) = await BrowserWithFormTokenAsync();
        var signedIn = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["user"] = user,
            ["returnUrl"] = "/",
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    /// <summary>A browser (cookies, no demo header, no redirects followed) and a form token from the sign-in page.</summary>
    private async Task<(HttpClient Client, string Token)> BrowserWithFormTokenAsync()
    {
        var client = _factory.CreateDefaultClient(new CookieContainerHandler(new CookieContainer()));
        client.DefaultRequestHeaders.Clear();
        var form = await client.GetStringAsync("/account/sign-in", Ct);
        return (client, FormToken().Match(form).Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
