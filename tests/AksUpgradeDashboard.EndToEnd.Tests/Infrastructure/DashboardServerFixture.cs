using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;

namespace AksUpgradeDashboard.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel (127.0.0.1, a free port) on the sample fleet with the clock shifted to the reference day (still running), plus one headless
/// Chromium. The browser is Debian's (/usr/bin/chromium, or BROWSER_PATH): Playwright's own download cannot work here.
/// </summary>
public sealed class DashboardServerFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser? Browser { get; private set; }

    /// <summary>Why browser tests cannot run on this machine; null when they can.</summary>
    public string? SkipReason { get; private set; }

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);

        (_playwright, Browser, SkipReason) = await ChromiumLauncher.LaunchAsync();
    }

    /// <summary>
    /// Opens <paramref name="path"/> in a fresh browser context (its own cookies), signed in as a demo person through
    /// the sign-in page, and waits until the circuit is live.
    /// </summary>
    /// <param name="path">The page, relative to the server.</param>
    /// <param name="timeZoneId">The browser's IANA time zone (e.g. "Europe/Amsterdam"); null keeps the machine's.</param>
    /// <param name="user">The demo person's id (Local mode), e.g. "olivia" or "anna".</param>
    public async Task<IPage> OpenAsync(string path, string? timeZoneId = null, string user = "paul")
    {
        Assert.SkipWhen(SkipReason is not null, SkipReason ?? "");
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            TimezoneId = timeZoneId,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        // Signed out, every page leads to the sign-in page, which returns to the page asked for.
        await page.GotoAsync(path);
        await page.GetByTestId($"sign-in-as-{user}").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path);
        // Actions before the circuit is live would be lost; the layout says when it is.
        await page.Locator("[data-interactive='true']").WaitForAsync();
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"aks-dashboard-e2e-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Dashboard", $"Data Source={_databasePath};Pooling=False");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(new ShiftedTimeProvider(Now));
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
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            File.Delete(file);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardServerGroup : ICollectionFixture<DashboardServerFixture>
{
    public const string Name = "Dashboard server";
}
