using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Components.Controls.Charts;

/// <summary>The charts' colours, shared by the scorecard's interactive charts and the report's printed ones.</summary>
public static class ChartPalette
{
    /// <summary>The status chips' colours (MudBlazor's default palette: success, info, warning, error, grey), so a chart reads like the grid.</summary>
    public static IReadOnlyDictionary<PoolStatus, string> Status { get; } = new Dictionary<PoolStatus, string>
    {
        [PoolStatus.Current] = "#00c853", [PoolStatus.Behind] = "#2196f3", [PoolStatus.Retiring] = "#ff9800",
        [PoolStatus.Unsupported] = "#f44336", [PoolStatus.Unknown] = "#9e9e9e",
    };

    /// <summary>The theme's primary colour (the measured trend, bars).</summary>
    public const string Primary = "#0f6cbd";

    /// <summary>Generated sample history, drawn apart from measurements.</summary>
    public const string Sample = "#9e9e9e";
}
