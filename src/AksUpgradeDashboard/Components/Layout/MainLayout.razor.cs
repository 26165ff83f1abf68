using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Azure.Sample;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AksUpgradeDashboard.Components.Layout;

public partial class MainLayout
{
    private const string SampleInventorySourceName = SampleInventorySource.SourceName;
    private readonly MudTheme _theme = Theme.DashboardTheme.Create();
    private MudThemeProvider? _themeProvider;
    private Controls.PageErrorBoundary? _pageErrors;
    private bool _isDarkMode;
    private bool _drawerOpen = true;

    [Inject]
    public required InventoryStore Store { get; init; }

    // A new page (the layout gets a new Body) starts without the last page's error.
    protected override void OnParametersSet() => _pageErrors?.Recover();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && _themeProvider is not null)
        {
            // Follow the operating system's choice until the user picks one.
            _isDarkMode = await _themeProvider.GetSystemDarkModeAsync();
            StateHasChanged();
        }
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private void ToggleDarkMode() => _isDarkMode = !_isDarkMode;
}
