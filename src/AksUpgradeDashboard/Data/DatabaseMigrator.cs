using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AksUpgradeDashboard.Data;

/// <summary>
/// Creates or upgrades the schema with the provider's migrations at start-up (never EnsureCreated), before the app
/// takes requests. Replicas starting together apply each migration once: on SQLite EF Core's own lock does it; on
/// PostgreSQL EF Core's lock (a table lock) lasts one migration's transaction only, so with several pending migrations a
/// second replica could apply one the first had just applied. There the whole run holds a session advisory lock.
/// SQLite is switched to WAL, so readers do not block the writer.
/// </summary>
/// <remarks>
/// On a new PostgreSQL database, EF Core logs one failed query of <c>__EFMigrationsHistory</c> as an error before it
/// creates that table: expected, and gone from the next start on (npgsql/efcore.pg#3407).
/// </remarks>
public sealed partial class DatabaseMigrator(IServiceProvider services, ILogger<DatabaseMigrator> logger) : IHostedService
{
    // Any constant all replicas share; "AKSUPDB" in ASCII.
    private const long PostgreSqlMigrationLockKey = 0x41_4B_53_55_50_44_42;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        var sqlite = db.Database.IsSqlite();
        if (sqlite && db.Database.GetDbConnection().DataSource is { Length: > 0 } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            // The app's own connections never create the file (see DatabaseSetup): the first start does, here.
            Directory.CreateDirectory(folder);
            var configured = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
            if (DatabaseSetup.IsPlainFile(configured) && configured.Mode == SqliteOpenMode.ReadWrite)
            {
                await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(configured.ConnectionString) { Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
                await connection.OpenAsync(cancellationToken);
            }
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        await MigrateAsync(db, cancellationToken);
        if (sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        // The data source only: a server's connection string may hold a password.
        var dataSource = db.Database.GetDbConnection().DataSource;
        LogMigrated(pending, sqlite ? "SQLite" : "PostgreSQL", dataSource);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Applies the pending migrations, one replica at a time (see the class remarks).</summary>
    public static async Task MigrateAsync(DashboardDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }

        // EF Core would create a missing database in MigrateAsync, but the lock needs a connection first.
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another replica created it at the same moment.
            }
        }

        // The lock belongs to the session, so the context keeps this one connection open for the whole run.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({PostgreSqlMigrationLockKey})", cancellationToken);
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({PostgreSqlMigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Applied} migration(s) applied) on {Provider}: {DataSource}")]
    private partial void LogMigrated(int applied, string provider, string dataSource);
}
