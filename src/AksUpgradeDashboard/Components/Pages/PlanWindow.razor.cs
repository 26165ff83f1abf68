using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Components.Controls;
using System.Globalization;
using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AksUpgradeDashboard.Components.Pages;

/// <summary>
/// The planning form. "Plan upgrade" links from a pool, a cluster or a selection arrive with the scope in the query
/// string; kind and target are prefilled from the assessment. The rules run on the server when saving and their
/// messages are shown on the fields they name; nothing is saved while any rule fails. With an id it edits a window:
/// the save names the revision it started from, and if someone saved in between, the form reloads their version.
/// </summary>
public partial class PlanWindow
{
    private ClusterViewModel? _cluster;
    private IReadOnlyCollection<string> _pools = [];
    private UpgradeRecommendation? _recommendation;
    private UpgradeKind _kind;
    private string? _target;
    private string? _title;
    private string? _start;
    private int _hours = DefaultHours;
    private string? _timeZone;
    private string? _notes;
    private string? _justification;
    private bool _applySettings;
    private bool _showJustification;
    private bool _saving;
    private bool _prefilled;
    private IReadOnlyList<FieldIssue> _errors = [];
    private IReadOnlyList<FieldIssue> _warnings = [];
    private UpgradeWindowEntity? _editing;
    private string? _editBlocked;
    private string? _conflict;
    private string? _startReason;
    private string? _suggestedStart;
    private DateTimeOffset? _suggestedInstant;
    private int? _suggestedHours;
    private (string? Cluster, UpgradeKind Kind, string? Zone)? _suggestedFor;
    private string? _checkedForm;
    private bool _triedSave;
    private bool _following;

    /// <summary>The length a new window gets unless its cluster's maintenance slot is shorter.</summary>
    private const int DefaultHours = 6;

    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IServiceScopeFactory ScopeFactory { get; init; }
    [Inject] public required ViewerTimeZone ViewerTimeZone { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required ILogger<PlanWindow> Logger { get; init; }
    [Inject] public required OsCatalog Catalog { get; init; }

    [Parameter] public Guid? Id { get; set; }

    [CascadingParameter] public required Task<AuthenticationState> AuthenticationState { get; set; }

    [SupplyParameterFromQuery(Name = "subscription")] public string? Subscription { get; set; }
    [SupplyParameterFromQuery(Name = "resourceGroup")] public string? ResourceGroup { get; set; }
    [SupplyParameterFromQuery(Name = "cluster")] public string? Cluster { get; set; }
    [SupplyParameterFromQuery(Name = "pools")] public string? Pools { get; set; }
    [SupplyParameterFromQuery(Name = "kind")] public string? Kind { get; set; }
    [SupplyParameterFromQuery(Name = "target")] public string? Target { get; set; }

    private string TargetLabel => _kind switch
    {
        UpgradeKind.KubernetesVersion => "Target Kubernetes version",
        UpgradeKind.NodeImage => "Target (the latest image)",
        _ => "Target osSKU",
    };

    private string? TargetHelp => _kind switch
    {
        UpgradeKind.KubernetesVersion => "e.g. 1.35 or 1.35.2; one minor version at a time.",
        UpgradeKind.OsSkuChange => "e.g. AzureLinux3 or Ubuntu2404 (Linux pools only).",
        UpgradeKind.NewNodePool => "e.g. Windows2022: a new pool on this osSKU replaces the old one.",
        _ => null,
    };

    private string Heading => Id is null ? "Plan an upgrade window" : "Edit upgrade window";

    protected override async Task OnParametersSetAsync()
    {
        if (Id is { } id && _editing?.Id != id)
        {
            await LoadForEditAsync(id);
        }

        Prefill();
    }

    private async Task LoadForEditAsync(Guid id)
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var window = await scope.ServiceProvider.GetRequiredService<UpgradeWindowService>().FindAsync(id, CancellationToken.None);
        if (window is null)
        {
            _editBlocked = $"There is no upgrade window {id}. It may have been deleted.";
            return;
        }

        if (!WindowWorkflow.Allows(window.Status, WindowAction.Edit))
        {
            _editBlocked = $"'{window.Title}' is {window.Status} and can no longer be edited.";
            return;
        }

        _editing = window;
        _prefilled = false;
    }

    protected override Task OnFleetChangedAsync()
    {
        Prefill();
        return Task.CompletedTask;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await ViewerTimeZone.InitializeAsync();
            // Only while the planner has not touched zone or start: never overwrite what they typed.
            if (Id is null && _timeZone == "UTC" && _start == _suggestedStart && ViewerTimeZone.IsKnown)
            {
                _timeZone = ViewerTimeZone.Zone.Id;
            }
        }

        await FollowFormAsync();
    }

    // After each render: suggest the start again while the planner has not set one (the cluster, kind or zone changed),
    // and run the rules again when anything changed, so warnings show as the form changes rather than on Save. One run
    // at a time; a change made during a run is picked up by the loop.
    private async Task FollowFormAsync()
    {
        if (_following || Fleet is null || _editBlocked is not null || (Id is not null && _editing is null))
        {
            return;
        }

        _following = true;
        try
        {
            var changed = false;
            var suggestFor = (_cluster?.Cluster.Id, _kind, _timeZone);
            if (Id is null && _start == _suggestedStart && _suggestedFor != suggestFor)
            {
                _suggestedFor = suggestFor;
                changed |= await SuggestStartAsync(suggestFor);
            }

            while (FormText() is var form && form != _checkedForm)
            {
                _checkedForm = form;
                await CheckLiveAsync();
                changed = true;
            }

            if (changed)
            {
                StateHasChanged();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A live check is a convenience: if the database or ARM fails now, Save still checks everything, and the
            // planner keeps what they typed rather than losing the circuit.
            LogLiveCheckFailed(Logger, ex);
        }
        finally
        {
            _following = false;
        }
    }

    // The planner may type while the suggestion is being worked out (it reads the database and the cluster's schedule):
    // it is applied only if start, length and scope are still what they were when it was asked for.
    private async Task<bool> SuggestStartAsync((string? Cluster, UpgradeKind Kind, string? Zone) suggestFor)
    {
        var (startBefore, hoursBefore) = (_start, _hours);
        var zone = ViewerTimeZone.FindOrUtc(_timeZone);
        var hoursTouched = _suggestedHours is { } suggested && _hours != suggested;
        await using var scope = ScopeFactory.CreateAsyncScope();
        var suggestion = await scope.ServiceProvider.GetRequiredService<WindowChecker>()
            .SuggestStartAsync(_cluster?.Cluster, _kind, hoursTouched ? _hours : DefaultHours, zone, CancellationToken.None);
        if (_start != startBefore || _hours != hoursBefore || (_cluster?.Cluster.Id, _kind, _timeZone) != suggestFor)
        {
            _suggestedFor = null; // asked again on the next render, for what the form now holds
            return false;
        }

        _start = _suggestedStart = WindowStartSuggestion.LocalText(suggestion.Start, zone);
        _suggestedInstant = suggestion.Start;
        if (!hoursTouched)
        {
            _hours = suggestion.Hours;
            _suggestedHours = suggestion.Hours;
        }

        _startReason = suggestion.Reason;
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking the plan form as it changed failed; Save checks it again")]
    private static partial void LogLiveCheckFailed(ILogger logger, Exception exception);

    // Before the first Save only clashes in time are errors worth showing (a blank title is not news yet); after it,
    // every error follows the form, so each disappears as it is fixed.
    private async Task CheckLiveAsync()
    {
        var (request, timeErrors) = BuildRequest();
        if (timeErrors.Count > 0)
        {
            _errors = _triedSave ? timeErrors : [];
            return;
        }

        await using var scope = ScopeFactory.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<WindowChecker>().CheckAsync(request, _editing?.Id, CancellationToken.None) is not { } check)
        {
            return;
        }

        _warnings = check.Warnings;
        _errors = _triedSave ? check.Errors : [.. check.Errors.Where(e => e.Field is Fields.Start or Fields.End)];
        ShowJustificationOnBlackout();
    }

    // A window in a blackout may still be saved with a justification: the field appears once the rules name one.
    private void ShowJustificationOnBlackout() =>
        _showJustification |= _errors.Any(e => e.Message.Contains("blackout", StringComparison.OrdinalIgnoreCase));

    private string FormText() => string.Join('\u001f',
        _cluster?.Cluster.Id, string.Join(',', _pools), _kind, _target, _title, _start, _hours, _timeZone, _notes, _justification, _applySettings);

    private void Prefill()
    {
        if (_prefilled || Fleet is not { } fleet)
        {
            return;
        }

        _prefilled = true;
        if (_editing is { } window)
        {
            FillFrom(window, fleet);
            return;
        }

        _cluster = Subscription is not null && ResourceGroup is not null && Cluster is not null
            ? fleet.FindCluster(Subscription, ResourceGroup, Cluster)
            : null;
        _pools = [.. (Pools ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(name => _cluster?.Pools.Any(p => string.Equals(p.Pool.Name, name, StringComparison.OrdinalIgnoreCase)) == true)];
        Recommend();
        SelectPoolsThatNeedIt();
        if (Enum.TryParse<UpgradeKind>(Kind, ignoreCase: true, out var kind) && Enum.IsDefined(kind))
        {
            _kind = kind;
            _target = Target;
        }

        _timeZone = "UTC";
        _title = DefaultTitle();
    }

    private void FillFrom(UpgradeWindowEntity window, FleetState fleet)
    {
        _cluster = fleet.FindCluster(window.SubscriptionId, window.ResourceGroup, window.ClusterName);
        _pools = window.AllPools ? [] : [.. window.NodePools];
        _recommendation = null;
        _kind = window.Kind;
        _target = window.Target;
        _title = window.Title;
        var zone = ViewerTimeZone.FindOrUtc(window.TimeZone);
        _timeZone = zone.Id;
        _start = WindowStartSuggestion.LocalText(window.Start, zone);
        _hours = (int)Math.Max(1, Math.Round((window.End - window.Start).TotalHours));
        _notes = window.Notes;
        _justification = window.BlackoutJustification;
        _applySettings = window.ApplyRecommendedSettings;
        _showJustification = window.BlackoutJustification is not null;
    }

    // Search as you type over name, subscription and resource group: a fleet has thousands of clusters.
    private Task<IEnumerable<ClusterViewModel>> SearchClusters(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(Fleet is not { } fleet
            ? []
            : fleet.Clusters.Where(c => string.IsNullOrWhiteSpace(text) || ClusterLabel(c).Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));

    private void OnClusterChanged(ClusterViewModel? cluster)
    {
        _cluster = cluster;
        _pools = [];
        Recommend();
        SelectPoolsThatNeedIt();
        _title = DefaultTitle();
    }

    private void OnPoolsChanged(IReadOnlyCollection<string> pools)
    {
        _pools = pools;
        Recommend();
        _title = DefaultTitle();
    }

    private void Recommend()
    {
        if (_cluster is null)
        {
            _recommendation = null;
            return;
        }

        var selected = _pools.Count == 0 ? _cluster.Pools : [.. _cluster.Pools.Where(p => _pools.Contains(p.Pool.Name, StringComparer.OrdinalIgnoreCase))];
        _recommendation = UpgradeRecommendation.For(selected);
        _kind = _recommendation.Kind;
        _target = _recommendation.Target;
    }

    // A whole cluster was chosen: plan the recommended change for the pools that need it, not for every pool (some
    // may already run the target osSKU, and the rules would refuse them).
    private void SelectPoolsThatNeedIt()
    {
        if (_pools.Count == 0 && _recommendation is { Pools: { Length: > 0 } pools } && pools.Length < _cluster!.Pools.Length)
        {
            _pools = pools;
        }
    }

    private string? DefaultTitle() => _cluster is null
        ? null
        : $"{DisplayText.Kind(_kind)}{(_target is null ? "" : $" to {_target}")} on {_cluster.Cluster.Name}{(_pools.Count == 0 ? "" : $" ({string.Join(", ", _pools)})")}";

    private static Task<IEnumerable<string>> SearchTimeZones(string? text, CancellationToken cancellationToken) =>
        Task.FromResult<IEnumerable<string>>(TimeZoneInfo.GetSystemTimeZones()
            .Where(z => z.HasIanaId && (string.IsNullOrWhiteSpace(text) || z.Id.Contains(text, StringComparison.OrdinalIgnoreCase)))
            .Select(z => z.Id)
            .Order(StringComparer.Ordinal));

    private async Task SaveAsync()
    {
        _saving = true;
        _triedSave = true;
        try
        {
            var (request, timeErrors) = BuildRequest();
            if (timeErrors.Count > 0)
            {
                _errors = timeErrors;
                return;
            }

            await using var scope = ScopeFactory.CreateAsyncScope();
            var windows = scope.ServiceProvider.GetRequiredService<UpgradeWindowService>();
            var user = DashboardUser.ActorOf((await AuthenticationState).User);
            var change = _editing is { } editing
                ? await windows.UpdateAsync(editing.Id, editing.Revision, request, user, CancellationToken.None)
                : await windows.CreateAsync(request, user, CancellationToken.None);
            _conflict = null;
            if (change.Failure == WindowChangeFailure.Conflict)
            {
                await ReloadAfterConflictAsync(windows);
                return;
            }

            _errors = change.Errors;
            _warnings = change.Warnings;
            ShowJustificationOnBlackout();
            if (change.Window is { } window && change.Failure == WindowChangeFailure.None)
            {
                Snackbar.Add(_editing is null ? $"Saved '{window.Title}' as a draft." : $"Saved your changes to '{window.Title}'.", Severity.Success);
                Navigation.NavigateTo($"/windows/{window.Id}");
            }
        }
        finally
        {
            _saving = false;
        }
    }

    // Someone saved first: show what they saved (nothing of theirs is overwritten) and say so; saving again now is a
    // deliberate edit of their version.
    private async Task ReloadAfterConflictAsync(UpgradeWindowService windows)
    {
        var current = await windows.FindAsync(_editing!.Id, CancellationToken.None);
        _errors = [];
        _warnings = [];
        if (current is null || !WindowWorkflow.Allows(current.Status, WindowAction.Edit))
        {
            _editBlocked = current is null
                ? "Someone deleted this window while you were editing it, so your changes were not saved."
                : $"Someone moved this window to {current.Status} while you were editing it, so your changes were not saved.";
            return;
        }

        _editing = current;
        FillFrom(current, Fleet!);
        _conflict = $"{current.LastSavedByDisplay} saved this window while you were editing it (it is now revision {current.Revision}). "
            + "Your changes were not saved: the form now shows their version. Apply your changes again if they still make sense.";
    }

    private (UpgradeWindowRequest Request, List<FieldIssue> TimeErrors) BuildRequest()
    {
        var (start, end, timeErrors) = ParseTimes();
        return (new UpgradeWindowRequest(
            _title, _cluster?.Cluster.SubscriptionId, _cluster?.Cluster.ResourceGroup, _cluster?.Cluster.Name, [.. _pools],
            _kind.ToString(), _kind == UpgradeKind.NodeImage ? null : _target, start, end, _timeZone, _notes, _justification, _applySettings), timeErrors);
    }

    private (DateTimeOffset? Start, DateTimeOffset? End, List<FieldIssue> Errors) ParseTimes()
    {
        var errors = new List<FieldIssue>();
        if (!DateTime.TryParseExact(_start, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            errors.Add(new("start", "Start is required: a date and a time."));
            return (null, null, errors);
        }

        var zone = ViewerTimeZone.FindOrUtc(_timeZone);
        if (_start == _suggestedStart && _suggestedInstant is { } suggested && WindowStartSuggestion.LocalText(suggested, zone) == _start)
        {
            // The suggested instant itself: a slot in the hour the clocks go back would otherwise be read as the later one.
            return (suggested, suggested.AddHours(_hours), errors);
        }

        if (zone.IsInvalidTime(local))
        {
            errors.Add(new("start", $"{local:yyyy-MM-dd HH:mm} does not exist in {zone.Id} (the clocks skip it)."));
            return (null, null, errors);
        }

        var start = new DateTimeOffset(local, zone.GetUtcOffset(local));
        return (start, start.AddHours(_hours), errors);
    }

    /// <summary>Field names as the rules report them.</summary>
    private static class Fields
    {
        public const string Cluster = "cluster";
        public const string NodePools = "nodePools";
        public const string Kind = "kind";
        public const string Target = "target";
        public const string Title = "title";
        public const string Start = "start";
        public const string End = "end";
        public const string TimeZone = "timeZone";
        public const string Notes = "notes";
        public const string BlackoutJustification = "blackoutJustification";
    }

    // Errors not tied to a form field (blackout and overlap messages are long, so they are shown in full too).
    private IEnumerable<FieldIssue> GeneralErrors => _errors.Where(e =>
        e.Field is "subscriptionId" or "resourceGroup" || (e.Field == Fields.Start && e.Message.Length > 80));

    private static string ClusterLabel(ClusterViewModel? c) => c is null ? "" : $"{c.Cluster.Name} ({c.SubscriptionName}, {c.Cluster.ResourceGroup})";

    private bool HasError(string field) => _errors.Any(e => e.Field == field);

    private string? ErrorText(string field) => HasError(field) ? string.Join(" ", _errors.Where(e => e.Field == field).Select(e => e.Message)) : null;
}
