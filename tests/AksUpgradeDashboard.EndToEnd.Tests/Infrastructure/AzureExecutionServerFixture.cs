using AksUpgradeDashboard.ArmEmulator;
using AksUpgradeDashboard.Execution;
using AksUpgradeDashboard.Inventory;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using Emulator = AksUpgradeDashboard.ArmEmulator.ArmEmulator;

namespace AksUpgradeDashboard.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel in Azure mode with <c>Upgrades:Execution=Manual</c>, reading and writing through real HTTPS to
/// the local ARM emulator (the sample fleet), with a fake token and a transport that trusts the emulator's certificate
/// (as the integration tests' TestBed does), plus one headless Chromium. The clock starts at the reference day and runs
/// at real speed; tests jump it into a window with <see cref="Time"/>.<see cref="ShiftedTimeProvider.Advance"/>.
/// The executor still runs in the background (every poll interval of real time); tests may run its rounds themselves.
/// </summary>
public sealed class AzureExecutionServerFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"aks-dashboard-e2e-azure-{Guid.NewGuid():N}.db");
    private IPlaywright? _playwright;

    public ShiftedTimeProvider Time { get; } = new(DashboardServerFixture.Now);

    public Emulator Emulator { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public IBrowser? Browser { get; private set; }

    public string? SkipReason { get; private set; }

    /// <summary>The app's log (warnings and errors), to explain a failure.</summary>
    public CollectingLoggerProvider Log { get; } = new();

    public UpgradeExecutor Executor => Services.GetRequiredService<UpgradeExecutor>();

    public async ValueTask InitializeAsync()
    {
        Emulator = await Emulator.StartAsync(ArmFleet.FromSampleFile(SampleFleetPath()));
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        var store = Services.GetRequiredService<InventoryStore>();
        try
        {
            await store.WhenFirstLoadCompleted.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            using var probe = new HttpClient(Emulator.CreateTrustingHandler());
            string answer;
            try
            {
                answer = (await probe.GetAsync(new Uri(Emulator.BaseUri, "subscriptions?api-version=2022-12-01"))).StatusCode.ToString();
            }
            catch (HttpRequestException ex)
            {
                answer = ex.Message;
            }

            throw new InvalidOperationException($"The inventory did not load from the ARM emulator in 60 s ({Emulator.Requests.Count} requests; source {Services.GetRequiredService<IInventorySource>().GetType().Name}; probe {answer}): {store.LastRefreshError}\n{Log}");
        }

        if (store.Current is null)
        {
            throw new InvalidOperationException("The inventory did not load from the ARM emulator: " + store.LastRefreshError);
        }

        (_playwright, Browser, SkipReason) = await ChromiumLauncher.LaunchAsync();
    }

    /// <summary>Opens <paramref name="path"/> signed in as a demo person, and waits until the circuit is live.</summary>
    public async Task<IPage> OpenAsync(string path, string user, int width = 1440, int height = 900)
    {
        Assert.SkipWhen(SkipReason is not null, SkipReason ?? "");
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.GetByTestId($"sign-in-as-{user}").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path);
        await page.Locator("[data-interactive='true']").WaitForAsync();
        return page;
    }

    /// <summary>An API client as a demo person (Local mode's header).</summary>
    public HttpClient ClientAs(string user)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Dashboard-User", user);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Dashboard"] = $"Data Source={_databasePath};Pooling=False",
            ["Inventory:Source"] = "Azure",
            // The demo people on the emulator's (made-up) fleet; the app refuses Local sign-in with Azure unless told.
            ["Authentication:AllowLocalOutsideDevelopment"] = "true",
            ["Azure:Credential"] = "AzureCli",
            ["Azure:ResourceManagerEndpoint"] = Emulator.BaseUri.ToString(),
            ["Azure:ResourceManagerAudience"] = "https://management.azure.com/",
            ["Upgrades:Execution"] = "Manual",
            // The clock jumps into the window; the inventory read at start-up must still count as fresh.
            ["Upgrades:MaxInventoryAge"] = "08:00:00",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Log);
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            services.RemoveAll<TokenCredential>();
            services.AddSingleton<TokenCredential>(new FakeTokenCredential());
            services.AddSingleton<HttpPipelineTransport>(new HttpClientTransport(Emulator.CreateTrustingHandler()));
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static string SampleFleetPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AksUpgradeDashboard.sln")))
            {
                return Path.Combine(directory.FullName, "src", "AksUpgradeDashboard", "Azure", "Sample", "sample-fleet.json");
            }
        }

        throw new InvalidOperationException("The repository root (AksUpgradeDashboard.sln) was not found above " + AppContext.BaseDirectory);
    }

    private sealed class FakeTokenCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("e2e-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}

/// <summary>Keeps the app's warnings and errors, for a failure message.</summary>
public sealed class CollectingLoggerProvider : Microsoft.Extensions.Logging.ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    public override string ToString() => string.Join("\n", _lines.TakeLast(40));

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Information;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}");
            }
        }
    }
}
