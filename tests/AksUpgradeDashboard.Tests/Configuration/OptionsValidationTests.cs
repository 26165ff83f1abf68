using AksUpgradeDashboard.Configuration;

namespace AksUpgradeDashboard.Tests.Configuration;

public class OptionsValidationTests
{
    [Fact]
    public void ValidateInventory_Defaults_Succeed() =>
        Assert.True(new ValidateInventoryOptions().Validate(null, new InventoryOptions()).Succeeded);

    [Theory]
    [InlineData("Spreadsheet", null, null, "Inventory:Source 'Spreadsheet' is not recognised. Use 'Sample' or 'Azure'.")]
    [InlineData("Sample", "00:00:10", null, "Inventory:RefreshInterval must be between 00:01:00 and 1.00:00:00 (was 00:00:10).")]
    [InlineData("Sample", "2.00:00:00", null, "Inventory:RefreshInterval must be between 00:01:00 and 1.00:00:00 (was 2.00:00:00).")]
    [InlineData("Sample", null, 0, "Inventory:MaxConcurrency must be between 1 and 64 (was 0).")]
    public void ValidateInventory_BadValue_NamesTheKey(string source, string? interval, int? concurrency, string expected)
    {
        var options = new InventoryOptions { Source = source };
        if (interval is not null)
        {
            options.RefreshInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (concurrency is { } c)
        {
            options.MaxConcurrency = c;
        }

        var result = new ValidateInventoryOptions().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.Failures!);
    }

    [Fact]
    public void ValidateInventory_SeveralBadValues_ReportsEveryOne()
    {
        var result = new ValidateInventoryOptions().Validate(null, new InventoryOptions { Source = "x", MaxConcurrency = 500, RefreshInterval = TimeSpan.Zero });

        Assert.Equal(3, result.Failures!.Count());
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(180, true)]
    [InlineData(3651, false)]
    public void ValidateAssessment_Horizon_MustBeInRange(int days, bool valid)
    {
        var result = new ValidateAssessmentOptions().Validate(null, new AssessmentOptions { RetiringHorizonDays = days });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.StartsWith("Assessment:RetiringHorizonDays must be between 0 and 3650", Assert.Single(result.Failures!), StringComparison.Ordinal);
        }
    }
}
