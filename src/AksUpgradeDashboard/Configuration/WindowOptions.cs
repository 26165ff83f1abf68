using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Configuration;

/// <summary>The <c>Approvals</c> section.</summary>
public sealed class ApprovalOptions
{
    public const string SectionName = "Approvals";
    public const int MaxRequired = 5;

    /// <summary>How many different approvers must approve the same revision of a window.</summary>
    public int Required { get; set; } = 1;
}

public sealed class ValidateApprovalOptions : IValidateOptions<ApprovalOptions>
{
    public ValidateOptionsResult Validate(string? name, ApprovalOptions options) =>
        options.Required is >= 1 and <= ApprovalOptions.MaxRequired
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Approvals:Required is {options.Required}; it must be between 1 and {ApprovalOptions.MaxRequired} (different approvers per window).");
}

/// <summary>The <c>Windows</c> section.</summary>
public sealed class WindowOptions
{
    public const string SectionName = "Windows";

    /// <summary>How many days ahead a window may start.</summary>
    public int PlanningHorizonDays { get; set; } = Model.Windows.UpgradeWindowRules.DefaultPlanningHorizonDays;
}

public sealed class ValidateWindowOptions : IValidateOptions<WindowOptions>
{
    public ValidateOptionsResult Validate(string? name, WindowOptions options) =>
        options.PlanningHorizonDays is >= 7 and <= 3650
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Windows:PlanningHorizonDays is {options.PlanningHorizonDays}; it must be between 7 and 3650 (how many days ahead a window may start).");
}
