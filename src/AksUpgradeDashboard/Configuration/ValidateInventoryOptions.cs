using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Configuration;

/// <summary>Every message names the exact key to fix, so a misconfigured deployment says what to change.</summary>
public sealed class ValidateInventoryOptions : IValidateOptions<InventoryOptions>
{
    public ValidateOptionsResult Validate(string? name, InventoryOptions options)
    {
        var errors = new List<string>();
        var source = options.Source;
        if (!string.Equals(source, InventoryOptions.SampleSource, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(source, InventoryOptions.AzureSource, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Inventory:Source '{source}' is not recognised. Use 'Sample' or 'Azure'.");
        }

        if (options.RefreshInterval < TimeSpan.FromMinutes(1) || options.RefreshInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"Inventory:RefreshInterval must be between 00:01:00 and 1.00:00:00 (was {options.RefreshInterval}).");
        }

        if (options.MaxConcurrency is < 1 or > 64)
        {
            errors.Add($"Inventory:MaxConcurrency must be between 1 and 64 (was {options.MaxConcurrency}).");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}

public sealed class ValidateAssessmentOptions : IValidateOptions<AssessmentOptions>
{
    public ValidateOptionsResult Validate(string? name, AssessmentOptions options) =>
        options.RetiringHorizonDays is < 0 or > 3650
            ? ValidateOptionsResult.Fail($"Assessment:RetiringHorizonDays must be between 0 and 3650 (was {options.RetiringHorizonDays}).")
            : ValidateOptionsResult.Success;
}
