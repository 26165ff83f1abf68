using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Compliance;
using AksUpgradeDashboard.Components.Controls;
using AksUpgradeDashboard.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
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
    private string? _searchText;
    private (string Property, bool Descending)? _sortShownInGrid;
    private IReadOnlyList<string> _locations = [];
    private IReadOnlyList<string> _osVersions = [];
    private readonly Dictionary<string, PoolViewModel> _selected = new(StringComparer.OrdinalIgnoreCase);
    private List<PoolViewModel> _pageItems = [];
    private HashSet<string> _columns = [.. PoolColumns.Defaults];
    private string? _columnsKey;
    private PoolViewModel? _detail;
    private PoolDetail? _detailPanel;
    private bool _focusDetail;
    private bool _detailOpen;

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required Microsoft.Extensions.Options.IOptions<Configuration.AzureOptions> AzureOptions { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IServiceScopeFactory ScopeFactory { get; init; }

    // Declared so that a navigation which only changes the query string re-parameterizes the page.
    [SupplyParameterFromQuery(Name = PoolQueryString.Search)] public string? Search { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Subscription)] public string[]? Subscription { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Location)] public string[]? Location { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Os)] public string[]? Os { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Status)] public string[]? Status { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.MajorUpgrade)] public string? Major { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Kubernetes)] public string[]? Kubernetes { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.KubernetesSupport)] public string[]? KubernetesSupport { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Tag)] public string[]? Tag { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Compliance)] public string[]? Compliance { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Sort)] public string? Sort { get; set; }
    [SupplyParameterFromQuery(Name = PoolQueryString.Descending)] public string? Desc { get; set; }

    // Internal for tests
    internal PoolQuery Query => _query;

    // A window covers pools of one cluster, so "Plan upgrade" needs a selection within one cluster.
    private string? PlanSelectionLink => _selected.Values.Select(p => p.Cluster.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count() == 1
        ? PlanLinks.For(_selected.Values.First().Cluster, [.. _selected.Values.Select(p => p.NodePoolName).Order(StringComparer.Ordinal)])
        : null;

    private string SelectionText => _selected.Count switch
    {
        0 => "selected pools",
        1 => "1 pool",
        var n => $"{n} pools",
    };

    private string? SelectionHint => _selected.Count == 0
        ? "Tick pools of one cluster to plan their upgrade together."
        : PlanSelectionLink is null ? "An upgrade window covers one cluster: select pools of a single cluster." : null;

    private bool AllOnPageSelected => _pageItems.Count > 0 && _pageItems.All(p => _selected.ContainsKey(p.Id));

    private void ToggleRow(PoolViewModel pool, ChangeEventArgs e)
    {
        if (e.Value is true)
        {
            _selected[pool.Id] = pool;
        }
        else
        {
            _selected.Remove(pool.Id);
        }
    }

    private void ToggleAllOnPage(ChangeEventArgs e)
    {
        foreach (var pool in _pageItems)
        {
            ToggleRow(pool, e);
        }
    }

    [Inject] public required Microsoft.AspNetCore.Authorization.IAuthorizationService AuthorizationService { get; init; }

    [CascadingParameter] public required Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> AuthenticationState { get; set; }

    // Selecting pools serves planning: only operators get the checkboxes and the Plan button.
    private bool _canPlan;

    protected override async Task OnParametersSetAsync()
    {
        var user = (await AuthenticationState).User;
        _columnsKey = $"aks-dashboard-pool-columns:{DashboardUser.ActorOf(user).Id}";
        _canPlan = await PersonPermissions.MayPlanAsync(AuthorizationService, AuthenticationState);
        var fromUrl = PoolQueryString.FromUri(new Uri(Navigation.Uri));
        if (_grid is not null && PoolQueryString.Format(fromUrl) == PoolQueryString.Format(_query))
        {
            // The URL caught up with a sort the grid already shows (a header click): the rows are already loaded.
            return;
        }

        _query = fromUrl;
        if (_query.Compliance.Count > 0)
        {
            // Drilled in from the scorecard: judge by the policy in force, as the scorecard did.
            await using var scope = ScopeFactory.CreateAsyncScope();
            _query = _query with { Policy = (await scope.ServiceProvider.GetRequiredService<CompliancePolicyService>().GetAsync(CancellationToken.None)).Policy };
        }

        _searchText = _query.Search;
        RefreshOptions();
        if (_grid is not null)
        {
            await ShowQueryInGridAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusDetail && _detailPanel is not null)
        {
            _focusDetail = false;
            await _detailPanel.FocusAsync();
        }

        if (firstRender && _columnsKey is not null)
        {
            try
            {
                await using var preferences = await JS.InvokeAsync<IJSObjectReference>("import", "./js/preferences.js");
                _columns = PoolColumns.Parse(await preferences.InvokeAsync<string?>("get", _columnsKey));
                StateHasChanged();
            }
            catch (Exception ex) when (ex is JSException or JSDisconnectedException or OperationCanceledException)
            {
                // Storage blocked or the circuit going away: the default columns stand.
            }
        }
    }

    private bool Shows(string column) => _columns.Contains(column);

    // Stored before shown, so a reload right after the click keeps the choice (the grid re-renders at the first await).
    private async Task ToggleColumnAsync(string column)
    {
        var chosen = new HashSet<string>(_columns, StringComparer.Ordinal);
        if (!chosen.Remove(column))
        {
            chosen.Add(column);
        }

        await StoreColumnsAsync(PoolColumns.Format(chosen));
        _columns = chosen;
    }

    private async Task ResetColumnsAsync()
    {
        await StoreColumnsAsync(null);
        _columns = [.. PoolColumns.Defaults];
    }

    // The choice shows at once; remembering it is best effort (a browser may refuse storage).
    private async Task StoreColumnsAsync(string? value)
    {
        try
        {
            await using var preferences = await JS.InvokeAsync<IJSObjectReference>("import", "./js/preferences.js");
            await preferences.InvokeVoidAsync("set", _columnsKey, value);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or OperationCanceledException)
        {
        }
    }

    // The first columns stay in view when the grid scrolls sideways; each sticks after the ones before it.
    private const double SelectRem = 3, StatusRem = 8.5, ClusterRem = 11;

    private string StatusStyle => $"left: {(_canPlan ? SelectRem : 0)}rem; min-width: {StatusRem}rem; max-width: {StatusRem}rem";

    private string ClusterStyle => $"left: {(_canPlan ? SelectRem : 0) + StatusRem}rem; min-width: 8rem; max-width: {ClusterRem}rem";

    private void OnRowClick(DataGridRowClickEventArgs<PoolViewModel> row) => OpenDetail(row.Item);

    private void CloseDetail()
    {
        _detailOpen = false;
        _detail = null;
    }

    private void OpenDetail(PoolViewModel pool)
    {
        _detail = pool;
        _detailOpen = true;
        _focusDetail = true;
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

        // A sort the grid reports that we did not set ourselves came from a click on a column header: the URL follows it.
        var gridSort = state.SortDefinitions.FirstOrDefault();
        var observed = gridSort is null ? ((string, bool)?)null : (gridSort.SortBy, gridSort.Descending);
        if (observed != _sortShownInGrid)
        {
            _sortShownInGrid = observed;
            var clicked = gridSort is not null && PoolGridSort.FromPropertyName(gridSort.SortBy) is { } column
                ? _query with { SortBy = column, Descending = gridSort.Descending }
                : _query with { SortBy = PoolSortColumn.Status, Descending = true };
            if (clicked != _query)
            {
                _query = clicked;
                Navigation.NavigateTo(PoolLinks.To(_query), replace: true);
            }
        }

        var matching = _query.Apply(fleet.Pools).ToList();
        var page = matching.Skip(state.Page * state.PageSize).Take(state.PageSize).ToList();
        _pageItems = page;
        return Task.FromResult(new GridData<PoolViewModel> { Items = page, TotalItems = matching.Count });
    }

    /// <summary>Puts the URL's sort on the grid's headers (which reloads the rows), or just reloads when it is already there.</summary>
    private async Task ShowQueryInGridAsync()
    {
        var property = PoolGridSort.ToPropertyName(_query.SortBy);
        var current = _grid!.SortDefinitions.Values.FirstOrDefault();
        if (current is not null && current.SortBy == property && current.Descending == _query.Descending)
        {
            await _grid.ReloadServerData();
            return;
        }

        _sortShownInGrid = (property, _query.Descending);
        await _grid.SetSortAsync(property, _query.Descending ? SortDirection.Descending : SortDirection.Ascending, p => p);
    }

    // Also counts the rows that match, so the count is right on the first render (before the grid loads its rows).
    private void RefreshOptions()
    {
        if (Fleet is not { } fleet)
        {
            return;
        }

        _matchCount = fleet.Pools.Count(_query.Matches);
        _locations = [.. fleet.Pools.Select(p => p.Location).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
        _osVersions = [.. fleet.Pools.Select(p => p.OsDisplayName).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
    }

    // Driven by ValueChanged, which the text field raises once typing pauses, and by Clear (at once; its ValueChanged
    // follows after the pause and changes nothing). OnDebounceIntervalElapsed is not used: MudBlazor skipped it when
    // typing began while the grid was loading its first rows, and the search was lost.
    private Task OnSearchChanged(string? value)
    {
        _searchText = value;
        var search = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        var shown = string.IsNullOrWhiteSpace(_query.Search) ? null : _query.Search.Trim();
        return string.Equals(search, shown, StringComparison.Ordinal) ? Task.CompletedTask : ApplyAsync(_query with { Search = search });
    }

    private Task ApplyAsync(PoolQuery query)
    {
        Navigation.NavigateTo(PoolLinks.To(query), replace: true);
        return Task.CompletedTask;
    }

    /// <summary>A subscription filter shows names, not ids (a drill-down from the scorecard sets it by id).</summary>
    private string? SubscriptionName(string? id) =>
        Fleet?.Subscriptions.FirstOrDefault(s => string.Equals(s.Subscription.SubscriptionId, id, StringComparison.OrdinalIgnoreCase))?.Subscription.DisplayName ?? id;

    /// <summary>Filters that only links set (from the scorecard), shown as chips so the view explains itself.</summary>
    private IEnumerable<(string Label, PoolQuery Without)> DrillFilters =>
    [
        .. _query.KubernetesVersions.Select(v => ($"Kubernetes {v}", _query with { KubernetesVersions = [.. _query.KubernetesVersions.Where(x => x != v)] })),
        .. _query.Tags.Select(t => (t.EndsWith('=') ? $"no {t.TrimEnd('=')} tag" : $"tag {t}", _query with { Tags = [.. _query.Tags.Where(x => x != t)] })),
        .. _query.Compliance.Select(c => ($"{ComplianceGroupTable.Describe(c)} (policy)", _query with { Compliance = [.. _query.Compliance.Where(x => x != c)] })),
    ];

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

    public static string ToPropertyName(PoolSortColumn column) => column switch
    {
        PoolSortColumn.Subscription => nameof(PoolViewModel.SubscriptionName),
        PoolSortColumn.Cluster => nameof(PoolViewModel.ClusterName),
        PoolSortColumn.NodePool => nameof(PoolViewModel.NodePoolName),
        PoolSortColumn.Location => nameof(PoolViewModel.Location),
        PoolSortColumn.Os => nameof(PoolViewModel.OsDisplayName),
        PoolSortColumn.KubernetesVersion => nameof(PoolViewModel.KubernetesVersion),
        PoolSortColumn.NodeImageVersion => nameof(PoolViewModel.NodeImageVersion),
        PoolSortColumn.ImageAge => nameof(PoolViewModel.ImageAgeDays),
        PoolSortColumn.EndOfSupport => nameof(PoolViewModel.EndOfSupport),
        _ => nameof(PoolViewModel.Status),
    };
}
