using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AksUpgradeDashboard.Tests.Shared;

/// <summary>The real app in memory, on the sample fleet, with the clock fixed at <see cref="TestFleet.Now"/>.</summary>
/// <remarks>
/// Its database is its own (SQLite unless the constructor says otherwise) and deleted with it, unless
/// <see cref="WithDatabase"/> gives it one that a test shares between factories (a restart, two replicas).
/// </remarks>
public class DashboardFactory : WebApplicationFactory<Program>
{
    private readonly TestDatabaseProvider _provider;
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private TestDatabase? _database;
    private bool _ownsDatabase = true;

    /// <summary>On SQLite. (xUnit's class fixtures need this to be the only public constructor.)</summary>
    public DashboardFactory()
        : this(TestDatabaseProvider.Sqlite)
    {
    }

    internal DashboardFactory(TestDatabaseProvider provider) => _provider = provider;

    public FakeTimeProvider Time { get; } = TestFleet.Time();

    /// <summary>The app's database; created on first use.</summary>
    public TestDatabase Database => _database ??= TestDatabase.Create(_provider);

    public CollectingLoggerProvider Logs { get; } = new();

    private readonly List<Action<IServiceCollection>> _testServices = [];

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

    /// <summary>Uses a database the test owns (and disposes), e.g. to restart the app on it or run two replicas.</summary>
    public DashboardFactory WithDatabase(TestDatabase database)
    {
        _database = database;
        _ownsDatabase = false;
        return this;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            _database?.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Every request arrives from <paramref name="address"/>, as from a proxy at that address (the test server has none).</summary>
    public DashboardFactory WithRemoteAddress(string address) => WithServices(services =>
        services.AddTransient<IStartupFilter>(_ => new RemoteAddressStartupFilter(System.Net.IPAddress.Parse(address))));

    private sealed class RemoteAddressStartupFilter(System.Net.IPAddress address) : IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(nextMiddleware => context =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
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

        // The provider decides which context is registered, so the builder must see it too.
        foreach (var (key, value) in Database.Settings.Where(s => !_settings.ContainsKey(s.Key)))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Database.Settings.Where(s => !_settings.ContainsKey(s.Key)).Concat(_settings)));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
        builder.ConfigureTestServices(services => _testServices.ForEach(configure => configure(services)));
    }
}
