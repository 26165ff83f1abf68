using AksUpgradeDashboard.Catalog;
using System.Globalization;
using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace AksUpgradeDashboard.Components.Pages;

/// <summary>
/// Upgrade windows as a filterable list or a month or week calendar. The view and the date shown live in the query
/// string (<c>?view=month&amp;date=2026-12-01</c>), so a calendar page can be linked and bookmarked.
/// </summary>
public partial class UpgradeWindows
{
    internal const string ListView = "List";
    private static readonly string[] s_viewChoices = [ListView, nameof(CalendarView.Month), nameof(CalendarView.Week)];

    private List<UpgradeWindowEntity>? _windows;
    private Dictionary<Guid, AuditEntryEntity> _decisions = [];
    private IReadOnlyList<CalendarDay> _days = [];
    private string _view = ListView;
    private DateOnly _anchor;
    private string? _search;
    private IReadOnlyCollection<WindowStatus> _statuses = [];
    private bool _includePast;
    private bool _mineOnly;
    private Actor _user = Actor.System;
    private bool _zoneRead;

    [Inject] public required IServiceScopeFactory ScopeFactory { get; init; }
    [Inject] public required ViewerTimeZone ViewerTimeZone { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required OsCatalog Catalog { get; init; }

    [SupplyParameterFromQuery(Name = "view")] public string? View { get; set; }
    [SupplyParameterFromQuery(Name = "date")] public string? Date { get; set; }

    /// <summary><c>?mine=true</c>: only the windows the viewer created or last edited ("My windows" in the menu).</summary>
    [SupplyParameterFromQuery(Name = "mine")] public bool? Mine { get; set; }

    [CascadingParameter] public required Task<AuthenticationState> AuthenticationState { get; set; }

    private static IReadOnlyList<string> ViewChoices => s_viewChoices;

    private CalendarView? CalendarShown => Enum.TryParse<CalendarView>(_view, out var view) ? view : null;

    private DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Time.GetUtcNow(), ViewerTimeZone.Zone).DateTime);

    private string CalendarTitle => CalendarShown == CalendarView.Week
        ? $"Week of {CalendarLayout.Range(CalendarView.Week, _anchor).First.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}"
        : _anchor.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    protected override async Task OnParametersSetAsync()
    {
        _view = s_viewChoices.FirstOrDefault(v => string.Equals(v, View, StringComparison.OrdinalIgnoreCase)) ?? ListView;
        _anchor = DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? CalendarLayout.Supported(date) : Today;
        _mineOnly = Mine == true;
        _user = DashboardUser.ActorOf((await AuthenticationState).User);
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && !_zoneRead)
        {
            _zoneRead = true;
            await ViewerTimeZone.InitializeAsync();

            // The calendar's days are the viewer's days: lay it out again now that the zone is known.
            if (ViewerTimeZone.IsKnown)
            {
                if (Date is null)
                {
                    _anchor = Today;
                }

                await LoadAsync();
                StateHasChanged();
            }
        }
    }

    internal static string LinkTo(string view, DateOnly anchor) => view == ListView
        ? "/windows"
        : $"/windows?view={view.ToLowerInvariant()}&date={anchor.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    private async Task LoadAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<UpgradeWindowService>();
        if (CalendarShown is { } view)
        {
            var (from, to) = CalendarLayout.Instants(view, _anchor, ViewerTimeZone.Zone);
            _windows = await service.ListAsync(from.UtcDateTime, to.UtcDateTime, CancellationToken.None);
            _days = CalendarLayout.Layout(view, _anchor,
                _windows.Select(w => new CalendarEntry(w.Id, w.Title, w.ClusterName, w.Start, w.End, w.Status.ToString())),
                ViewerTimeZone.Zone, Today);
        }
        else
        {
            _windows = await service.ListAsync(null, null, CancellationToken.None);
            _decisions = await scope.ServiceProvider.GetRequiredService<WindowAuditLog>().LastDecisionsAsync([.. _windows.Select(w => w.Id)], CancellationToken.None);
        }
    }

    private IEnumerable<UpgradeWindowEntity> Filtered()
    {
        var now = Time.GetUtcNow();
        var statuses = _statuses.ToHashSet();
        return (_windows ?? []).Where(w =>
            (_includePast || w.End > now)
            && (!_mineOnly || UpgradeWindowService.IsMine(w, _user))
            && (statuses.Count == 0 || statuses.Contains(w.Status))
            && (string.IsNullOrWhiteSpace(_search) || Matches(w, _search.Trim())));
    }

    private static bool Matches(UpgradeWindowEntity w, string text) =>
        w.Title.Contains(text, StringComparison.OrdinalIgnoreCase)
        || w.ClusterName.Contains(text, StringComparison.OrdinalIgnoreCase)
        || w.ResourceGroup.Contains(text, StringComparison.OrdinalIgnoreCase)
        || w.NodePools.Any(p => p.Contains(text, StringComparison.OrdinalIgnoreCase))
        || (w.Target?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
        || w.Kind.ToString().Contains(text, StringComparison.OrdinalIgnoreCase);

    private static string Hours(UpgradeWindowEntity w) => (w.End - w.Start).TotalHours.ToString("0.#", CultureInfo.InvariantCulture);
}
