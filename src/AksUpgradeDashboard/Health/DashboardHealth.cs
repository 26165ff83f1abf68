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
/// reachable and migrated, the inventory has loaded once; a stale inventory is Degraded). Open without sign-in, so they
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

/// <summary>The database answers and has every migration this build knows.</summary>
public sealed class DatabaseReadyCheck(IServiceScopeFactory scopeFactory) : IHealthCheck
{
    // A connection attempt to a server that accepts and then says nothing does not stop when cancelled (it runs to the
    // connection string's Timeout, then the retries): the probe answers at the check's timeout and leaves it behind.
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        CheckAsync(cancellationToken).WaitAsync(cancellationToken);

    private async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.");
        }

        return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any()
            ? HealthCheckResult.Unhealthy("The database has migrations still to apply.")
            : HealthCheckResult.Healthy();
    }
}

/// <summary>The inventory has loaded at least once; older than two refresh intervals is stale (Degraded, still ready).</summary>
public sealed class InventoryReadyCheck(InventoryStore store, IOptions<InventoryOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store.Current is not { } fleet)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The inventory has not loaded yet."));
        }

        var age = time.GetUtcNow() - fleet.Snapshot.RefreshedAt;
        return Task.FromResult(age > 2 * options.Value.RefreshInterval
            ? HealthCheckResult.Degraded($"The inventory is {age.TotalMinutes:0} minutes old.")
            : HealthCheckResult.Healthy());
    }
}
