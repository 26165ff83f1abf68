using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Rollouts;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Rollouts;
using AksUpgradeDashboard.Windows;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.WebUtilities;

namespace AksUpgradeDashboard.Components.Pages;

/// <summary>
/// The rollout planner: the pools come from the grid's query (the page's own query string, less its own keys), the
/// change from the recommendation for those pools unless the link names one; waves default to the fleet's env tag.
/// </summary>
public partial class PlanRollout
{
    private const int LeftOutShown = 20;
    private static readonly int[] s_pageSizes = [10, 25, 50, 100];

    // The page's own keys; everything else in its query string is the pools grid's query.
    private static readonly string[] s_ownKeys = ["kind", "target", "name"];

    private string _query = "";
    private int _matched;
    private string? _name;
    private UpgradeKind _kind = UpgradeKind.OsSkuChange;
    private string? _target;
    private int _windowHours = (int)UpgradeWindowRules.RecommendedLength.TotalHours;
    private string _timeZone = "UTC";
    private readonly List<WaveRow> _waves = [];
    private RolloutPlan? _plan;
    private List<ProposedRow> _rows = [];
    private string? _find;
    private DateOnly _calendarAnchor;
    private IReadOnlyList<FieldIssue> _formErrors = [];
    private bool _busy;
    private bool _prefilled;

    // The planner's edits of the proposal, by wave, cluster and kind (what the save matches them by); moves as typed, UTC.
    private readonly HashSet<(int Wave, string ClusterId, UpgradeKind Kind)> _drops = [];
    private readonly Dictionary<(int Wave, string ClusterId, UpgradeKind Kind), string> _moves = [];

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required IServiceScopeFactory ScopeFactory { get; init; }

    [Inject] public required ViewerTimeZone ViewerTimeZone { get; init; }

    [Inject] public required Catalog.OsCatalog Catalog { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [CascadingParameter] public required Task<AuthenticationState> AuthenticationState { get; set; }

    /// <summary>One proposed window as the table shows it, with the key its edits are kept by.</summary>
    private sealed record ProposedRow(int WaveIndex, string WaveName, ProposedWindow Window)
    {
        public (int Wave, string ClusterId, UpgradeKind Kind) Key => EditKey(WaveIndex, Window);
    }

    /// <summary>One wave as the form edits it.</summary>
    private sealed class WaveRow
    {
        public string? Name { get; set; }

        public string RuleKind { get; set; } = "Tag";

        public string? RuleValue { get; set; }

        public double DurationDays { get; set; } = 14;

        public int MaxConcurrentClusters { get; set; } = 10;

        public double SoakDays { get; set; } = 2;
    }

    protected override void OnInitialized()
    {
        base.OnInitialized();
        Prefill();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await ViewerTimeZone.InitializeAsync();
            if (ViewerTimeZone.IsKnown && _timeZone == "UTC")
            {
                _timeZone = ViewerTimeZone.Zone.Id;
            }

            StateHasChanged();
        }
    }

    protected override Task OnFleetChangedAsync()
    {
        Prefill();
        return Task.CompletedTask;
    }

    private void Prefill()
    {
        if (_prefilled || Fleet is not { } fleet)
        {
            return;
        }

        _prefilled = true;
        var uri = new Uri(Navigation.Uri);
        var parameters = QueryHelpers.ParseQuery(uri.Query);
        _query = QueryString.Create(parameters.Where(p => !s_ownKeys.Contains(p.Key, StringComparer.OrdinalIgnoreCase))).Value?.TrimStart('?') ?? "";
        var pools = PoolQueryString.FromUri(uri).Apply(fleet.Pools).ToList();
        _matched = pools.Count;

        // The link's change if it names one; for one OS, the catalog's way off it; else what the grid recommends.
        var osName = PoolQueryString.FromUri(uri).OsVersions is [var os] ? os : "selected";
        var successor = Catalog.OsVersions.Values.FirstOrDefault(v => v.DisplayName == osName) is { SuccessorOsSku: { } sku, UpgradePath: { } path }
            ? new UpgradeRecommendation(UpgradeRecommendation.KindFor(path), sku, "")
            : null;
        var recommendation = successor ?? UpgradeRecommendation.For(pools);
        _kind = parameters.TryGetValue("kind", out var kind) && Enum.TryParse<UpgradeKind>(kind, ignoreCase: true, out var asked) ? asked : recommendation.Kind;
        _target = parameters.TryGetValue("target", out var target) ? target.ToString() : recommendation.Target;
        _name = parameters.TryGetValue("name", out var name) ? name.ToString() : $"Move {osName} pools{(_target is null ? "" : $" to {_target}")}";

        // Waves by the env tag when the fleet has one (dev, then staging, then production), else one wave of every cluster.
        var envValues = fleet.Clusters.SelectMany(c => c.Cluster.Tags).Where(t => t.Key.Equals("env", StringComparison.OrdinalIgnoreCase))
            .Select(t => t.Value.ToLowerInvariant()).ToHashSet();
        string[] order = ["dev", "test", "staging", "prod"];
        var ordered = order.Where(envValues.Contains).ToList();
        if (ordered.Count > 0)
        {
            _waves.AddRange(ordered.Select(v => new WaveRow { Name = char.ToUpperInvariant(v[0]) + v[1..], RuleKind = "Tag", RuleValue = $"env={v}" }));
        }
        else
        {
            _waves.Add(new WaveRow { Name = "All clusters", RuleKind = "Region", RuleValue = string.Join(',', fleet.Clusters.Select(c => c.Cluster.Location).Distinct()) });
        }
    }

    private void AddWave() => _waves.Add(new WaveRow { Name = $"Wave {_waves.Count + 1}" });

    private RolloutRequest Request() => new(
        _name, _kind.ToString(), _kind == UpgradeKind.NodeImage ? null : _target, _query,
        [.. _waves.Select(w => new WaveRequest(w.Name, w.RuleKind, w.RuleValue, w.DurationDays, w.MaxConcurrentClusters, w.SoakDays))],
        _timeZone, _windowHours, null);

    private static string WaveField(int index) => $"waves[{index}]";

    private string? ErrorFor(string field) =>
        _formErrors.FirstOrDefault(e => string.Equals(e.Field, field, StringComparison.OrdinalIgnoreCase) || e.Field?.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase) == true)?.Message;

    private static (int Wave, string ClusterId, UpgradeKind Kind) EditKey(int wave, ProposedWindow window) => (wave, window.Cluster.Id, window.Kind);

    private void Drop((int Wave, string ClusterId, UpgradeKind Kind) key, bool drop)
    {
        if (drop)
        {
            _drops.Add(key);
        }
        else
        {
            _drops.Remove(key);
        }
    }

    private void Move((int Wave, string ClusterId, UpgradeKind Kind) key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            _moves.Remove(key);
        }
        else
        {
            _moves[key] = value;
        }
    }

    // A typed start the browser sends as "yyyy-MM-ddTHH:mm", in UTC as the column says; anything else is not a move.
    private DateTimeOffset? MovedStart((int Wave, string ClusterId, UpgradeKind Kind) key) =>
        _moves.TryGetValue(key, out var value)
        && DateTime.TryParseExact(value, "yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var start)
            ? new DateTimeOffset(start, TimeSpan.Zero)
            : null;

    private List<WindowEdit> Edits()
    {
        var edits = _drops.Select(d => new WindowEdit(d.Wave, d.ClusterId, d.Kind.ToString(), null, Drop: true)).ToList();
        foreach (var key in _moves.Keys.Where(k => !_drops.Contains(k)))
        {
            if (MovedStart(key) is { } start)
            {
                edits.Add(new WindowEdit(key.Wave, key.ClusterId, key.Kind.ToString(), start, Drop: false));
            }
        }

        return edits;
    }

    private DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, ViewerTimeZone.Zone).DateTime);

    // The month shown, laid out as the windows page lays out saved windows: the proposal as edited (drops out, moves applied).
    private IReadOnlyList<CalendarDay> CalendarDays()
    {
        var (from, to) = CalendarLayout.Instants(CalendarView.Month, _calendarAnchor, ViewerTimeZone.Zone);
        var entries = _rows.Where(r => !_drops.Contains(r.Key)).Select(r =>
        {
            var start = MovedStart(r.Key) ?? r.Window.StartUtc;
            return new CalendarEntry(Guid.Empty, $"{r.Window.Cluster.Name} ({r.WaveName})", r.Window.Cluster.Name, start, start + (r.Window.EndUtc - r.Window.StartUtc), "Proposed");
        }).Where(e => e.End > from && e.Start < to);
        return CalendarLayout.Layout(CalendarView.Month, _calendarAnchor, entries, ViewerTimeZone.Zone, LocalDate(Time.GetUtcNow()));
    }

    private async Task ProposeAsync()
    {
        _busy = true;
        _plan = null;
        _rows = [];
        _drops.Clear();
        _moves.Clear();
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<RolloutPlanner>().ProposeAsync(Request(), CancellationToken.None);
            _formErrors = result.NotLoaded ? [new("inventory", "The inventory has not loaded yet; try again in a moment.")] : result.Errors;
            _plan = result.Plan;
            _rows = _plan is { } plan ? [.. plan.Proposal.Waves.SelectMany((w, i) => w.Windows.Select(x => new ProposedRow(i, w.Wave.Name, x)))] : [];
            _calendarAnchor = LocalDate(_rows.Count > 0 ? _rows.Min(r => r.Window.StartUtc) : Time.GetUtcNow());
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            var actor = DashboardUser.ActorOf((await AuthenticationState).User);
            await using var scope = ScopeFactory.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<RolloutService>().SaveAsync(Request(), Edits(), actor, CancellationToken.None);
            if (outcome.Rollout is { } saved && outcome.Failure == WindowChangeFailure.None)
            {
                Navigation.NavigateTo($"/rollouts/{saved.Id}");
                return;
            }

            _formErrors = outcome.Errors;
        }
        finally
        {
            _busy = false;
        }
    }

    private bool Matches(ProposedRow row) =>
        string.IsNullOrWhiteSpace(_find)
        || row.Window.Cluster.Name.Contains(_find.Trim(), StringComparison.OrdinalIgnoreCase)
        || row.Window.Pools.Any(p => p.Contains(_find.Trim(), StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<(string Title, List<string> Items)> LeftOutGroups(RolloutProposal proposal) =>
    [
        ("No wave takes their cluster", [.. proposal.Unassigned.Select(Describe)]),
        ("The rules refuse the change", [.. proposal.Blocked.Select(Describe)]),
        ("Did not fit in their wave", [.. proposal.Waves.SelectMany(w => w.Unscheduled.Select(u => $"{u.Cluster.Name} ({string.Join(", ", u.Pools)}): {u.Reason}"))]),
    ];

    private static string Describe(PoolLeftOut p) => $"{p.Pool.Cluster.Name}/{p.Pool.Pool.Name}: {p.Reason}";
}
