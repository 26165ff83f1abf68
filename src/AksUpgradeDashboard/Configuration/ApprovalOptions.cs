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
