using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace AksUpgradeDashboard.Tests.Shared;

public enum TestDatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// A database of one test's own: a SQLite file in the temp folder, or a new database on the PostgreSQL test server
/// (see <see cref="PostgreSqlTestServer"/>). Disposing deletes it.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private TestDatabase(TestDatabaseProvider provider, string connectionString, string? filePath)
    {
        Provider = provider;
        ConnectionString = connectionString;
        FilePath = filePath;
    }

    public TestDatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The SQLite file; null on PostgreSQL.</summary>
    public string? FilePath { get; }

    /// <summary>What the app needs to use this database.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new(DatabaseOptions.ProviderKey, Provider == TestDatabaseProvider.PostgreSql ? DatabaseOptions.PostgreSql : DatabaseOptions.Sqlite),
        new(DatabaseOptions.ConnectionStringKey, ConnectionString),
    ];

    public static TestDatabase Create(TestDatabaseProvider provider)
    {
        if (provider == TestDatabaseProvider.PostgreSql)
        {
            return new TestDatabase(provider, PostgreSqlTestServer.CreateDatabase(), null);
        }

        var path = Path.Combine(Path.GetTempPath(), $"aks-dashboard-test-{Guid.NewGuid():N}.db");
        return new TestDatabase(provider, $"Data Source={path};Pooling=False", path);
    }

    /// <summary>A context on this database with the app's model, for arranging and checking rows directly.</summary>
    public DashboardDbContext OpenContext(params IInterceptor[] interceptors) => Provider == TestDatabaseProvider.PostgreSql
        ? new PostgreSqlDashboardDbContext(new DbContextOptionsBuilder<PostgreSqlDashboardDbContext>().UseNpgsql(ConnectionString).AddInterceptors(interceptors).Options)
        : new DashboardDbContext(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite(ConnectionString).AddInterceptors(interceptors).Options);

    public void Dispose()
    {
        if (Provider == TestDatabaseProvider.PostgreSql)
        {
            PostgreSqlTestServer.DropDatabase(ConnectionString);
            return;
        }

        DeleteFiles();
    }

    /// <summary>Deletes the SQLite file with its WAL and shared-memory files (they come back if the app opens it again).</summary>
    public void DeleteFiles()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { FilePath!, FilePath + "-wal", FilePath + "-shm" })
        {
            File.Delete(file);
        }
    }
}

/// <summary>
/// The PostgreSQL server the tests create their databases on: <c>DASHBOARD_TEST_POSTGRES</c> names it (a role that
/// may create databases), and by default it is the one <c>.ci/postgres start</c> starts. Without a server the
/// PostgreSQL tests are skipped with a message saying so, except where <c>DASHBOARD_TEST_REQUIRE_POSTGRES</c> is
/// <c>true</c> (CI sets it): there they fail, so a CI run can never pass them without running them.
/// </summary>
public static class PostgreSqlTestServer
{
    public const string ConnectionStringVariable = "DASHBOARD_TEST_POSTGRES";
    public const string RequiredVariable = "DASHBOARD_TEST_REQUIRE_POSTGRES";
    private const string DefaultConnectionString = "Host=127.0.0.1;Port=55432;Username=postgres;Password=dashboard-tests";

    private static readonly Lazy<string?> s_unavailable = new(Probe);

    private static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } configured ? configured : DefaultConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreateDatabase()
    {
        if (s_unavailable.Value is { } reason)
        {
            if (string.Equals(Environment.GetEnvironmentVariable(RequiredVariable), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{reason} {RequiredVariable} is true, so PostgreSQL tests may not be skipped.");
            }

            Assert.Skip(reason);
        }

        var name = $"dashboard_test_{Guid.NewGuid():N}";
        Execute($"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        // FORCE: the app under test may still hold pooled connections to it.
        Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Runs <paramref name="sql"/> on the server as the test role (roles, ownership).</summary>
    public static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ServerConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string? Probe()
    {
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Timeout = 5 };
        try
        {
            using var connection = new NpgsqlConnection(server.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            return $"No PostgreSQL server for the tests at {server.Host}:{server.Port} as {server.Username} ({ex.Message}). " +
                $"Start one with `eval \"$(.ci/postgres start)\"`, or set {ConnectionStringVariable} to a connection string of a role that may create databases.";
        }
    }
}
