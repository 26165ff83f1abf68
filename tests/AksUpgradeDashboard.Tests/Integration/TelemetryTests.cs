using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AksUpgradeDashboard.Tests.Shared;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>OpenTelemetry over OTLP to a collector on 127.0.0.1 when configured, and nothing at all when not.</summary>
public class TelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Start_NoOtlpEndpoint_NoTelemetryPipeline()
    {
        using var factory = new DashboardFactory();
        _ = factory.CreateClient();

        Assert.Null(factory.Services.GetService<TracerProvider>());
        Assert.Null(factory.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task OtlpEndpointSet_TracesMetricsAndLogsReachTheCollector()
    {
        using var collector = new FakeOtlpCollector();
        await using var factory = new DashboardFactory()
            .With("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Endpoint)
            .With("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        var client = factory.CreateClient();
        await factory.Services.GetRequiredService<AksUpgradeDashboard.Inventory.InventoryStore>().WhenFirstLoadCompleted.WaitAsync(Ct);

        (await client.GetAsync("/api/v1/pools", Ct)).EnsureSuccessStatusCode();
        // The request's span ends just after the response is sent: flush until it has gone out (at most 10 s).
        for (var i = 0; i < 100 && !collector.BodiesOf("/v1/traces").Contains("/api/v1/pools", StringComparison.Ordinal); i++)
        {
            factory.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000);
            await Task.Delay(100, Ct);
        }

        factory.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);

        Assert.Contains("/v1/traces", collector.Paths);
        Assert.Contains("/v1/metrics", collector.Paths);
        var metrics = collector.BodiesOf("/v1/metrics");
        Assert.Contains("aks_dashboard.inventory.refresh.duration", metrics, StringComparison.Ordinal);
        Assert.Contains("aks_dashboard.pools", metrics, StringComparison.Ordinal);
        Assert.Contains("aks_dashboard.windows", metrics, StringComparison.Ordinal);
        Assert.Contains("http.server.request.duration", metrics, StringComparison.Ordinal);
        Assert.Contains("/api/v1/pools", collector.BodiesOf("/v1/traces"), StringComparison.Ordinal);
        // No credential ever leaves in telemetry.
        Assert.DoesNotContain("X-Dashboard-User", collector.BodiesOf("/v1/traces"), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Accepts OTLP/HTTP posts on 127.0.0.1 and keeps what arrived.</summary>
    private sealed class FakeOtlpCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

        public FakeOtlpCollector()
        {
            var port = FreePort();
            Endpoint = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Endpoint + "/");
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public string Endpoint { get; }

        public IReadOnlyList<string> Paths => [.. _received.Select(r => r.Path).Distinct()];

        // Protobuf keeps names and strings as UTF-8, so a text search finds them.
        public string BodiesOf(string path) => string.Join("\n", _received.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));

        public void Dispose() => _listener.Close();

        private async Task AcceptAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }
    }
}
