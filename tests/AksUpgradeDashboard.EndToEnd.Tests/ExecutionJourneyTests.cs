using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.EndToEnd.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AksUpgradeDashboard.EndToEnd.Tests;

/// <summary>
/// Carrying out a window on Azure, in a real browser: the app in Azure mode on the ARM emulator with
/// <c>Upgrades:Execution=Manual</c>. The test plans and approves a window through the API, jumps the clock into it, and an
/// operator starts it on the window page; the test runs the executor's rounds (a poll interval of clock apart) and the
/// page follows by itself (its 5-second refresh).
/// </summary>
public class ExecutionJourneyTests(AzureExecutionServerFixture server) : IClassFixture<AzureExecutionServerFixture>
{
    private const string Platform = "a3d2c1b0-9e8f-4a7b-8c6d-5e4f3a2b1c32";
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Operator_StartsAnApprovedOpenWindow_TheStepsSucceedOnThePage_DeskAndPhone()
    {
        var id = await ApprovedOpenWindowAsync("E2E run: CI runners node image", "rg-platform-ci", "aks-ci-runners-neu", ["system", "linux", "arm"]);
        var page = await server.OpenAsync($"/windows/{id}", "paul");

        // Start, after a confirmation
        await Assertions.Expect(page.GetByTestId("run-not-started")).ToBeVisibleAsync();
        await page.GetByTestId("run-start").ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-start-confirm")).ToContainTextAsync("aks-ci-runners-neu");
        await page.GetByTestId("run-start-yes").ClickAsync();
        var rows = page.GetByTestId("run-steps").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("run-abort")).ToBeVisibleAsync();
        Assert.DoesNotContain(server.Emulator.Requests, r => r.Method == "POST"); // started, but nothing sent until the executor's round

        // The first pool's upgrade: the page shows it Succeeded and the next one Running, by itself
        await RunUntilAsync(id, run => Status(run, 0) == "Succeeded" && Status(run, 1) == "Running");
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 20_000 });
        await Assertions.Expect(rows.Nth(1)).ToHaveAttributeAsync("data-status", "Running", new() { Timeout = 20_000 });
        await ScreenshotsAsync(page, "run-in-progress");
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForTimeoutAsync(300); // the layout settles after the resize
        await ScreenshotsAsync(page, "phone-run-in-progress");
        await AssertFitsThePhoneAsync(page);
        await page.SetViewportSizeAsync(1440, 900);

        // To the end
        var done = await RunUntilAsync(id, run => run.GetProperty("windowStatus").GetString() != "InProgress");
        Assert.Equal("Completed", done.GetProperty("windowStatus").GetString());
        await Assertions.Expect(page.GetByTestId("run-outcome")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        for (var i = 0; i < 3; i++)
        {
            await Assertions.Expect(rows.Nth(i)).ToHaveAttributeAsync("data-status", "Succeeded");
        }

        await Assertions.Expect(page.GetByTestId("window-status")).ToContainTextAsync("Completed", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("run-abort")).ToHaveCountAsync(0);
        Assert.Equal(3, server.Emulator.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/upgradeNodeImageVersion", StringComparison.Ordinal)));
        await ScreenshotsAsync(page, "run-completed");
        AccessibilityTests.AssertNoSeriousViolations(await page.RunAxe(), $"/windows/{id} (run completed)");
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForTimeoutAsync(300);
        await ScreenshotsAsync(page, "phone-run-completed");
        await AssertFitsThePhoneAsync(page);
    }

    [Fact]
    public async Task Run_FailsWithALongArmMessage_TheMessageWrapsOnAPhone()
    {
        var message = "Unable to establish outbound connection from agents, please see https://learn.microsoft.com/en-us/troubleshoot/azure/azure-kubernetes/error-codes/vmextensionprovisioningerror "
            + "and ensure the cluster can reach https://mcr.microsoft.com, https://packages.aks.azure.com and https://acs-mirror.azureedge.net/aks/sharedresources/aksUpgradeNodeImageVersionVeryLongPathSegmentWithoutSpaces0123456789.";
        var id = await ApprovedOpenWindowAsync("E2E run: edge node image, fails", "rg-platform-edge", "aks-edge-eus", ["system", "edge"]);
        var page = await server.OpenAsync($"/windows/{id}", "paul", 390, 844);
        await page.GetByTestId("run-start").ClickAsync();
        await page.GetByTestId("run-start-yes").ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-steps").Locator("tbody tr")).ToHaveCountAsync(2);

        // The first pool's operation is held; the one started next (the second pool's) fails with ARM's long message.
        server.Emulator.Options.HoldOperations = true;
        try
        {
            await RunUntilAsync(id, run => Status(run, 0) == "Running");
            server.Emulator.FailNextOperation("VMExtensionProvisioningError", message);
        }
        finally
        {
            server.Emulator.Options.HoldOperations = false;
        }

        var done = await RunUntilAsync(id, run => run.GetProperty("windowStatus").GetString() != "InProgress");

        Assert.Equal("Failed", done.GetProperty("windowStatus").GetString());
        var failed = page.GetByTestId("run-steps").Locator("tbody tr[data-status='Failed']");
        await Assertions.Expect(failed).ToContainTextAsync("VeryLongPathSegmentWithoutSpaces", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("run-outcome")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(300);
        await ScreenshotsAsync(page, "phone-run-failed");
        await AssertFitsThePhoneAsync(page);
        await page.SetViewportSizeAsync(1440, 900);
        await page.WaitForTimeoutAsync(300);
        await ScreenshotsAsync(page, "run-failed");
        await AssertEveryStepVisibleAsync(page);
    }

    /// <summary>The whole page, and the run card alone (the page is long: the card is easier to judge on its own).</summary>
    private static async Task ScreenshotsAsync(IPage page, string name)
    {
        await DashboardServerFixture.ScreenshotAsync(page, name);
        await page.GetByTestId("window-run").ScreenshotAsync(new() { Path = Path.Combine(DashboardServerFixture.ScreenshotDirectory, name + "-card.png") });
    }

    /// <summary>Nothing wider than the phone: not the page, not the steps table (its scroller may not be needed either).</summary>
    private static async Task AssertFitsThePhoneAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the window page is {overflow} px wider than the 390 px screen.");
        await AssertEveryStepVisibleAsync(page);
        foreach (var button in await page.GetByTestId("window-run").Locator("button").AllAsync())
        {
            var right = await button.EvaluateAsync<double>("e => e.getBoundingClientRect().right");
            Assert.True(right <= 390, $"a button of the run card ends at {right} px, off the 390 px screen.");
        }
    }

    /// <summary>
    /// Every cell of the steps table, and all of its text, inside the card: no column hidden off to the side in the
    /// table's own scroll box, no ARM message running out of its cell. (The page not being wider than the screen does
    /// not show this: MudBlazor's table scrolls inside itself.)
    /// </summary>
    private static async Task AssertEveryStepVisibleAsync(IPage page)
    {
        var hidden = await page.GetByTestId("window-run").EvaluateAsync<string[]>("""
            card => {
                const edge = card.getBoundingClientRect().right;
                return [...card.querySelectorAll('[data-testid=run-steps] th, [data-testid=run-steps] td')]
                    .filter(c => c.getBoundingClientRect().right > edge + 1 || c.scrollWidth > c.clientWidth + 1)
                    .map(c => `${c.tagName} "${c.textContent.trim().slice(0, 40)}" ends at ${Math.round(c.getBoundingClientRect().right)} px (card ${Math.round(edge)} px), text ${c.scrollWidth} px in ${c.clientWidth} px`);
            }
            """);
        Assert.True(hidden.Length == 0, "cut off in the steps table: " + string.Join("; ", hidden));
    }

    private static string? Status(JsonElement run, int step) => run.GetProperty("steps")[step].GetProperty("status").GetString();

    /// <summary>Plans (Olivia), submits and approves (Anna, acknowledging its warnings) a node image window, then jumps the clock into it.</summary>
    private async Task<Guid> ApprovedOpenWindowAsync(string title, string resourceGroup, string cluster, string[] pools)
    {
        using var olivia = server.ClientAs("olivia");
        using var anna = server.ClientAs("anna");
        var now = server.Time.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(10);
        var created = await olivia.PostAsJsonAsync("/api/v1/windows", new
        {
            title, subscriptionId = Platform, resourceGroup, cluster, nodePools = pools, kind = "NodeImage",
            start, end = start.AddHours(6), timeZone = "UTC",
        }, Ct);
        var body = await created.Content.ReadAsStringAsync(Ct);
        Assert.True(created.IsSuccessStatusCode, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        var submitted = await olivia.PostAsJsonAsync($"/api/v1/windows/{id}/submit", new { revision = 1 }, Ct);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync(Ct));
        var window = await anna.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}", Ct);
        var codes = window.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).OfType<string>().Distinct().ToArray();
        var approved = await anna.PostAsJsonAsync($"/api/v1/windows/{id}/approve", new { revision = 1, comment = "Go.", acknowledgedWarnings = codes }, Ct);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync(Ct));
        server.Time.Advance(TimeSpan.FromMinutes(15));
        return id;
    }

    /// <summary>Runs the executor's rounds, a poll interval of clock apart, until the run satisfies <paramref name="done"/> (at most 40 rounds).</summary>
    private async Task<JsonElement> RunUntilAsync(Guid id, Func<JsonElement, bool> done)
    {
        using var paul = server.ClientAs("paul");
        for (var round = 0; round < 40; round++)
        {
            await server.Executor.RunAsync(Ct);
            var run = await paul.GetFromJsonAsync<JsonElement>($"/api/v1/windows/{id}/execution", Ct);
            if (done(run))
            {
                return run;
            }

            server.Time.Advance(Poll);
        }

        Assert.Fail($"The run did not get there in 40 rounds: {await paul.GetStringAsync($"/api/v1/windows/{id}/execution", Ct)}");
        return default;
    }
}
