using AksUpgradeDashboard.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AksUpgradeDashboard.Data;

/// <summary>
/// Registers <see cref="DashboardDbContext"/> on the configured provider (<c>Database:Provider</c>) and the migrator
/// that prepares the schema before the app takes requests.
/// </summary>
public static class DatabaseSetup
{
    public static IServiceCollection AddDashboardDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, ValidateDatabaseOptions>();

        // The provider decides which context type (and so which migrations) exist, so it is read while registering;
        // an unknown value falls back to SQLite here and start-up validation then stops the app naming the key.
        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (options.UsesPostgreSql)
        {
            // One data source for the app (its pool, and the Entra ID password provider when asked for). A managed server
            // fails over and restarts for maintenance: transient errors are retried (no explicit transactions here,
            // so every save or query can simply run again).
            services.AddSingleton(sp => PostgreSqlDataSource.Create(sp, ConnectionString(sp) ?? ""));
            services.AddDbContext<DashboardDbContext, PostgreSqlDashboardDbContext>((sp, db) => Quiet(db.UseNpgsql(
                sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.EnableRetryOnFailure())));
        }
        else
        {
            services.AddDbContext<DashboardDbContext>((sp, db) => Quiet(db.UseSqlite(SqliteConnectionString(
                ConnectionString(sp) ?? $"Data Source={DefaultSqlitePath}"))));
        }

        services.AddHostedService<DatabaseMigrator>();
        return services;
    }

    /// <summary>
    /// Without a connection string: data/dashboard.db under the folder the app was started in — the project folder with
    /// <c>dotnet run</c> (see RunWorkingDirectory in the project), never the build output, which a clean build deletes.
    /// The container sets ConnectionStrings__Dashboard to its /data volume.
    /// </summary>
    public static string DefaultSqlitePath => Path.Combine(Directory.GetCurrentDirectory(), "data", "dashboard.db");

    /// <summary>
    /// The app's SQLite connections open the file by its path each time and never create it (only the migrator does):
    /// a pooled connection would keep writing into a file deleted or replaced under it, and acknowledge writes nobody
    /// will ever read. So a missing, replaced or read-only file fails the write, which is answered 503, and the app
    /// recovers as soon as the file is back.
    /// </summary>
    internal static string SqliteConnectionString(string configured)
    {
        var builder = new SqliteConnectionStringBuilder(configured);
        if (!IsPlainFile(builder) || builder.Mode != SqliteOpenMode.ReadWriteCreate)
        {
            return configured; // in memory, a URI, or a mode chosen on purpose: as configured
        }

        builder.Pooling = false;
        builder.Mode = SqliteOpenMode.ReadWrite;
        return builder.ToString();
    }

    // Every SQL statement at Information buried "Now listening on" under hundreds of lines on the first run: they are
    // Debug (set Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command=Debug to see them).
    private static DbContextOptionsBuilder Quiet(DbContextOptionsBuilder db) =>
        db.ConfigureWarnings(w => w.Log((RelationalEventId.CommandExecuted, LogLevel.Debug)));

    /// <summary>A database in a file named by its path (not in memory, not a <c>file:</c> URI).</summary>
    internal static bool IsPlainFile(SqliteConnectionStringBuilder builder) =>
        builder.Mode != SqliteOpenMode.Memory && builder.DataSource is { Length: > 0 } source && source != ":memory:" && !source.StartsWith("file:", StringComparison.OrdinalIgnoreCase);

    private static string? ConnectionString(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>().GetConnectionString("Dashboard");
}
