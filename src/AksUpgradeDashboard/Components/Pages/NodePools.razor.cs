using AksUpgradeDashboard.Components.Controls;
using AksUpgradeDashboard.Model;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AksUpgradeDashboard.Components.Pages;

/// <summary>
/// The fleet-wide pools grid. The URL is the state: filters and sort live in the query string (so a link reproduces
/// the view), the page re-reads it on every navigation, and the grid pages on the server through the same
/// <see cref="PoolQuery"/> the API uses.
/// </summary>
public partial class NodePools
{
    private MudDataGrid<PoolViewModel>? _grid;
    private PoolQuery _query = new();
    private int _matchCount;
    private IReadOnlyList<string> _locations = [];
    private IReadOnlyList<string> _osVersions = [];

    [Inject]
    public required NavigationManager Navigation { get; init; }

    // Declared so that a navigation which only changes the query string re-parameterizes the page.
    [SupplyParameterFromQuery(Name = PoolQueryString.Search)] public string? Search { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Subscription)] public string[]? Subscription { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Location)] public string[]? Location { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Os)] public string[]? Os { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Status)] public string[]? Status { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.MajorUpgrade)] public string? Major { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Sort)] public string? Sort { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Descending)] public string? Desc { get; set; }

    // Internal for tests
    internal PoolQuery Query => _query;

    protected override async Task OnParametersSetAsync()
    {
        _query = PoolQueryString.FromUri(new Uri(Navigation.Uri));
        RefreshOptions();
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    protected override async Task OnFleetChangedAsync()
    {
        RefreshOptions();
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    internal Task<GridData<PoolViewModel>> LoadPoolsAsync(GridState<PoolViewModel> state, CancellationToken cancellationToken)
    {
        if (Fleet is not { } fleet)
        {
            return Task.FromResult(new GridData<PoolViewModel> { Items = [], TotalItems = 0 });
        }

        // A click on a column header changes the sort: keep the URL in step so the link stays true.
        if (state.SortDefinitions.FirstOrDefault() is { } sort && PoolGridSort.FromPropertyName(sort.SortBy) is { } column
            && (column != _query.SortBy || sort.Descending != _query.Descending))
        {
            _query = _query with { SortBy = column, Descending = sort.Descending };
            Navigation.NavigateTo(PoolLinks.To(_query), replace: true);
        }

        var matching = _query.Apply(fleet.Pools).ToList();
        _matchCount = matching.Count;
        var page = matching.Skip(state.Page * state.PageSize).Take(state.PageSize).ToList();
        return Task.FromResult(new GridData<PoolViewModel> { Items = page, TotalItems = matching.Count });
    }

    private void RefreshOptions()
    {
        if (Fleet is not { } fleet)
        {
            return;
        }

        _locations = [.. fleet.Pools.Select(p => p.Location).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
        _osVersions = [.. fleet.Pools.Select(p => p.OsDisplayName).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
    }

    private Task OnSearchChanged(string? value) => ApplyAsync(_query with { Search = value });

    private Task ApplyAsync(PoolQuery query)
    {
        Navigation.NavigateTo(PoolLinks.To(query), replace: true);
        return Task.CompletedTask;
    }

    private SortDirection InitialDirection(PoolSortColumn column) =>
        _query.SortBy != column ? SortDirection.None : _query.Descending ? SortDirection.Descending : SortDirection.Ascending;
}

/// <summary>Maps the grid's column property names to the query's sort columns.</summary>
public static class PoolGridSort
{
    public static PoolSortColumn? FromPropertyName(string? propertyName) => propertyName switch
    {
        nameof(PoolViewModel.Status) => PoolSortColumn.Status,
        nameof(PoolViewModel.SubscriptionName) => PoolSortColumn.Subscription,
        nameof(PoolViewModel.ClusterName) => PoolSortColumn.Cluster,
        nameof(PoolViewModel.NodePoolName) => PoolSortColumn.NodePool,
        nameof(PoolViewModel.Location) => PoolSortColumn.Location,
        nameof(PoolViewModel.OsDisplayName) => PoolSortColumn.Os,
        nameof(PoolViewModel.KubernetesVersion) => PoolSortColumn.KubernetesVersion,
        nameof(PoolViewModel.NodeImageVersion) => PoolSortColumn.NodeImageVersion,
        nameof(PoolViewModel.ImageAgeDays) => PoolSortColumn.ImageAge,
        nameof(PoolViewModel.EndOfSupport) => PoolSortColumn.EndOfSupport,
        _ => null,
    };
}
