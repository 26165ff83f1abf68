using System.Text.RegularExpressions;
using AksUpgradeDashboard.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AksUpgradeDashboard.EndToEnd.Tests;

/// <summary>
/// Issue 18 in a browser: an operator plans a rollout from a filtered pools grid and submits its first wave, an approver
/// approves that wave as one decision, and a manager reads the projection.
/// </summary>
[Collection(DashboardServerGroup.Name)]
public partial class RolloutJourneyTests(DashboardServerFixture server)
{
    // The server is shared by the whole run and keeps what tests save: the aks-retail clusters are planned by no other test.
    private const string GridLink = "/pools?os=Ubuntu%2022.04&q=aks-retail";

    [Fact]
    public async Task FilteredGrid_PlanSaveSubmitWaveOne_ApproverApprovesIt_ManagerSeesTheProjection()
    {
        // Arrange: the grid filtered to the retail clusters' Ubuntu 22.04 pools.
        var olivia = await server.OpenAsync(GridLink, "UTC", user: "olivia");
        var planRollout = olivia.GetByTestId("plan-rollout");
        await Assertions.Expect(planRollout).ToContainTextAsync(new Regex(@"Plan a rollout for these [1-9]\d* pools"));

        // Act: plan, propose and save.
        await planRollout.ClickAsync();
        await Assertions.Expect(olivia.GetByTestId("rollout-form")).ToBeVisibleAsync();
        await Assertions.Expect(olivia.GetByTestId("rollout-target")).ToHaveValueAsync("Ubuntu2404");
        await olivia.GetByTestId("rollout-propose").ClickAsync();
        await Assertions.Expect(olivia.GetByTestId("rollout-projection")).ToContainTextAsync("days before end of support");
        await DashboardServerFixture.ScreenshotAsync(olivia, "rollout-plan");
        await olivia.GetByTestId("rollout-save").ClickAsync();
        await Assertions.Expect(olivia).ToHaveURLAsync(new Regex(@"/rollouts/[0-9a-f-]{36}$"));
        var rolloutUrl = olivia.Url;

        // Act: submit the first wave that has windows.
        var submit = olivia.GetByTestId("wave-submit").First;
        await submit.ClickAsync();
        await Assertions.Expect(olivia.GetByTestId("rollout-message")).ToContainTextAsync("submitted for approval");

        // Act: Anna approves that wave as one decision, accepting the warnings rollouts of this kind carry.
        var anna = await server.OpenAsync(new Uri(rolloutUrl).AbsolutePath, "UTC", user: "anna");
        await anna.GetByTestId("rollout-comment").FillAsync("Dev wave first, as agreed in CAB.");
        foreach (var box in await anna.GetByTestId("rollout-acknowledge").GetByRole(AriaRole.Checkbox).AllAsync())
        {
            await box.CheckAsync();
        }

        await anna.GetByTestId("wave-approve").First.ClickAsync();
        await Assertions.Expect(anna.GetByTestId("rollout-message")).ToContainTextAsync("approved");
        await DashboardServerFixture.ScreenshotAsync(anna, "rollout");

        // Assert: the manager sees the rollout, its projection and the gate of the waves after it.
        var victor = await server.OpenAsync(new Uri(rolloutUrl).AbsolutePath, "UTC", user: "victor");
        await Assertions.Expect(victor.GetByTestId("rollout-projection")).ToContainTextAsync(new Regex(@"moved by \d{4}-\d{2}-\d{2}"));
        await Assertions.Expect(victor.GetByTestId("wave-approve")).ToHaveCountAsync(0);
        await Assertions.Expect(victor.GetByTestId("wave-submit")).ToHaveCountAsync(0);
        await Assertions.Expect(victor.GetByTestId("wave-progress").First).ToContainTextAsync("Approved");
        // Its pools are counted even when its window covers every pool of the cluster (it then names none).
        await Assertions.Expect(victor.GetByTestId("wave-progress").First).ToContainTextAsync(new Regex(@"[1-9]\d* to go"));
    }
}
