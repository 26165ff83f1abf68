using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Execution;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Tests.Configuration;

public class ExecutionOptionsValidationTests
{
    [Theory]
    [InlineData(ExecutionMode.Off, "Sample", null)]
    [InlineData(ExecutionMode.Off, "Azure", null)]
    [InlineData(ExecutionMode.Manual, "Azure", null)]
    [InlineData(ExecutionMode.Automatic, "azure", null)]
    [InlineData(ExecutionMode.Manual, "Sample", "Upgrades:Execution is Manual, but Inventory:Source is Sample: the dashboard can carry out windows only on Azure. Set Inventory:Source to Azure, or Upgrades:Execution to Off.")]
    [InlineData(ExecutionMode.Automatic, "Sample", "Upgrades:Execution is Automatic, but Inventory:Source is Sample: the dashboard can carry out windows only on Azure. Set Inventory:Source to Azure, or Upgrades:Execution to Off.")]
    [InlineData((ExecutionMode)7, "Azure", "Upgrades:Execution is 7; it must be Off, Manual or Automatic.")]
    public void Validate_Mode_NeedsTheAzureInventory(ExecutionMode mode, string source, string? error)
    {
        var result = Validate(new ExecutionOptions { Execution = mode }, source);

        Assert.Equal(error is null, result.Succeeded);
        if (error is not null)
        {
            Assert.Equal(error, Assert.Single(result.Failures!));
        }
    }

    [Theory]
    [InlineData("PollInterval", "00:00:00.5000000", "Upgrades:PollInterval is 00:00:00.5000000; it must be between 00:00:01 and 00:05:00.")]
    [InlineData("PollInterval", "00:06:00", "Upgrades:PollInterval is 00:06:00; it must be between 00:00:01 and 00:05:00.")]
    [InlineData("MinimumTimeLeft", "-00:01:00", "Upgrades:MinimumTimeLeft is -00:01:00; it must be between 00:00:00 and 1.00:00:00.")]
    [InlineData("MaxInventoryAge", "00:00:30", "Upgrades:MaxInventoryAge is 00:00:30; it must be between 00:01:00 and 1.00:00:00.")]
    [InlineData("BusyRetryInterval", "02:00:00", "Upgrades:BusyRetryInterval is 02:00:00; it must be between 00:00:01 and 01:00:00.")]
    [InlineData("MinimumTimeLeft", "00:00:00", null)]
    [InlineData("PollInterval", "00:00:01", null)]
    public void Validate_Durations_NameTheKeyAndTheRange(string key, string value, string? error)
    {
        var options = new ExecutionOptions();
        typeof(ExecutionOptions).GetProperty(key)!.SetValue(options, TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var result = Validate(options, "Azure");

        Assert.Equal(error is null, result.Succeeded);
        if (error is not null)
        {
            Assert.Equal(error, Assert.Single(result.Failures!));
        }
    }

    private static ValidateOptionsResult Validate(ExecutionOptions options, string source) =>
        new ValidateExecutionOptions(Options.Create(new InventoryOptions { Source = source })).Validate(null, options);
}
