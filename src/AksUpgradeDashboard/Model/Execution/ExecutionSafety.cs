using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Model.Execution;

/// <summary>What is known just before a step is sent: the window as stored, the rules' verdict now, and ARM's live state.</summary>
public sealed record SafetyFacts
{
    public required WindowStatus Status { get; init; }
    public required int ApprovalsAtRevision { get; init; }
    public required int ApprovalsRequired { get; init; }
    public required DateTimeOffset Now { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    public required TimeSpan MinimumTimeLeft { get; init; }

    /// <summary>The window rules' errors, checked again now (as of the window's start, so a started window is not "in the past").</summary>
    public IReadOnlyList<FieldIssue> RuleErrors { get; init; } = [];

    /// <summary>Blackouts the window now falls in that no approval of this revision acknowledged (added since).</summary>
    public IReadOnlyList<string> UnacknowledgedBlackouts { get; init; } = [];

    /// <summary>When the inventory was read (null: never).</summary>
    public DateTimeOffset? InventoryReadAt { get; init; }

    public required TimeSpan MaxInventoryAge { get; init; }

    /// <summary>The cluster as ARM reports it right now (a GET just before the step).</summary>
    public string? ClusterProvisioningState { get; init; }

    public string? ClusterPowerState { get; init; }

    /// <summary>The pool the step changes (null for the control plane, or a pool the step creates).</summary>
    public string? Pool { get; init; }

    /// <summary>The pool's provisioning state now; null when it does not exist.</summary>
    public string? PoolProvisioningState { get; init; }
}

/// <summary>
/// The checks before every step, all of them, so the window shows every reason at once. Nothing is sent to Azure unless
/// the list is empty. Pure; <c>ExecutionRunner</c> gathers the facts.
/// </summary>
public static class ExecutionSafety
{
    public static IReadOnlyList<string> Check(SafetyFacts facts)
    {
        var reasons = new List<string>();
        if (facts.Status is not (WindowStatus.Approved or WindowStatus.InProgress))
        {
            reasons.Add($"The window is {facts.Status}, not approved.");
        }
        else if (facts.ApprovalsAtRevision < facts.ApprovalsRequired)
        {
            reasons.Add($"The window has {facts.ApprovalsAtRevision} of the {facts.ApprovalsRequired} approvals it needs for its current revision.");
        }

        if (facts.Now < facts.Start)
        {
            reasons.Add($"The window has not started: it starts at {Format(facts.Start)}.");
        }
        else if (facts.Now >= facts.End || facts.End - facts.Now < facts.MinimumTimeLeft)
        {
            reasons.Add(facts.Now >= facts.End
                ? $"The window ended at {Format(facts.End)}."
                : $"Only {Minutes(facts.End - facts.Now)} of the window are left; a step needs at least {Minutes(facts.MinimumTimeLeft)} (Upgrades:MinimumTimeLeft).");
        }

        // Not the target and pool checks: mid-run, the run itself moves pools to the target ("already uses osSKU") and
        // deletes old pools; whether each pool is there and ready is read live from ARM just below.
        reasons.AddRange(facts.RuleErrors.Where(e => e.Field is not ("target" or "nodePools"))
            .Select(e => $"The window no longer passes its rules: {e.Message}"));
        reasons.AddRange(facts.UnacknowledgedBlackouts.Select(b => $"Blackout period '{b}' now covers the window, and no approver acknowledged it."));

        if (facts.InventoryReadAt is not { } read)
        {
            reasons.Add("The inventory has not been read yet.");
        }
        else if (facts.Now - read > facts.MaxInventoryAge)
        {
            reasons.Add($"The inventory was read {Minutes(facts.Now - read)} ago; a step needs one at most {Minutes(facts.MaxInventoryAge)} old (Upgrades:MaxInventoryAge).");
        }

        if (!Is(facts.ClusterProvisioningState, "Succeeded"))
        {
            reasons.Add($"The cluster's provisioning state is {facts.ClusterProvisioningState ?? "unknown"}, not Succeeded: another operation may be running or have failed.");
        }

        if (!Is(facts.ClusterPowerState, "Running"))
        {
            reasons.Add($"The cluster is {facts.ClusterPowerState ?? "in an unknown power state"}, not Running.");
        }

        if (facts.Pool is { } pool)
        {
            if (facts.PoolProvisioningState is null)
            {
                reasons.Add($"Pool {pool} no longer exists.");
            }
            else if (!Is(facts.PoolProvisioningState, "Succeeded"))
            {
                reasons.Add($"Pool {pool} is {facts.PoolProvisioningState}, not Succeeded: it is already upgrading or changing.");
            }
        }

        return reasons;
    }

    private static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Minutes(TimeSpan span) => span.TotalMinutes < 120
        ? $"{Math.Max(0, (int)span.TotalMinutes)} min"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h");
}
