using AksUpgradeDashboard.Model.Compliance;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Configuration;

/// <summary>The <c>Compliance</c> section: the default policy (admins can override it on the settings page) and history.</summary>
public sealed class ComplianceOptions
{
    public const string SectionName = "Compliance";
    public const int MinRetentionDays = 7;
    public const int MaxRetentionDays = 3650;

    public int MaxDaysBehindLatest { get; set; } = CompliancePolicy.DefaultMaxDaysBehindLatest;

    public bool RetiringIsCompliant { get; set; }

    /// <summary>A pool whose Kubernetes version is out of AKS support (or a preview) is not compliant.</summary>
    public bool KubernetesMustBeSupported { get; set; } = true;

    /// <summary>Daily snapshots older than this are deleted.</summary>
    public int HistoryRetentionDays { get; set; } = 400;

    public CompliancePolicy Policy => new(MaxDaysBehindLatest, RetiringIsCompliant, KubernetesMustBeSupported);
}

public sealed class ValidateComplianceOptions : IValidateOptions<ComplianceOptions>
{
    public ValidateOptionsResult Validate(string? name, ComplianceOptions options)
    {
        List<string> errors = [];
        if (options.MaxDaysBehindLatest is < 0 or > CompliancePolicy.MaxAllowedDaysBehind)
        {
            errors.Add($"Compliance:MaxDaysBehindLatest is {options.MaxDaysBehindLatest}; it must be between 0 and {CompliancePolicy.MaxAllowedDaysBehind} (days a node image may trail the latest).");
        }

        if (options.HistoryRetentionDays is < ComplianceOptions.MinRetentionDays or > ComplianceOptions.MaxRetentionDays)
        {
            errors.Add($"Compliance:HistoryRetentionDays is {options.HistoryRetentionDays}; it must be between {ComplianceOptions.MinRetentionDays} and {ComplianceOptions.MaxRetentionDays}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
