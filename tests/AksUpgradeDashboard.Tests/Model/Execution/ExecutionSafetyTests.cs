using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Execution;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Tests.Model.Execution;

/// <summary>The checks before every step: one row per reason, each alone, naming what is wrong.</summary>
public class ExecutionSafetyTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 5, 22, 0, 0, TimeSpan.Zero);

    /// <summary>Everything in order: approved twice of two, an hour into a four-hour window, inventory 5 minutes old, all Succeeded and Running.</summary>
    private static SafetyFacts AllClear() => new()
    {
        Status = WindowStatus.Approved,
        ApprovalsAtRevision = 2,
        ApprovalsRequired = 2,
        Now = s_start.AddHours(1),
        Start = s_start,
        End = s_start.AddHours(4),
        MinimumTimeLeft = TimeSpan.FromMinutes(30),
        InventoryReadAt = s_start.AddMinutes(55),
        MaxInventoryAge = TimeSpan.FromMinutes(15),
        ClusterProvisioningState = "Succeeded",
        ClusterPowerState = "Running",
        Pool = "apps",
        PoolProvisioningState = "Succeeded",
    };

    public static TheoryData<string, string[]> OneReason() => new()
    {
        { "draft", ["The window is Draft, not approved."] },
        { "submitted", ["The window is Submitted, not approved."] },
        { "cancelled", ["The window is Cancelled, not approved."] },
        { "verified", ["The window is Verified, not approved."] },
        { "one approval of two", ["1 of the 2 approvals", "current revision"] },
        { "no approval of one", ["0 of the 1 approvals"] },
        { "before start", ["has not started", "2026-12-05 22:00 UTC"] },
        { "9 minutes left", ["Only 9 min of the window are left", "at least 30 min", "Upgrades:MinimumTimeLeft"] },
        { "after end", ["The window ended at 2026-12-06 02:00 UTC."] },
        { "at the end", ["The window ended at 2026-12-06 02:00 UTC."] },
        { "rule error", ["no longer passes its rules", "The window overlaps a freeze."] },
        { "blackout", ["Blackout period 'Year-end freeze'", "no approver acknowledged"] },
        { "inventory never read", ["The inventory has not been read yet."] },
        { "inventory 16 minutes old", ["read 16 min ago", "at most 15 min", "Upgrades:MaxInventoryAge"] },
        { "inventory 3 hours old", ["read 3 h ago", "Upgrades:MaxInventoryAge"] },
        { "cluster updating", ["provisioning state is Updating, not Succeeded"] },
        { "cluster failed", ["provisioning state is Failed, not Succeeded"] },
        { "cluster state unknown", ["provisioning state is unknown, not Succeeded"] },
        { "cluster stopped", ["The cluster is Stopped, not Running."] },
        { "cluster power unknown", ["The cluster is in an unknown power state, not Running."] },
        { "pool missing", ["Pool apps no longer exists."] },
        { "pool upgrading", ["Pool apps is UpgradingNodeImageVersion, not Succeeded", "already upgrading"] },
        { "pool failed", ["Pool apps is Failed, not Succeeded"] },
    };

    private static SafetyFacts With(string row)
    {
        var f = AllClear();
        return row switch
        {
            "draft" => f with { Status = WindowStatus.Draft },
            "submitted" => f with { Status = WindowStatus.Submitted },
            "cancelled" => f with { Status = WindowStatus.Cancelled },
            "verified" => f with { Status = WindowStatus.Verified },
            "one approval of two" => f with { ApprovalsAtRevision = 1 },
            "no approval of one" => f with { ApprovalsAtRevision = 0, ApprovalsRequired = 1 },
            "before start" => f with { Now = s_start.AddMinutes(-1), InventoryReadAt = s_start.AddMinutes(-5) },
            "9 minutes left" => f with { Now = f.End.AddMinutes(-9), InventoryReadAt = f.End.AddMinutes(-10) },
            "after end" => f with { Now = f.End.AddMinutes(1), InventoryReadAt = f.End },
            "at the end" => f with { Now = f.End, InventoryReadAt = f.End, MinimumTimeLeft = TimeSpan.Zero },
            "rule error" => f with { RuleErrors = [new FieldIssue("Start", "The window overlaps a freeze.")] },
            "blackout" => f with { UnacknowledgedBlackouts = ["Year-end freeze"] },
            "inventory never read" => f with { InventoryReadAt = null },
            "inventory 16 minutes old" => f with { InventoryReadAt = f.Now.AddMinutes(-16) },
            "inventory 3 hours old" => f with { InventoryReadAt = f.Now.AddHours(-3) },
            "cluster updating" => f with { ClusterProvisioningState = "Updating" },
            "cluster failed" => f with { ClusterProvisioningState = "Failed" },
            "cluster state unknown" => f with { ClusterProvisioningState = null },
            "cluster stopped" => f with { ClusterPowerState = "Stopped" },
            "cluster power unknown" => f with { ClusterPowerState = null },
            "pool missing" => f with { PoolProvisioningState = null },
            "pool upgrading" => f with { PoolProvisioningState = "UpgradingNodeImageVersion" },
            "pool failed" => f with { PoolProvisioningState = "Failed" },
            _ => throw new ArgumentOutOfRangeException(nameof(row), row, null),
        };
    }

    [Theory]
    [MemberData(nameof(OneReason))]
    public void Check_OneThingWrong_ExactlyOneReasonNamingIt(string row, string[] says)
    {
        var reasons = ExecutionSafety.Check(With(row));

        var reason = Assert.Single(reasons);
        Assert.All(says, text => Assert.Contains(text, reason, StringComparison.Ordinal));
    }

    public static TheoryData<string> AllClearRows() =>
    [
        "approved", "in progress", "exactly at start", "exactly the minimum left", "inventory exactly at its maximum age",
        "odd casing", "more approvals than needed", "control plane step",
    ];

    [Theory]
    [MemberData(nameof(AllClearRows))]
    public void Check_AllInOrder_NoReasons(string row)
    {
        var f = AllClear();
        var facts = row switch
        {
            "approved" => f,
            "in progress" => f with { Status = WindowStatus.InProgress },
            "exactly at start" => f with { Now = s_start, InventoryReadAt = s_start },
            "exactly the minimum left" => f with { Now = f.End - f.MinimumTimeLeft, InventoryReadAt = f.End - f.MinimumTimeLeft },
            "inventory exactly at its maximum age" => f with { InventoryReadAt = f.Now - f.MaxInventoryAge },
            "odd casing" => f with { ClusterProvisioningState = "succeeded", ClusterPowerState = "RUNNING", PoolProvisioningState = "SUCCEEDED" },
            "more approvals than needed" => f with { ApprovalsAtRevision = 3 },
            "control plane step" => f with { Pool = null, PoolProvisioningState = null },
            _ => throw new ArgumentOutOfRangeException(nameof(row), row, null),
        };

        Assert.Empty(ExecutionSafety.Check(facts));
    }

    [Fact]
    public void Check_SeveralThingsWrong_EveryReasonAtOnce()
    {
        var facts = AllClear() with
        {
            Status = WindowStatus.Submitted,
            Now = s_start.AddMinutes(-10),
            RuleErrors = [new FieldIssue("Pools", "Pool apps is not in the cluster."), new FieldIssue("End", "The window is too long.")],
            UnacknowledgedBlackouts = ["Black Friday"],
            InventoryReadAt = null,
            ClusterProvisioningState = "Updating",
            ClusterPowerState = "Stopped",
            PoolProvisioningState = "Upgrading",
        };

        var reasons = ExecutionSafety.Check(facts);

        Assert.Collection(
            reasons,
            r => Assert.Contains("Submitted, not approved", r, StringComparison.Ordinal),
            r => Assert.Contains("has not started", r, StringComparison.Ordinal),
            r => Assert.Contains("Pool apps is not in the cluster.", r, StringComparison.Ordinal),
            r => Assert.Contains("The window is too long.", r, StringComparison.Ordinal),
            r => Assert.Contains("'Black Friday'", r, StringComparison.Ordinal),
            r => Assert.Contains("inventory has not been read", r, StringComparison.Ordinal),
            r => Assert.Contains("Updating, not Succeeded", r, StringComparison.Ordinal),
            r => Assert.Contains("Stopped, not Running", r, StringComparison.Ordinal),
            r => Assert.Contains("Pool apps is Upgrading", r, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ApprovedButShortAndLate_BothReasons()
    {
        var facts = AllClear() with { ApprovalsAtRevision = 1, Now = s_start.AddHours(4).AddMinutes(-5), InventoryReadAt = s_start.AddHours(4).AddMinutes(-6) };

        var reasons = ExecutionSafety.Check(facts);

        Assert.Equal(2, reasons.Count);
        Assert.Contains("1 of the 2 approvals", reasons[0], StringComparison.Ordinal);
        Assert.Contains("Upgrades:MinimumTimeLeft", reasons[1], StringComparison.Ordinal);
    }
}

/// <summary>Which of the window rules' errors stop a step mid-run (found in review: the target and pool checks did).</summary>
public class ExecutionSafetyRuleErrorTests
{
    [Theory]
    // The run itself moves pools to the target and deletes old pools: those rules cannot stop the next step.
    [InlineData("target", "Pool 'system' already uses osSKU AzureLinux3.", false)]
    [InlineData("nodePools", "Node pool 'linux' is not in cluster 'aks-ci-runners-neu' in the current inventory.", false)]
    // Times, blackouts, overlaps and the cluster still stop it.
    [InlineData("start", "The window falls in blackout period 'Payroll run'.", true)]
    [InlineData("end", "The window is 8 days long; it can be at most 7 days.", true)]
    [InlineData("cluster", "Cluster 'x' is not in the current inventory.", true)]
    public void Check_RuleErrorMidRun_StopsOnlyForRulesTheRunCannotChange(string field, string message, bool stops)
    {
        var facts = new SafetyFacts
        {
            Status = WindowStatus.InProgress,
            ApprovalsAtRevision = 1,
            ApprovalsRequired = 1,
            Now = new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero),
            Start = new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero),
            End = new DateTimeOffset(2026, 11, 25, 19, 0, 0, TimeSpan.Zero),
            MinimumTimeLeft = TimeSpan.FromMinutes(30),
            MaxInventoryAge = TimeSpan.FromHours(1),
            InventoryReadAt = new DateTimeOffset(2026, 11, 25, 13, 50, 0, TimeSpan.Zero),
            ClusterProvisioningState = "Succeeded",
            ClusterPowerState = "Running",
            RuleErrors = [new FieldIssue(field, message)],
        };

        var reasons = ExecutionSafety.Check(facts);

        Assert.Equal(stops ? [$"The window no longer passes its rules: {message}"] : [], reasons);
    }
}
