using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>
/// The SQLite file can go away or become read-only under the running app; an acknowledged write must still be a stored
/// one. The app uses the connection string as an operator writes it (pooled), as in production.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and chattr: the CI machines are Linux
public sealed class DatabaseFailureTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"aks-dashboard-failure-{Guid.NewGuid():N}.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Writable(_path);
        SqliteConnection.ClearAllPools();
        foreach (var file in Files(_path))
        {
            File.Delete(file);
        }
    }

    // Hole: with the file (and -wal, -shm) deleted, POST /api/v1/windows kept answering 201 into the deleted file, and
    // 461 of 536 acknowledged windows were gone after a restart.
    [Fact]
    public async Task Create_DatabaseFileDeleted_503NothingAcknowledged_ThenStoredOnceTheFileIsBack()
    {
        await using var factory = Factory();
        var client = factory.CreateClient();
        await factory.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(Ct);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/windows", TestFleet.PaymentsApiWindow("Before", day: 5), Ct)).StatusCode);
        var backup = _path + ".backup";
        Backup(_path, backup);
        foreach (var file in Files(_path))
        {
            File.Delete(file);
        }

        var whileGone = await client.PostAsJsonAsync("/api/v1/windows", TestFleet.PaymentsApiWindow("While gone", day: 6), Ct);
        var readyWhileGone = await client.GetAsync("/readyz", Ct);
        File.Move(backup, _path);
        var afterwards = await client.PostAsJsonAsync("/api/v1/windows", TestFleet.PaymentsApiWindow("Afterwards", day: 7), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileGone.StatusCode);
        Assert.Equal("application/problem+json", whileGone.Content.Headers.ContentType?.MediaType);
        var problem = await whileGone.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("not saved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyWhileGone.StatusCode);
        Assert.Equal(HttpStatusCode.Created, afterwards.StatusCode);
        Assert.Equal(["Afterwards", "Before"], StoredTitles(_path));
    }

    // Hole: a read-only database answered writes with the HTML error page and 500, while /readyz stayed Healthy.
    [Fact]
    public async Task Create_DatabaseReadOnly_503ProblemDetailsAndNotReadyWithTheReasonLogged()
    {
        await using var factory = Factory();
        var client = factory.CreateClient();
        await factory.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(Ct);
        ReadOnly(_path);

        var created = await client.PostAsJsonAsync("/api/v1/windows", TestFleet.PaymentsApiWindow(), Ct);
        var ready = await client.GetAsync("/readyz", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, created.StatusCode);
        Assert.Equal("application/problem+json", created.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync(Ct));
        Assert.Contains(factory.Logs.Entries, e => e.Level >= LogLevel.Warning && e.Message.Contains("read-only", StringComparison.OrdinalIgnoreCase));
        Writable(_path);
        Assert.Empty(StoredTitles(_path));
    }

    private DashboardFactory Factory() => new DashboardFactory().With("ConnectionStrings:Dashboard", $"Data Source={_path}");

    private static IEnumerable<string> Files(string path) => new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists);

    private static void Backup(string path, string backup)
    {
        using var source = new SqliteConnection($"Data Source={path};Pooling=False");
        using var target = new SqliteConnection($"Data Source={backup};Pooling=False");
        source.Open();
        source.BackupDatabase(target);
    }

    private static List<string> StoredTitles(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Title FROM UpgradeWindows ORDER BY Title";
        using var reader = command.ExecuteReader();
        var titles = new List<string>();
        while (reader.Read())
        {
            titles.Add(reader.GetString(0));
        }

        return titles;
    }

    // Root may write to a file whatever its mode says; the immutable attribute stops root too.
    private static void ReadOnly(string path)
    {
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        if (Environment.UserName == "root")
        {
            Run("chattr", "+i", path);
        }

        Assert.ThrowsAny<Exception>(() => File.OpenWrite(path).Dispose());
    }

    private static void Writable(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        if (Environment.UserName == "root")
        {
            Run("chattr", "-i", path);
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)}: {process.StandardError.ReadToEnd()}");
    }
}
