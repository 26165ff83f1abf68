using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>
/// The Dockerfile's build step is a plain <c>dotnet publish</c>; this runs the same command and then the published
/// app, from another working directory, to prove the output is complete (root wwwroot and appsettings.json included).
/// </summary>
public partial class PublishTests
{
    [Fact]
    public async Task PublishedApp_StartedElsewhere_ServesPagesAndStylesheet()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = Directory.CreateTempSubdirectory("aks-dashboard-publish-");
        try
        {
            // Arrange: publish as the Dockerfile does.
            var project = Path.Combine(AzureTestSetup.RepositoryRoot(), "src", "AksUpgradeDashboard", "AksUpgradeDashboard.csproj");
            var (code, log) = await RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", output.FullName, "-nologo"], TimeSpan.FromMinutes(5), ct);
            Assert.True(code == 0, log);
            Assert.True(File.Exists(Path.Combine(output.FullName, "appsettings.json")));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(output.FullName, "wwwroot", "css"), "app*.css"));

            // Act: run it the way the container does (Production, a different working directory).
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet", [Path.Combine(output.FullName, "AksUpgradeDashboard.dll"), "--urls", $"http://127.0.0.1:{port}"])
            {
                WorkingDirectory = Path.GetTempPath(),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            // Production refuses the demo sign-in unless told, as a public demo container would be.
            start.Environment["Authentication__AllowLocalInProduction"] = "true";
            using var app = Process.Start(start)!;
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                http.DefaultRequestHeaders.Add("X-Dashboard-User", "victor");
                var html = await WaitForPageAsync(http, "/", ct);

                // Assert
                Assert.Contains("Fleet overview", html, StringComparison.Ordinal);
                var href = Stylesheet().Match(html).Groups["href"].Value;
                Assert.NotEmpty(href);
                var css = await http.GetAsync("/" + href, ct);
                Assert.Equal(HttpStatusCode.OK, css.StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/pools", ct)).StatusCode);
            }
            finally
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync(ct);
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static async Task<string> WaitForPageAsync(HttpClient http, string path, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var response = await http.GetAsync(path, ct);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadAsStringAsync(ct);
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"The published app did not answer {path} within 60 seconds.");
            }

            await Task.Delay(250, ct);
        }
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string file, string[] args, TimeSpan timeout, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).WaitAsync(timeout, ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("""href="(?<href>css/app[^"]*\.css)""")]
    private static partial Regex Stylesheet();
}
