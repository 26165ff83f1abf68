using System.Diagnostics.Metrics;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Model;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AksUpgradeDashboard.Telemetry;

/// <summary>
/// OpenTelemetry traces, metrics and logs over OTLP, switched on by the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// (and the other <c>OTEL_*</c> settings) and entirely off without it: ASP.NET Core, outgoing HTTP (the ARM calls),
/// EF Core, and the dashboard's own meter.
/// </summary>
public static class DashboardTelemetry
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "aks-upgrade-dashboard";

    public static WebApplicationBuilder AddDashboardTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointKey]))
        {
            return builder;
        }

        builder.Services.AddSingleton<GaugeRegistration>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GaugeRegistration>());
        builder.Logging.AddOpenTelemetry(o =>
        {
            // Message templates and their values: the app logs no tokens or secrets, and of people only user names.
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = false;
        });
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceVersion: typeof(DashboardTelemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = context => !context.Request.Path.StartsWithSegments("/healthz") && !context.Request.Path.StartsWithSegments("/readyz");
                    // A personal calendar feed's path is its credential: traces keep the route, not the token.
                    o.EnrichWithHttpRequest = (activity, request) =>
                    {
                        if (request.Path.StartsWithSegments("/api/v1/calendar", StringComparison.OrdinalIgnoreCase))
                        {
                            activity.SetTag("url.path", "/api/v1/calendar/{token}.ics");
                        }
                    };
                })
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, request) =>
                {
                    if (request.Options.TryGetValue(Notifications.WebhookChannel.Redacted, out var redacted) && redacted && request.RequestUri is { } uri)
                    {
                        activity.SetTag("url.full", $"{uri.Scheme}://{uri.Authority}/(redacted)");
                    }
                })
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource(DashboardMetrics.Upgrades.Name))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(DashboardMetrics.MeterName))
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>Pools by status and windows by state, read when the exporter collects (about once a minute).</summary>
    // On a meter of this host's own (IMeterFactory), so the gauges go away with the host that reads them.
    private sealed class GaugeRegistration(InventoryStore store, IServiceScopeFactory scopeFactory, IMeterFactory meterFactory) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var meter = meterFactory.Create(DashboardMetrics.MeterName);
            meter.CreateObservableGauge("aks_dashboard.pools", ObservePools, unit: "{pool}", description: "Node pools by status.");
            meter.CreateObservableGauge("aks_dashboard.windows", ObserveWindows, unit: "{window}", description: "Upgrade windows by state.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private IEnumerable<Measurement<int>> ObservePools() => store.Current is not { } fleet
            ? []
            : Enum.GetValues<PoolStatus>().Select(s => new Measurement<int>(fleet.Pools.Count(p => p.Status == s), new KeyValuePair<string, object?>("status", s.ToString())));

        private IEnumerable<Measurement<int>> ObserveWindows()
        {
            using var scope = scopeFactory.CreateScope();
            var counts = scope.ServiceProvider.GetRequiredService<DashboardDbContext>().Windows.AsNoTracking()
                .GroupBy(w => w.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToList();
            return Enum.GetValues<WindowStatus>().Select(s => new Measurement<int>(counts.FirstOrDefault(c => c.Status == s)?.Count ?? 0, new KeyValuePair<string, object?>("state", s.ToString())));
        }
    }
}
