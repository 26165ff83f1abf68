using AksUpgradeDashboard.Configuration;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Execution;

public enum ExecutionMode
{
    /// <summary>The dashboard never changes Azure; Reader is enough.</summary>
    Off,

    /// <summary>An operator presses "Start" while an approved window is open.</summary>
    Manual,

    /// <summary>The dashboard starts each approved window at its start (operators may still start one early in its window).</summary>
    Automatic,
}

/// <summary>The <c>Upgrades</c> section: whether and how the dashboard carries out approved windows on Azure.</summary>
public sealed class ExecutionOptions
{
    public const string SectionName = "Upgrades";

    public ExecutionMode Execution { get; set; } = ExecutionMode.Off;

    /// <summary>How often running steps are advanced and operations polled (unless ARM's Retry-After asks for longer).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A step is not started with less of the window left than this.</summary>
    public TimeSpan MinimumTimeLeft { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A step is not started on an inventory older than this.</summary>
    public TimeSpan MaxInventoryAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long to wait before trying a write again after 409 OperationNotAllowed (another operation runs).</summary>
    public TimeSpan BusyRetryInterval { get; set; } = TimeSpan.FromMinutes(2);
}

public sealed class ValidateExecutionOptions(IOptions<InventoryOptions> inventory) : IValidateOptions<ExecutionOptions>
{
    public ValidateOptionsResult Validate(string? name, ExecutionOptions options)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Execution))
        {
            errors.Add($"Upgrades:Execution is {options.Execution}; it must be Off, Manual or Automatic.");
        }
        else if (options.Execution != ExecutionMode.Off
            && !string.Equals(inventory.Value.Source, InventoryOptions.AzureSource, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Upgrades:Execution is {options.Execution}, but Inventory:Source is {inventory.Value.Source}: the dashboard can carry out windows only on Azure. Set Inventory:Source to Azure, or Upgrades:Execution to Off.");
        }

        Check(errors, "PollInterval", options.PollInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Check(errors, "MinimumTimeLeft", options.MinimumTimeLeft, TimeSpan.Zero, TimeSpan.FromHours(24));
        Check(errors, "MaxInventoryAge", options.MaxInventoryAge, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        Check(errors, "BusyRetryInterval", options.BusyRetryInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"Upgrades:{key} is {value}; it must be between {min} and {max}.");
        }
    }
}
