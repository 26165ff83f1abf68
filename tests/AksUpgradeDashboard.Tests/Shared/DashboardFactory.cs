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

    public CollectingLoggerProvider Logs { get; } = new();

    private readonly List<Action<IServiceCollection>> _testServices = [];

    public DashboardFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Replaces services after the app has registered its own (e.g. a fake credential).</summary>
    public DashboardFactory WithServices(Action<IServiceCollection> configure)
    {
        _testServices.Add(configure);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
        builder.ConfigureTestServices(services => _testServices.ForEach(configure => configure(services)));
    }
}
