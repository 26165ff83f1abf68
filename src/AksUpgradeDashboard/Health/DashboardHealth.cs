using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Health;

/// <summary>
/// Probes for orchestrators: <c>/healthz</c> (live: the process answers) and <c>/readyz</c> (ready: the database is
/// reachable, writable and migrated; an inventory not loaded, failed or stale is Degraded, still ready). Open without sign-in, so they
/// answer only the overall status word and reveal nothing else.
/// </summary>
public static class DashboardHealth
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";
    private const string ReadyTag = "ready";
    internal static readonly TimeSpan DatabaseCheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddDashboardHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            // A server that does not answer would otherwise hold the probe through every retry of the execution strategy.
            .AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag], timeout: DatabaseCheckTimeout)
            .AddCheck<InventoryReadyCheck>("inventory", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapDashboardHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteStatusAsync })
            .AllowAnonymous().DisableHttpMetrics();
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteStatusAsync })
            .AllowAnonymous().DisableHttpMetrics();
        return endpoints;
    }

    private static Task WriteStatusAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(report.Status.ToString());
    }
}

/// <summary>The database answers, can be written (a SQLite file that is there and not read-only) and has every migration this build knows.</summary>
public sealed partial class DatabaseReadyCheck(IServiceScopeFactory scopeFactory, ILogger<DatabaseReadyCheck> logger) : IHealthCheck
{
    // A connection attempt to a server that accepts and then says nothing does not stop when cancelled (it runs to the
    // connection string's Timeout, then the retries): the probe answers at the check's timeout and leaves it behind.
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        CheckAsync(cancellationToken).WaitAsync(cancellationToken);

    private async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        if (db.Database.IsSqlite() && DatabaseSetup.IsPlainFile(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()))
            && SqliteFileProblem(db.Database.GetDbConnection().DataSource) is { } problem)
        {
            return Unhealthy(problem);
        }

        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return Unhealthy("The database cannot be reached.");
        }

        return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any()
            ? Unhealthy("The database has migrations still to apply.")
            : HealthCheckResult.Healthy();
    }

    // Writes would fail (answered 503), so the replica is not ready; opening the file for writing changes nothing in it.
    private static string? SqliteFileProblem(string file)
    {
        if (!File.Exists(file))
        {
            return $"The SQLite database file {file} is missing.";
        }

        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            return null;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return $"The SQLite database file {file} is read-only ({ex.Message}); writes are refused with 503.";
        }
    }

    private HealthCheckResult Unhealthy(string reason)
    {
        LogNotReady(logger, reason);
        return HealthCheckResult.Unhealthy(reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not ready: {Reason}")]
    private static partial void LogNotReady(ILogger logger, string reason);
}

/// <summary>
/// How current the inventory is. Never Unhealthy: a replica whose inventory has not loaded, or failed to load (a broken
/// credential), can still serve the pages that say why, so it is Degraded (ready, 200) with the reason; older than two
/// refresh intervals is Degraded too.
/// </summary>
public sealed class InventoryReadyCheck(InventoryStore store, IOptions<InventoryOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store.Current is not { } fleet)
        {
            return Task.FromResult(HealthCheckResult.Degraded(store.LastRefreshError is { } error
                ? $"The inventory could not be loaded: {error}"
                : "The inventory has not loaded yet."));
        }

        var age = time.GetUtcNow() - fleet.Snapshot.RefreshedAt;
        return Task.FromResult(age > 2 * options.Value.RefreshInterval
            ? HealthCheckResult.Degraded($"The inventory is {age.TotalMinutes:0} minutes old.")
            : HealthCheckResult.Healthy());
    }
}
