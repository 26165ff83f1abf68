using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Data;

/// <summary>
/// Creates or upgrades the schema with the migrations at start-up (never EnsureCreated) and switches SQLite to WAL,
/// so readers do not block the writer. Runs before the app takes requests.
/// </summary>
public sealed partial class DatabaseMigrator(IServiceProvider services, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        if (db.Database.GetDbConnection().DataSource is { Length: > 0 } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        var dataSource = db.Database.GetDbConnection().DataSource;
        LogMigrated(pending.Count, dataSource);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Applied} migration(s) applied): {DataSource}")]
    private partial void LogMigrated(int applied, string dataSource);
}
