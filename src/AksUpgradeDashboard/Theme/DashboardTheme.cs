using MudBlazor;

namespace AksUpgradeDashboard.Theme;

/// <summary>One theme for the app; status colours come from the palette so they read in light and dark mode.</summary>
public static class DashboardTheme
{
    public static MudTheme Create() => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0f6cbd",
            AppbarBackground = "#0f3b66",
            Success = "#107c10",
            Warning = "#a35200",
            Error = "#c50f1f",
            Info = "#0f6cbd",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#62abf5",
            Success = "#54b054",
            Warning = "#f7a94b",
            Error = "#f1707b",
            Info = "#62abf5",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Segoe UI", "system-ui", "-apple-system", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
    };
}
