using AksUpgradeDashboard.Components.Controls;
using AksUpgradeDashboard.Components.Pages;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Execution;
using AksUpgradeDashboard.Model.Execution;
using AksUpgradeDashboard.Model.Windows;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AksUpgradeDashboard.Components.Tests.Controls;

/// <summary>
/// The run of a window on Azure as the window page shows it. State is stored directly (a window, its steps) as the
/// executor would have left it; no ARM is reached (every request would be recorded in <see cref="DashboardTestContext.ArmRequests"/>).
/// </summary>
public class WindowRunTests : DashboardTestContext
{
    private const string Subscription = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";

    public WindowRunTests()
    {
        JSInterop.SetupModule("./js/time-zone.js").Setup<string?>("timeZone").SetResult("Europe/Amsterdam");
    }

    [Fact]
    public async Task Running_ShowsEveryStepWithItsDescriptionStatusAndResult()
    {
        // Arrange: the first pool done, the second running, the third queued
        UseExecution(ExecutionMode.Manual);
        var id = await SeedAsync(WindowStatus.InProgress, UpgradeKind.OsSkuChange, "AzureLinux3", started: true, steps:
        [
            Step(1, StepKind.ChangeOsSku, "workers", StepStatus.Succeeded, "Succeeded.", requestId: "req-0001"),
            Step(2, StepKind.ChangeOsSku, "batch", StepStatus.Running, null),
            Step(3, StepKind.ChangeOsSku, "system", StepStatus.Queued, null),
        ]);

        // Act
        var cut = Render<WindowRun>(p => p.Add(c => c.WindowId, id));

        // Assert
        var rows = cut.WaitForElements("[data-testid='run-steps'] tbody tr");
        Assert.Equal(["Succeeded", "Running", "Queued"], rows.Select(r => r.GetAttribute("data-status")));
        Assert.Equal(["1", "2", "3"], rows.Select(r => r.GetAttribute("data-step")));
        Assert.Contains("Change pool workers to osSKU AzureLinux3", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Change pool batch to osSKU AzureLinux3", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Change pool system to osSKU AzureLinux3", rows[2].TextContent, StringComparison.Ordinal);
        Assert.Equal(["Succeeded", "Running", "Queued"], rows.Select(r => r.QuerySelector(".mud-chip")!.TextContent.Trim()));
        Assert.Contains("Request id req-0001", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Started", cut.Find("[data-testid='window-run']").TextContent, StringComparison.Ordinal);
        Assert.Contains("by paul@contoso.example", cut.Find("[data-testid='window-run']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='run-outcome']")); // still running: no outcome yet
        Assert.NotNull(cut.Find("[data-testid='run-abort']"));
        Assert.Empty(cut.FindAll("[data-testid='run-start']")); // already started
        Assert.Empty(cut.FindAll("[data-testid='run-confirm-moved']")); // nobody is waited for
    }

    [Theory]
    [InlineData(WindowStatus.Completed, "Every step succeeded.", "success")]
    [InlineData(WindowStatus.Failed, "Step 2 failed: OperationFailed: the pool could not be upgraded.", "error")]
    [InlineData(WindowStatus.Aborted, "Aborted by Paul Platform-lead: payroll run moved. Nothing was running on Azure.", "warning")]
    public async Task Ended_ShowsTheOutcomeAndNoActions(WindowStatus status, string outcome, string severity)
    {
        // Arrange
        UseExecution(ExecutionMode.Manual);
        var failed = status != WindowStatus.Completed;
        var id = await SeedAsync(status, UpgradeKind.NodeImage, null, started: true, ended: true, outcome: outcome, steps:
        [
            Step(1, StepKind.UpgradeNodeImage, "workers", StepStatus.Succeeded, "Succeeded."),
            Step(2, StepKind.UpgradeNodeImage, "batch", failed ? (status == WindowStatus.Failed ? StepStatus.Failed : StepStatus.Skipped) : StepStatus.Succeeded, failed ? null : "Succeeded."),
        ]);

        // Act
        var cut = Render<WindowRun>(p => p.Add(c => c.WindowId, id));

        // Assert
        var alert = cut.WaitForElement("[data-testid='run-outcome']");
        Assert.Equal(outcome, alert.TextContent.Trim());
        Assert.Contains($"mud-alert-text-{severity}", alert.ClassName, StringComparison.Ordinal);
        Assert.Contains("ended", cut.Find("[data-testid='window-run']").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, cut.FindAll("[data-testid='run-steps'] tbody tr").Count);
        Assert.Empty(cut.FindAll("[data-testid='run-abort']"));
        Assert.Empty(cut.FindAll("[data-testid='run-start']"));
    }

    [Theory]
    [InlineData(ExecutionMode.Manual, WindowStatus.Approved, -1, false, true)]
    [InlineData(ExecutionMode.Automatic, WindowStatus.InProgress, -1, false, true)]
    [InlineData(ExecutionMode.Off, WindowStatus.Approved, -1, false, false)] // execution off
    [InlineData(ExecutionMode.Manual, WindowStatus.Approved, 2, false, false)] // not open yet
    [InlineData(ExecutionMode.Manual, WindowStatus.Submitted, -1, false, false)] // not approved
    [InlineData(ExecutionMode.Manual, WindowStatus.InProgress, -1, true, false)] // already started
    public async Task StartButton_OnlyWhenExecutionIsOnAndTheWindowIsApprovedOpenAndNotStarted(ExecutionMode mode, WindowStatus status, int startsInHours, bool started, bool shown)
    {
        // Arrange
        UseExecution(mode);
        var id = await SeedAsync(status, UpgradeKind.NodeImage, null, started: started, startsIn: TimeSpan.FromHours(startsInHours),
            steps: started ? [Step(1, StepKind.UpgradeNodeImage, "workers", StepStatus.Running, null)] : []);

        // Act
        var cut = Render<WindowRun>(p => p.Add(c => c.WindowId, id));

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(shown, cut.FindAll("[data-testid='run-start']").Count == 1));
        if (shown)
        {
            // Asking does not start it: a confirmation first, and "Not now" takes it back
            cut.Find("[data-testid='run-start']").Click();
            Assert.Contains("on cluster aks-orders-prod-uks now?", cut.Find("[data-testid='run-start-confirm']").TextContent, StringComparison.Ordinal);
            Assert.Empty(cut.FindAll("[data-testid='run-start']"));
            cut.FindAll("[data-testid='run-start-confirm'] button").Single(b => b.TextContent.Trim() == "Not now").Click();
            Assert.Empty(cut.FindAll("[data-testid='run-start-confirm']"));
            Assert.Null((await FindAsync(id)).ExecutionStartedAtUtc);
        }

        Assert.Empty(ArmRequests.Requests);
    }

    [Fact]
    public async Task NotStarted_ManualMode_SaysAnOperatorStartsIt()
    {
        // Arrange: approved, but its start is two hours away
        UseExecution(ExecutionMode.Manual);
        var id = await SeedAsync(WindowStatus.Approved, UpgradeKind.NodeImage, null, started: false, startsIn: TimeSpan.FromHours(2), steps: []);

        // Act
        var cut = Render<WindowRun>(p => p.Add(c => c.WindowId, id));

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("An operator starts it here while the window is open and approved.", cut.Find("[data-testid='run-not-started']").TextContent, StringComparison.Ordinal));
        Assert.Equal("Manual execution", cut.Find("[data-testid='run-mode']").TextContent.Trim());
    }

    [Fact]
    public async Task Abort_WithoutAComment_ShowsTheRefusal_WithOne_AbortsWithoutCallingAzure()
    {
        // Arrange: the first step done, the second queued (nothing running on Azure at this instant)
        UseExecution(ExecutionMode.Manual);
        var id = await SeedAsync(WindowStatus.InProgress, UpgradeKind.NodeImage, null, started: true, steps:
        [
            Step(1, StepKind.UpgradeNodeImage, "workers", StepStatus.Succeeded, "Succeeded."),
            Step(2, StepKind.UpgradeNodeImage, "batch", StepStatus.Queued, null),
        ]);
        var cut = Render<WindowRun>(p => p.Add(c => c.WindowId, id));
        cut.WaitForElement("[data-testid='run-abort']").Click();

        // Act: no comment
        cut.Find("[data-testid='run-abort-yes']").Click();

        // Assert: the service's own words; nothing changed
        cut.WaitForAssertion(() => Assert.Equal("A comment is required to abort: say why, for the audit trail.", cut.Find("[data-testid='run-error']").TextContent.Trim()));
        Assert.Equal(WindowStatus.InProgress, (await FindAsync(id)).Status);
        Assert.NotNull(cut.Find("[data-testid='run-abort-confirm']")); // still asking

        // Act: with a comment
        cut.Find("input[data-testid='run-abort-comment']").Change("Payroll run moved into this slot.");
        cut.Find("[data-testid='run-abort-yes']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Aborted by paul@contoso.example: Payroll run moved into this slot.", cut.Find("[data-testid='run-outcome']").TextContent, StringComparison.Ordinal));
        Assert.Contains("Nothing was running on Azure.", cut.Find("[data-testid='run-outcome']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='run-error']"));
        Assert.Empty(cut.FindAll("[data-testid='run-abort']"));
        Assert.Equal(["Succeeded", "Skipped"], cut.FindAll("[data-testid='run-steps'] tbody tr").Select(r => r.GetAttribute("data-status")));
        var window = await FindAsync(id);
        Assert.Equal(WindowStatus.Aborted, window.Status);
        Assert.NotNull(window.ExecutionEndedAtUtc);
        Assert.Empty(ArmRequests.Requests);
    }

    [Fact]
    public async Task WaitingForPerson_ConfirmWorkloadsMoved_TheStepSucceedsAndTheButtonGoes()
    {
        // Arrange: a blue/green move, the new pool created, waiting for the workloads to move
        UseExecution(ExecutionMode.Manual);
        var id = await SeedAsync(WindowStatus.InProgress, UpgradeKind.NewNodePool, "Windows2022", started: true, steps:
        [
            Step(1, StepKind.CreatePool, "win19", StepStatus.Succeeded, "Succeeded.", newPool: "win192"),
            Step(2, StepKind.MoveWorkloads, "win19", StepStatus.WaitingForPerson, null, newPool: "win192"),
            Step(3, StepKind.DeletePool, "win19", StepStatus.Queued, null),
        ]);
        var cut = Render<WindowRun>(p => p.Add(c => c.WindowId, id));
        var waiting = cut.WaitForElement("[data-testid='run-steps'] tbody tr[data-step='2']");
        Assert.Equal("Waiting for you", waiting.QuerySelector(".mud-chip")!.TextContent.Trim());
        Assert.Contains("Cordon and drain pool win19, move its workloads to win192, then confirm", waiting.TextContent, StringComparison.Ordinal);

        // Act
        cut.Find("[data-testid='run-confirm-moved']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", cut.Find("[data-testid='run-steps'] tbody tr[data-step='2']").GetAttribute("data-status")));
        Assert.Contains("Confirmed by paul@contoso.example.", cut.Find("[data-testid='run-steps'] tbody tr[data-step='2']").TextContent, StringComparison.Ordinal);
        Assert.Equal("Queued", cut.Find("[data-testid='run-steps'] tbody tr[data-step='3']").GetAttribute("data-status"));
        Assert.Empty(cut.FindAll("[data-testid='run-confirm-moved']"));
        Assert.Empty(cut.FindAll("[data-testid='run-error']"));
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        Assert.Equal(StepStatus.Succeeded, (await db.ExecutionSteps.SingleAsync(s => s.WindowId == id && s.Order == 2, Cancellation)).Status);
        Assert.Empty(ArmRequests.Requests);
    }

    [Fact]
    public async Task Viewer_SeesTheStepsButNoButtons()
    {
        // Arrange: one run waiting for a person (confirm and abort would be offered) and one window ready to start
        SignInAsViewer();
        UseExecution(ExecutionMode.Manual);
        var running = await SeedAsync(WindowStatus.InProgress, UpgradeKind.NewNodePool, "Windows2022", started: true, steps:
        [
            Step(1, StepKind.CreatePool, "win19", StepStatus.Succeeded, "Succeeded.", newPool: "win192"),
            Step(2, StepKind.MoveWorkloads, "win19", StepStatus.WaitingForPerson, null, newPool: "win192"),
        ]);
        var ready = await SeedAsync(WindowStatus.Approved, UpgradeKind.NodeImage, null, started: false, steps: [], cluster: "aks-payments-prod-weu");

        // Act
        var runningCut = Render<WindowRun>(p => p.Add(c => c.WindowId, running));
        var readyCut = Render<WindowRun>(p => p.Add(c => c.WindowId, ready));

        // Assert
        Assert.Equal(2, runningCut.WaitForElements("[data-testid='run-steps'] tbody tr").Count);
        readyCut.WaitForElement("[data-testid='run-not-started']");
        foreach (var cut in new[] { runningCut, readyCut })
        {
            Assert.Empty(cut.FindAll("[data-testid='window-run'] button"));
        }
    }

    [Fact]
    public async Task ExecutionOff_NoSteps_TheCardSaysToFollowTheRunbook()
    {
        // Arrange: the default, Off
        var id = await SeedAsync(WindowStatus.Approved, UpgradeKind.NodeImage, null, started: false, steps: []);

        // Act
        var cut = Render<WindowRun>(p => p.Add(c => c.WindowId, id));

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("follow the runbook below", cut.Find("[data-testid='window-run']").TextContent, StringComparison.Ordinal));
        Assert.Equal("Execution off", cut.Find("[data-testid='run-mode']").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid='window-run'] button"));
        Assert.Empty(cut.FindAll("[data-testid='run-steps']"));
    }

    // With Entra ID a person's id is "{tenant}/{object id}": the card must name who started the run, not show those GUIDs.
    [Fact]
    public async Task Started_ByAnEntraPerson_TheCardNamesThemNotTheirObjectId()
    {
        // Arrange: started by Paul signed in through Entra ID (the id is tenant/object id; the trail has his name)
        UseExecution(ExecutionMode.Manual);
        const string entraId = "72f988bf-86f1-41af-91ab-2d7cd011db47/5c3f0b1e-7d2a-4c1b-9e8f-0a1b2c3d4e5f";
        var id = await SeedAsync(WindowStatus.InProgress, UpgradeKind.NodeImage, null, started: true, steps:
        [
            Step(1, StepKind.UpgradeNodeImage, "workers", StepStatus.Running, null),
        ]);
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
            var window = await db.Windows.SingleAsync(w => w.Id == id, Cancellation);
            window.ExecutionStartedBy = entraId;
            db.AuditEntries.Add(new AuditEntryEntity
            {
                WindowId = id, WindowTitle = window.Title, AtUtc = window.ExecutionStartedAtUtc!.Value, Actor = entraId, ActorName = "Paul Platform-lead",
                Action = AuditAction.ExecutionStarted, Revision = 1, Comment = "1 step",
            });
            await db.SaveChangesAsync(Cancellation);
        }

        // Act
        var cut = Render<WindowRun>(p => p.Add(c => c.WindowId, id));

        // Assert
        cut.WaitForElement("[data-testid='run-steps']");
        var card = cut.Find("[data-testid='window-run']").TextContent;
        Assert.Contains("by Paul Platform-lead", card, StringComparison.Ordinal);
        Assert.DoesNotContain("5c3f0b1e", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WindowPage_RunAborted_TheStatusChipFollows()
    {
        // Arrange: the whole page, a run with nothing running on Azure
        UseExecution(ExecutionMode.Manual);
        var id = await SeedAsync(WindowStatus.InProgress, UpgradeKind.NodeImage, null, started: true, steps:
        [
            Step(1, StepKind.UpgradeNodeImage, "workers", StepStatus.Queued, null),
        ]);
        Navigation.NavigateTo($"/windows/{id}");
        var cut = Render<WindowDetail>(p => p.Add(c => c.Id, id));
        cut.WaitForElement("[data-testid='run-abort']");
        Assert.NotEqual("Aborted", cut.Find("[data-testid='window-status']").TextContent.Trim());

        // Act
        cut.Find("[data-testid='run-abort']").Click();
        cut.Find("input[data-testid='run-abort-comment']").Change("Called off by the service owner.");
        cut.Find("[data-testid='run-abort-yes']").Click();

        // Assert: the page reloaded its status (OnChanged), not only the card
        cut.WaitForAssertion(() => Assert.Equal("Aborted", cut.Find("[data-testid='window-status']").TextContent.Trim()));
        Assert.Contains("Called off by the service owner.", cut.Find("[data-testid='run-outcome']").TextContent, StringComparison.Ordinal);
        Assert.Empty(ArmRequests.Requests);
    }

    private static ExecutionStepEntity Step(int order, StepKind kind, string pool, StepStatus status, string? result, string? newPool = null, string? requestId = null) => new()
    {
        Order = order,
        Kind = kind,
        Pool = pool,
        NewPool = newPool,
        Status = status,
        Result = result,
        RequestId = requestId,
        StartedAtUtc = status == StepStatus.Queued ? null : Now.UtcDateTime.AddMinutes(-50 + (order * 10)),
        FinishedAtUtc = status is StepStatus.Succeeded or StepStatus.Failed or StepStatus.Skipped or StepStatus.Aborted ? Now.UtcDateTime.AddMinutes(-45 + (order * 10)) : null,
    };

    private async Task<Guid> SeedAsync(
        WindowStatus status, UpgradeKind kind, string? target, bool started, ExecutionStepEntity[] steps,
        bool ended = false, string? outcome = null, TimeSpan? startsIn = null, string cluster = "aks-orders-prod-uks")
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        var start = Now.UtcDateTime + (startsIn ?? TimeSpan.FromHours(-1));
        var window = new UpgradeWindowEntity
        {
            Id = Guid.NewGuid(),
            Title = $"{kind} on {cluster}",
            SubscriptionId = Subscription,
            ResourceGroup = "rg-orders-prod",
            ClusterName = cluster,
            ClusterId = $"/subscriptions/{Subscription}/resourceGroups/rg-orders-prod/providers/Microsoft.ContainerService/managedClusters/{cluster}",
            NodePools = ["workers"],
            Kind = kind,
            Target = target,
            StartUtc = start,
            EndUtc = start.AddHours(6),
            TimeZone = "Europe/Amsterdam",
            Status = status,
            CreatedBy = "bob@contoso.com",
            CreatedAtUtc = Now.UtcDateTime.AddDays(-3),
            ExecutionStartedAtUtc = started ? start.AddMinutes(5) : null,
            ExecutionStartedBy = started ? "paul@contoso.example" : null,
            ExecutionEndedAtUtc = ended ? Now.UtcDateTime.AddMinutes(-1) : null,
            ExecutionOutcome = outcome,
        };
        db.Windows.Add(window);
        foreach (var step in steps)
        {
            step.WindowId = window.Id;
            step.Revision = window.Revision;
            db.ExecutionSteps.Add(step);
        }

        await db.SaveChangesAsync(Cancellation);
        return window.Id;
    }

    private async Task<UpgradeWindowEntity> FindAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashboardDbContext>().Windows.AsNoTracking().SingleAsync(w => w.Id == id, Cancellation);
    }
}
