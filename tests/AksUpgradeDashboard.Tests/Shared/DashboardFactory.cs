using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AksUpgradeDashboard.Tests.Shared;

/// <summary>The real app in memory, on the sample fleet, with the clock fixed at <see cref="TestFleet.Now"/>.</summary>
public class DashboardFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);

    public FakeTimeProvider Time { get; } = TestFleet.Time();

    /// <summary>A real SQLite file of this factory's own (set ConnectionStrings:Dashboard to share one, e.g. across a restart).</summary>
    public string DatabasePath { get; private set; } = Path.Combine(Path.GetTempPath(), $"aks-dashboard-test-{Guid.NewGuid():N}.db");

    public CollectingLoggerProvider Logs { get; } = new();

    private readonly List<Action<IServiceCollection>> _testServices = [];
    private bool _ownsDatabase = true;

    /// <summary>The demo person (Local sign-in) that <c>CreateClient()</c> sends as; Paul is an operator and an approver.</summary>
    public string DefaultUser { get; set; } = "paul";

    /// <summary>A client that names <paramref name="user"/> in <c>X-Dashboard-User</c>, or nobody when null.</summary>
    public HttpClient CreateClientAs(string? user)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove(AksUpgradeDashboard.Authentication.LocalHeaderAuthenticationHandler.HeaderName);
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(AksUpgradeDashboard.Authentication.LocalHeaderAuthenticationHandler.HeaderName, user);
        }

        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(AksUpgradeDashboard.Authentication.LocalHeaderAuthenticationHandler.HeaderName, DefaultUser);
    }

    private string _environment = "Development";

    /// <summary>The host environment (Development unless a test needs Production's rules).</summary>
    public DashboardFactory WithEnvironment(string environment)
    {
        _environment = environment;
        return this;
    }

    public DashboardFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public DashboardFactory WithDatabase(string path)
    {
        DatabasePath = path;
        _ownsDatabase = false;
        return this;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            DeleteDatabase(DatabasePath);
        }

        GC.SuppressFinalize(this);
    }

    public static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>Replaces services after the app has registered its own (e.g. a fake credential).</summary>
    public DashboardFactory WithServices(Action<IServiceCollection> configure)
    {
        _testServices.Add(configure);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);

        // Host settings reach the builder before Program reads it (the authentication mode decides which handlers
        // exist); the in-memory collection below is what the running app's options see.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(
            new Dictionary<string, string?>(_settings) { ["ConnectionStrings:Dashboard"] = $"Data Source={DatabasePath};Pooling=False" }));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
        builder.ConfigureTestServices(services => _testServices.ForEach(configure => configure(services)));
    }
}
