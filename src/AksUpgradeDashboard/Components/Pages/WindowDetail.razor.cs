using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace AksUpgradeDashboard.Components.Pages;

/// <summary>
/// One window: facts in the viewer's and the planner's time, warnings as of now, the outcome, the runbook, the
/// approval workflow (what each person may do depends on their roles and on whether they wrote the window) and the
/// audit trail. Every action goes through <see cref="UpgradeWindowService"/>, which checks it again.
/// </summary>
public partial class WindowDetail
{
    private UpgradeWindowEntity? _window;
    private IReadOnlyList<FieldIssue> _warnings = [];
    private readonly HashSet<string> _acknowledged = new(StringComparer.Ordinal);
    private List<WindowApprovalEntity> _approvals = [];
    private List<AuditEntryEntity> _audit = [];
    private string? _commentError;

    // The latest decision people made about the window, shown at the top so the planner sees why without the trail.
    private AuditEntryEntity? LastDecision => _audit.Where(e => WindowAuditLog.Decisions.Contains(e.Action)).MaxBy(e => (e.AtUtc, e.Id));
    private int _approvalsRequired = 1;
    private Runbook? _runbook;
    private string? _runbookMissing;
    private bool _loaded;
    private bool _confirmDelete;
    private bool _busy;
    private string? _actionError;
    private string? _comment;
    private Actor _user = Actor.System;
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Parameter] public Guid Id { get; set; }

    [CascadingParameter] public required Task<AuthenticationState> AuthenticationState { get; set; }

    [Inject] public required IServiceScopeFactory ScopeFactory { get; init; }
    [Inject] public required ViewerTimeZone ViewerTimeZone { get; init; }
    [Inject] public required OsCatalog Catalog { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required WindowChangeNotifier WindowChanges { get; init; }

    private List<WindowApprovalEntity> CurrentApprovals => [.. _approvals.Where(a => a.Revision == _window?.Revision)];

    protected override async Task OnParametersSetAsync()
    {
        _user = DashboardUser.ActorOf((await AuthenticationState).User);
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await ViewerTimeZone.InitializeAsync();
            StateHasChanged();
        }
    }

    protected override Task OnFleetChangedAsync()
    {
        _runbook = _window is null ? null : BuildRunbook(_window);
        return Task.CompletedTask;
    }

    // The run on Azure moved the window on (started, ended): show its new status and trail.
    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var decisions = services.GetRequiredService<WindowDecisionService>();
        _window = await services.GetRequiredService<UpgradeWindowService>().FindAsync(Id, CancellationToken.None);
        _warnings = _window is null ? [] : await services.GetRequiredService<WindowChecker>().CurrentWarningsAsync(_window, CancellationToken.None);
        _approvals = await decisions.ApprovalsAsync(Id, CancellationToken.None);
        _audit = await services.GetRequiredService<WindowAuditLog>().ListAsync(Id, CancellationToken.None);
        _approvalsRequired = decisions.ApprovalsRequired;
        _runbook = _window is null ? null : BuildRunbook(_window);
        _loaded = true;
        // The current page stays a link (to itself): a disabled breadcrumb is drawn too faint to read.
        _breadcrumbs = [new("Upgrade windows", "/windows"), new(_window?.Title ?? Id.ToString(), href: $"/windows/{Id}")];
    }

    private Runbook? BuildRunbook(UpgradeWindowEntity w)
    {
        if (Fleet is not { } fleet)
        {
            return null;
        }

        var (plan, missing) = WindowPlans.ToPlan(w, fleet);
        _runbookMissing = missing;
        return plan is null ? null : RunbookGenerator.Generate(plan, Catalog);
    }

    private Task SubmitAsync() => ActAsync((decisions, w) => decisions.SubmitAsync(w.Id, w.Revision, _user, _comment, CancellationToken.None), "Submitted for approval.");

    private Task ApproveAsync() => ActAsync((decisions, w) => decisions.ApproveAsync(w.Id, w.Revision, _user, _comment, _acknowledged, CancellationToken.None), "Approved.");

    // The warnings an approver must acknowledge, one checkbox per code (several pools can be "too late" at once).
    private List<(string Code, List<string> Messages)> WarningsToAcknowledge =>
        [.. _warnings.Where(w => w.Code is not null).GroupBy(w => w.Code!).Select(g => (g.Key, g.Select(w => w.Message).ToList()))];

    private void Acknowledge(string code, bool acknowledged)
    {
        if (acknowledged)
        {
            _acknowledged.Add(code);
        }
        else
        {
            _acknowledged.Remove(code);
        }
    }

    private Task RejectAsync() => ActAsync((decisions, w) => decisions.RejectAsync(w.Id, w.Revision, _user, _comment, CancellationToken.None), "Rejected.");

    private Task CancelAsync() => ActAsync((decisions, w) => decisions.CancelAsync(w.Id, _user, _comment, CancellationToken.None), "Cancelled.");

    private async Task DeleteAsync()
    {
        var title = _window?.Title;
        await ActAsync((services, w) => services.GetRequiredService<UpgradeWindowService>().DeleteAsync(w.Id, _user, CancellationToken.None), null);
        if (_actionError is null)
        {
            Snackbar.Add($"Deleted '{title}'.", Severity.Success);
            Navigation.NavigateTo("/windows");
        }
    }

    private Task ActAsync(Func<WindowDecisionService, UpgradeWindowEntity, Task<WindowChange>> decide, string done) =>
        ActAsync((services, w) => decide(services.GetRequiredService<WindowDecisionService>(), w), done);

    // One action at a time, in a scope of its own; the service decides, and its message (never an exception's) is shown when it refuses.
    private async Task ActAsync(Func<IServiceProvider, UpgradeWindowEntity, Task<WindowChange>> action, string? done)
    {
        if (_busy || _window is not { } window)
        {
            return;
        }

        _busy = true;
        _actionError = null;
        _commentError = null;
        _confirmDelete = false;
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            var change = await action(scope.ServiceProvider, window);
            if (change.Failure == WindowChangeFailure.None)
            {
                _comment = null;
                WindowChanges.Notify();
                if (done is not null)
                {
                    Snackbar.Add(done, Severity.Success);
                }
            }
            else
            {
                // A missing or bad comment belongs on the comment field; anything else above the page.
                _commentError = change.Errors.Any(e => e.Field == "comment") ? string.Join(" ", change.Errors.Where(e => e.Field == "comment").Select(e => e.Message)) : null;
                _actionError = change.Errors.Any(e => e.Field != "comment") ? string.Join(" ", change.Errors.Where(e => e.Field != "comment").Select(e => e.Message)) : null;
            }

            if (done is not null || change.Failure != WindowChangeFailure.None)
            {
                await LoadAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CopyAsync(string text) => await JS.InvokeVoidAsync("navigator.clipboard.writeText", text);
}
