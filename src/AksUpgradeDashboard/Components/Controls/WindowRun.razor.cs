using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Execution;
using AksUpgradeDashboard.Model.Execution;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AksUpgradeDashboard.Components.Controls;

/// <summary>
/// The run of a window on Azure, refreshed every few seconds while it runs. Every action goes through
/// <see cref="ExecutionService"/>, which checks it again; a refusal is shown as the service words it.
/// </summary>
public partial class WindowRun
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    private ExecutionView? _view;
    private ITimer? _timer;
    private bool _busy;
    private bool _confirmStart;
    private bool _confirmAbort;
    private string? _abortComment;
    private string? _error;
    private string? _startedByName;

    [Parameter, EditorRequired] public Guid WindowId { get; set; }

    /// <summary>Raised when the run changed the window (started, ended), so the page reloads its status and trail.</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    [CascadingParameter] public required Task<AuthenticationState> AuthenticationState { get; set; }

    [Inject] public required IServiceScopeFactory ScopeFactory { get; init; }
    [Inject] public required ViewerTimeZone ViewerTimeZone { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required ILogger<WindowRun> Logger { get; init; }

    private string? ClusterState => _view?.Window is { } w && Fleet?.FindCluster(w.SubscriptionId, w.ResourceGroup, w.ClusterName) is { } c
        ? $"{c.Cluster.ProvisioningState ?? "unknown"}, {c.Cluster.PowerState ?? "unknown"} (as of the inventory)"
        : null;

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        _timer ??= Time.CreateTimer(_ => _ = InvokeAsync(RefreshAsync), null, RefreshEvery, RefreshEvery);
    }

    private async Task RefreshAsync()
    {
        var before = (_view?.Window.Status, _view?.Window.ExecutionEndedAtUtc, _view?.Steps.Count);
        if (_view is { } v && !v.Window.IsExecuting && !v.CanStart)
        {
            return; // nothing moves until someone acts
        }

        try
        {
            await LoadAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(Logger, ex);
            return;
        }

        StateHasChanged();
        if ((_view?.Window.Status, _view?.Window.ExecutionEndedAtUtc, _view?.Steps.Count) != before)
        {
            await OnChanged.InvokeAsync();
        }
    }

    private async Task LoadAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        _view = await scope.ServiceProvider.GetRequiredService<ExecutionService>().ViewAsync(WindowId, CancellationToken.None);
        if (_view?.Window.ExecutionStartedBy is { } by && by != Actor.System.Id && _startedByName is null)
        {
            // The window keeps the starter's id (with Entra ID "{tenant}/{object id}"); the trail has their name.
            _startedByName = await scope.ServiceProvider.GetRequiredService<DashboardDbContext>().AuditEntries.AsNoTracking()
                .Where(e => e.WindowId == WindowId && e.Action == AuditAction.ExecutionStarted && e.Actor == by)
                .OrderByDescending(e => e.Id).Select(e => e.ActorName).FirstOrDefaultAsync();
        }
    }

    private string StartedBy(UpgradeWindowEntity window) =>
        window.ExecutionStartedBy == Actor.System.Id ? "the dashboard (automatic)" : _startedByName ?? window.ExecutionStartedBy ?? "";

    private Task StartAsync() => ActAsync((execution, actor) => execution.StartAsync(WindowId, actor, CancellationToken.None), () => _confirmStart = false);

    private Task ConfirmMovedAsync() => ActAsync((execution, actor) => execution.ConfirmWorkloadsMovedAsync(WindowId, actor, CancellationToken.None), () => { });

    private Task AbortAsync() => ActAsync((execution, actor) => execution.AbortAsync(WindowId, actor, _abortComment, CancellationToken.None), () =>
    {
        _confirmAbort = false;
        _abortComment = null;
    });

    private async Task ActAsync(Func<ExecutionService, Actor, Task<string?>> action, Action onDone)
    {
        _busy = true;
        _error = null;
        try
        {
            var actor = DashboardUser.ActorOf((await AuthenticationState).User);
            await using (var scope = ScopeFactory.CreateAsyncScope())
            {
                _error = await action(scope.ServiceProvider.GetRequiredService<ExecutionService>(), actor);
            }

            if (_error is null)
            {
                onDone();
            }

            await LoadAsync();
            await OnChanged.InvokeAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogActionFailed(Logger, ex);
            _error = "That did not go through. Reload the page to see where the run stands, then try again.";
        }
        finally
        {
            _busy = false;
        }
    }

    private static Color ColorOf(StepStatus status) => status switch
    {
        StepStatus.Succeeded => Color.Success,
        StepStatus.Running => Color.Primary,
        StepStatus.WaitingForPerson => Color.Warning,
        StepStatus.Failed => Color.Error,
        StepStatus.Aborted => Color.Warning,
        _ => Color.Default,
    };

    private static string Label(StepStatus status) => status switch
    {
        StepStatus.WaitingForPerson => "Waiting for you",
        _ => status.ToString(),
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timer?.Dispose();
            _timer = null;
        }

        base.Dispose(disposing);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing a window's run failed; the next refresh tries again")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "An action on a window's run failed")]
    private static partial void LogActionFailed(ILogger logger, Exception exception);
}
