using System.Globalization;
using AksUpgradeDashboard.Compliance;
using AksUpgradeDashboard.Components.Controls.Charts;
using AksUpgradeDashboard.Model.Compliance;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AksUpgradeDashboard.Components.Pages;

/// <summary>
/// The managers' page: how much of the fleet meets the compliance policy, broken down every useful way (each number
/// opens the pools behind it), charts of status, OS, image age and the trend, and the at-risk list.
/// </summary>
public partial class Scorecard
{
    private ComplianceReport? _report;
    private string? _tagKey;
    private IReadOnlyList<ComplianceGroup> _tagGroups = [];
    private List<ChartSeries<double>> _statusSeries = [];
    private string[] _statusLabels = [];
    private List<ChartSeries<double>> _osSeries = [];
    private string[] _osLabels = [];
    private List<ChartSeries<double>> _ageSeries = [];
    private string[] _ageLabels = [];
    private List<ChartSeries<double>> _trendSeries = [];
    private string[] _trendLabels = [];

    private readonly DonutChartOptions _statusOptions = new();
    private readonly BarChartOptions _ageOptions = new() { ShowLegend = false, YAxisFormat = "0", YAxisTitle = "Pools" };
    private readonly LineChartOptions _trendOptions = new()
    {
        ShowLegend = false, YAxisSuggestedMax = 100, YAxisRequireZeroPoint = true, YAxisTicks = 25, YAxisFormat = "0'%'", ShowDataMarkers = false,
    };

    [Inject] public required IServiceScopeFactory ScopeFactory { get; init; }

    /// <summary>The tag to break down by, kept in the URL (<c>?tag=env</c>) so the view can be linked.</summary>
    [SupplyParameterFromQuery(Name = "tag")] public string? Tag { get; set; }

    private string ScorecardCsv => "/api/v1/compliance.csv" + (_tagKey is null ? "" : QueryString.Create("tag", _tagKey).ToUriComponent());

    private string StatusSummary => string.Join(", ", _statusLabels.Zip(_statusSeries.FirstOrDefault()?.Data.Values.Select(v => v.ToString(CultureInfo.InvariantCulture)) ?? []).Select(p => $"{p.First}: {p.Second}"));

    private string OsSummary => "Pools by OS version: " + string.Join(", ", _osLabels);

    private string AgeSummary => "Pools by node image age: " + string.Join(", ", _ageLabels.Zip(_ageSeries.FirstOrDefault()?.Data.Values ?? []).Select(p => $"{p.First} {p.Second}"));

    private string TrendSummary => TrendNotice.Summary(_report?.History ?? []);

    [Inject] public required Microsoft.AspNetCore.Authorization.IAuthorizationService AuthorizationService { get; init; }

    [CascadingParameter] public required Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> AuthenticationState { get; set; }

    // The at-risk list offers "plan" links only to those who may plan.
    private bool _canPlan;

    protected override async Task OnParametersSetAsync()
    {
        _canPlan = await PersonPermissions.MayPlanAsync(AuthorizationService, AuthenticationState);
        await LoadAsync();
    }

    protected override Task OnFleetChangedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        if (Fleet is not { } fleet)
        {
            return;
        }

        await using var scope = ScopeFactory.CreateAsyncScope();
        _report = await scope.ServiceProvider.GetRequiredService<ComplianceReportService>().BuildAsync(fleet, ComplianceReportService.DefaultHistoryDays, CancellationToken.None);
        var scorecard = _report.Scorecard;
        _tagKey = scorecard.TagKeys.FirstOrDefault(k => string.Equals(k, Tag ?? _tagKey, StringComparison.OrdinalIgnoreCase)) ?? (scorecard.TagKeys.Count > 0 ? scorecard.TagKeys[0] : null);
        _tagGroups = _tagKey is null ? [] : ComplianceScorecard.ByTag(fleet, scorecard.Policy, _tagKey);

        var statuses = scorecard.StatusCounts.Where(s => s.Value > 0).ToList();
        _statusLabels = [.. statuses.Select(s => $"{s.Key} ({s.Value})")];
        _statusSeries = [new() { Name = "Pools", Data = statuses.Select(s => (double)s.Value).ToArray() }];
        _statusOptions.ChartPalette = [.. statuses.Select(s => ChartPalette.Status[s.Key])];

        var os = scorecard.LargestOsVersions();
        _osLabels = [.. os.Select(g => $"{g.Label} ({g.Pools})")];
        _osSeries = [new() { Name = "Pools", Data = os.Select(g => (double)g.Pools).ToArray() }];

        _ageLabels = [.. scorecard.ImageAges.Select(b => b.Label.Replace(" days", "", StringComparison.Ordinal))];
        _ageSeries = [new() { Name = "Pools", Data = scorecard.ImageAges.Select(b => (double)b.Pools).ToArray() }];
        // About five gridlines whatever the fleet size (MudBlazor's default spacing of 20 suits no fleet in particular).
        _ageOptions.YAxisTicks = Math.Max(1, (int)Math.Ceiling(scorecard.ImageAges.Max(b => b.Pools) / 5.0));

        // Label about every seventh day; the others stay blank so the axis does not crowd.
        var history = _report.History;
        var step = Math.Max(1, history.Count / 6);
        _trendLabels = [.. history.Select((d, i) => i % step == 0 || i == history.Count - 1 ? d.Day.ToString("MM-dd", CultureInfo.InvariantCulture) : "")];
        _trendSeries = [new() { Name = "Compliant %", Data = history.Select(d => d.Counts.Percent ?? 0).ToArray() }];
    }

    private void OnTagChanged(string? key)
    {
        _tagKey = key;
        _tagGroups = key is null || Fleet is not { } fleet || _report is null ? [] : ComplianceScorecard.ByTag(fleet, _report.Scorecard.Policy, key);
    }

    private static IEnumerable<(ComplianceOutcome Outcome, int Count, string Caption)> Summary(ComplianceCounts counts) =>
    [
        (ComplianceOutcome.Compliant, counts.Compliant, "compliant"),
        (ComplianceOutcome.NonCompliant, counts.NonCompliant, "not compliant"),
        (ComplianceOutcome.Unknown, counts.Unknown, "cannot be assessed"),
    ];
}
