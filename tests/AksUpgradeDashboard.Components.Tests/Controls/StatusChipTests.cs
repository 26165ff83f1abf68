using AksUpgradeDashboard.Components.Controls;
using AksUpgradeDashboard.Model;
using Bunit;

namespace AksUpgradeDashboard.Components.Tests.Controls;

public class StatusChipTests : DashboardTestContext
{
    [Theory]
    [InlineData(PoolStatus.Current, "Current", "mud-chip-color-success")]
    [InlineData(PoolStatus.Behind, "Behind", "mud-chip-color-info")]
    [InlineData(PoolStatus.Retiring, "Retiring", "mud-chip-color-warning")]
    [InlineData(PoolStatus.Unsupported, "Unsupported", "mud-chip-color-error")]
    [InlineData(PoolStatus.Unknown, "Unknown", "mud-chip-color-default")]
    public void StatusChip_EachStatus_WritesStatusAsAttributeAndText(PoolStatus status, string expected, string colorClass)
    {
        // Act
        var cut = Render<StatusChip>(p => p.Add(c => c.Status, status));

        // Assert
        var chip = cut.Find(".status-chip");
        Assert.Equal(expected, chip.GetAttribute("data-status"));
        Assert.Equal(expected, chip.TextContent.Trim());
        Assert.Contains(colorClass, chip.ClassList);
    }

    [Fact]
    public void StatusChip_EveryStatus_HasDistinctColourAndIcon()
    {
        // Act
        var statuses = Enum.GetValues<PoolStatus>();

        // Assert
        Assert.Equal(statuses.Length, statuses.Select(StatusChip.ColorOf).Distinct().Count());
        Assert.Equal(statuses.Length, statuses.Select(StatusChip.IconOf).Distinct().Count());
    }
}
