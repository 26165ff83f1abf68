using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>
/// The Dockerfile's build step is a plain <c>dotnet publish</c>; these run the same command once and then the published
/// app as its own process, from another working directory: that the output is complete (root wwwroot and
/// appsettings.json included), that a crash (kill -9) in the middle of writes loses no acknowledged window, and that a
/// normal stop (SIGTERM) finishes the writes in flight.
/// </summary>
public partial class PublishTests(PublishTests.PublishedApp published) : IClassFixture<PublishTests.PublishedApp>
{
    private const string WebStaging = "0b9e7f21-3c5d-4e8a-b2f1-7d6c5a4e3b21";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishedApp_StartedElsewhere_ServesPagesAndStylesheet()
    {
        Assert.True(File.Exists(Path.Combine(published.Folder, "appsettings.json")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(published.Folder, "wwwroot", "css"), "app*.css"));

        using var app = published.Start();
        var http = app.Http;
        var html = await WaitForAsync(http, "/", Ct);

        Assert.Contains("Fleet overview", html, StringComparison.Ordinal);
        var href = Stylesheet().Match(html).Groups["href"].Value;
        Assert.NotEmpty(href);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/" + href, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/pools", Ct)).StatusCode);
    }

    [Fact]
    public async Task PublishedApp_KilledDuringWrites_DatabaseOpensWithEveryAcknowledgedWindow()
    {
        using var file = TestDatabase.Create(TestDatabaseProvider.Sqlite);
        var database = file.FilePath!;

        // Arrange: windows are being planned, four at a time, when the process is killed outright.
        ConcurrentBag<Guid> acknowledged;
        using (var app = published.Start(database))
        {
            await WaitForAsync(app.Http, "/readyz", Ct);
            acknowledged = await PlanUntilAsync(app.Http, stopAfter: 40, whenReached: () => app.Process.Kill());
            await app.Process.WaitForExitAsync(Ct);
        }

        // Act: start again on the same database.
        using var again = published.Start(database);
        var client = again.Http;
        await WaitForAsync(client, "/readyz", Ct);
        var stored = (await client.GetFromJsonAsync<JsonElement>("/api/v1/windows", Ct)).EnumerateArray().Select(w => w.GetProperty("id").GetGuid()).ToHashSet();
        var audited = (await client.GetStringAsync("/api/v1/audit.csv", Ct)).Split('\n');

        // Assert: every window the API confirmed is there, with its audit entry, and SQLite finds no damage.
        Assert.True(acknowledged.Count >= 40);
        Assert.All(acknowledged, id => Assert.Contains(id, stored));
        Assert.All(acknowledged, id => Assert.Contains(audited, line => line.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase) && line.Contains(",Created,", StringComparison.Ordinal)));
        Assert.Equal("ok", await IntegrityAsync(database));
    }

    [Fact]
    public async Task PublishedApp_StoppedWithSigterm_FinishesWritesAndExitsCleanly()
    {
        using var file = TestDatabase.Create(TestDatabaseProvider.Sqlite);
        var database = file.FilePath!;
        ConcurrentBag<Guid> acknowledged;
        int exitCode;
        using (var app = published.Start(database))
        {
            await WaitForAsync(app.Http, "/readyz", Ct);
            acknowledged = await PlanUntilAsync(app.Http, stopAfter: 20, whenReached: () =>
                Process.Start("kill", ["-TERM", app.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit());
            await app.Process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
            exitCode = app.Process.ExitCode;
        }

        using var again = published.Start(database);
        var client = again.Http;
        await WaitForAsync(client, "/readyz", Ct);
        var stored = (await client.GetFromJsonAsync<JsonElement>("/api/v1/windows", Ct)).EnumerateArray().Select(w => w.GetProperty("id").GetGuid()).ToHashSet();

        Assert.Equal(0, exitCode);
        Assert.All(acknowledged, id => Assert.Contains(id, stored));
        Assert.Equal("ok", await IntegrityAsync(database));
    }

    /// <summary>
    /// Plans windows (one per day, so none overlaps) with four writers until <paramref name="stopAfter"/> are confirmed,
    /// then calls <paramref name="whenReached"/> while the writers carry on; returns the ids the API confirmed with 201.
    /// </summary>
    private static async Task<ConcurrentBag<Guid>> PlanUntilAsync(HttpClient http, int stopAfter, Action whenReached)
    {
        var acknowledged = new ConcurrentBag<Guid>();
        var next = -1;
        var stopped = 0;
        async Task WriterAsync()
        {
            while (true)
            {
                var day = Interlocked.Increment(ref next);
                if (day > 300)
                {
                    return;
                }

                var start = new DateTimeOffset(2027, 3, 1, 2, 0, 0, TimeSpan.Zero).AddDays(day);
                HttpResponseMessage response;
                try
                {
                    response = await http.PostAsJsonAsync("/api/v1/windows", new
                    {
                        title = $"Crash test {day}",
                        subscriptionId = WebStaging,
                        resourceGroup = "rg-web-stg",
                        cluster = "aks-web-stg-eus",
                        nodePools = Array.Empty<string>(),
                        kind = "NodeImage",
                        start,
                        end = start.AddHours(6),
                        timeZone = "UTC",
                    });
                }
                catch (HttpRequestException)
                {
                    return; // the process is gone
                }

                if (response.StatusCode != HttpStatusCode.Created)
                {
                    Assert.True(Volatile.Read(ref stopped) == 1, $"Before the stop a write failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return; // stopping: refused or cut off
                }

                acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
                if (acknowledged.Count >= stopAfter && Interlocked.Exchange(ref stopped, 1) == 0)
                {
                    whenReached();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(WriterAsync)));
        return acknowledged;
    }

    private static async Task<string> IntegrityAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task<string> WaitForAsync(HttpClient http, string path, CancellationToken ct)
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

    [GeneratedRegex("""href="(?<href>css/app[^"]*\.css)""")]
    private static partial Regex Stylesheet();

    /// <summary>A started app and a client for it; disposing stops whatever is still running.</summary>
    public sealed class RunningApp(Process process, HttpClient http) : IDisposable
    {
        public Process Process { get; } = process;

        public HttpClient Http { get; } = http;

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }

            Http.Dispose();
            Process.Dispose();
        }
    }

    /// <summary>The app published once (as the Dockerfile does) for every test of the class.</summary>
    public sealed class PublishedApp : IAsyncLifetime
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("aks-dashboard-publish-");

        public string Folder => _folder.FullName;

        public async ValueTask InitializeAsync()
        {
            var project = Path.Combine(AzureTestSetup.RepositoryRoot(), "src", "AksUpgradeDashboard", "AksUpgradeDashboard.csproj");
            var start = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-o", Folder, "-nologo"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(process.ExitCode == 0, await stdout + await stderr);
        }

        /// <summary>Runs the published app as the container does (Production, another working directory) on a free port.</summary>
        public RunningApp Start(string? database = null)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet", [Path.Combine(Folder, "AksUpgradeDashboard.dll"), "--urls", $"http://127.0.0.1:{port}"])
            {
                WorkingDirectory = Path.GetTempPath(),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            // Production refuses the demo sign-in unless told, as a public demo container would be.
            start.Environment["Authentication__AllowLocalOutsideDevelopment"] = "true";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            if (database is not null)
            {
                start.Environment["ConnectionStrings__Dashboard"] = $"Data Source={database}";
            }

            var process = Process.Start(start)!;
            // Drain the output so a chatty app never blocks on a full pipe.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("X-Dashboard-User", "olivia");
            return new RunningApp(process, http);
        }

        public ValueTask DisposeAsync()
        {
            _folder.Delete(recursive: true);
            return ValueTask.CompletedTask;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
