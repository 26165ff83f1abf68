using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Data;

/// <summary>
/// Creates or upgrades the schema with the provider's migrations at start-up (never EnsureCreated), before the app
/// takes requests. EF Core takes a database-wide migration lock, so replicas starting together apply each migration
/// once. SQLite is switched to WAL, so readers do not block the writer.
/// </summary>
/// <remarks>
/// On a new PostgreSQL database, EF Core logs one failed query of <c>__EFMigrationsHistory</c> as an error before it
/// creates that table: expected, and gone from the next start on (npgsql/efcore.pg#3407).
/// </remarks>
public sealed partial class DatabaseMigrator(IServiceProvider services, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        var sqlite = db.Database.IsSqlite();
        if (sqlite && db.Database.GetDbConnection().DataSource is { Length: > 0 } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        await db.Database.MigrateAsync(cancellationToken);
        if (sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        // The data source only: a server's connection string may hold a password.
        var dataSource = db.Database.GetDbConnection().DataSource;
        LogMigrated(pending, sqlite ? "SQLite" : "PostgreSQL", dataSource);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Applied} migration(s) applied) on {Provider}: {DataSource}")]
    private partial void LogMigrated(int applied, string provider, string dataSource);
}
