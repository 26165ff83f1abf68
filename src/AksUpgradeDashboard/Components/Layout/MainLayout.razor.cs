using AksUpgradeDashboard.Azure.Sample;
using AksUpgradeDashboard.Inventory;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AksUpgradeDashboard.Components.Layout;

public partial class MainLayout
{
    private const string SampleInventorySourceName = SampleInventorySource.SourceName;
    private readonly MudTheme _theme = Theme.DashboardTheme.Create();
    private MudThemeProvider? _themeProvider;
    private Controls.PageErrorBoundary? _pageErrors;
    private bool _isDarkMode;
    private bool _toggled;
    private bool _drawerOpen = true;

    [Inject]
    public required InventoryStore Store { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    // A new page (the layout gets a new Body) starts without the last page's error.
    protected override void OnParametersSet() => _pageErrors?.Recover();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && _themeProvider is not null)
        {
            // The person's own choice, remembered in this browser; the operating system's until they make one.
            await using var theme = await JS.InvokeAsync<IJSObjectReference>("import", "./js/theme.js");
            var dark = await theme.InvokeAsync<string?>("stored") is { } stored
                ? stored == "dark"
                : await _themeProvider.GetSystemDarkModeAsync();

            // A toggle while this was being read is the newer choice: it stands.
            if (!_toggled)
            {
                _isDarkMode = dark;
                StateHasChanged();
            }
        }
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private async Task ToggleDarkModeAsync()
    {
        // Remembered first, then shown: a reload right after the click finds the choice.
        _toggled = true;
        var dark = !_isDarkMode;
        await using var theme = await JS.InvokeAsync<IJSObjectReference>("import", "./js/theme.js");
        await theme.InvokeVoidAsync("store", dark);
        _isDarkMode = dark;
    }
}
