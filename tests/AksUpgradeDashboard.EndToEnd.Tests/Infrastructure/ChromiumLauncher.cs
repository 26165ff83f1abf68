using Microsoft.Playwright;

namespace AksUpgradeDashboard.EndToEnd.Tests.Infrastructure;

/// <summary>Debian's Chromium (or BROWSER_PATH) under Playwright, for every server fixture; missing, the browser tests skip, except on CI.</summary>
internal static class ChromiumLauncher
{
    private static readonly string[] s_arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    /// <summary>The running browser, or why the tests skip. Throws on CI, which installs Chromium (.ci/run): a missing browser there is a broken set-up.</summary>
    public static async Task<(IPlaywright? Playwright, IBrowser? Browser, string? SkipReason)> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("BROWSER_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            var reason = $"No Chromium at {executable}. Install Debian's chromium package (apt-get install chromium) or set BROWSER_PATH.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(reason);
            }

            return (null, null, reason);
        }

        Directory.CreateDirectory(DashboardServerFixture.ScreenshotDirectory);
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Headless = true, Args = s_arguments });
        return (playwright, browser, null);
    }
}
