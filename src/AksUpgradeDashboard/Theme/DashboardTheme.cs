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
            Success = "#6fcf6f",
            Warning = "#f7a94b",
            Error = "#ff8f98",
            Info = "#8ec5ff",
            // MudBlazor's default secondary text (#9b9b9f on #373740) is 4.25:1; WCAG AA asks 4.5:1.
            TextSecondary = "rgba(255,255,255,0.72)",
            DrawerText = "rgba(255,255,255,0.85)",
            DrawerIcon = "rgba(255,255,255,0.85)",
            // The dark palette's colours are light, so text on them is dark (white on #f7a94b is unreadable).
            PrimaryContrastText = "rgba(0,0,0,0.87)",
            SuccessContrastText = "rgba(0,0,0,0.87)",
            WarningContrastText = "rgba(0,0,0,0.87)",
            ErrorContrastText = "rgba(0,0,0,0.87)",
            InfoContrastText = "rgba(0,0,0,0.87)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Segoe UI", "system-ui", "-apple-system", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
    };
}
