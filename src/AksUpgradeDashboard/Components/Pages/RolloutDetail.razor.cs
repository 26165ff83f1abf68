using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Rollouts;
using AksUpgradeDashboard.Windows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace AksUpgradeDashboard.Components.Pages;

/// <summary>A rollout: its waves with their gates and progress, and the wave actions the person may take.</summary>
public partial class RolloutDetail
{
    private const int WindowsShown = 25;

    // The warnings a wave approval can accept, with what each means; a window with a warning not ticked refuses the decision.
    private static readonly (string Code, string Label)[] AcknowledgeableWarnings =
    [
        (WarningCodes.OutsideMaintenance, "outside the cluster's planned maintenance slot"),
        (WarningCodes.ShortWindow, "shorter than the 4 hours AKS recommends"),
        (WarningCodes.TooLate, "after an OS end of support or image removal"),
        (WarningCodes.BlackoutOverride, "inside a blackout, with its justification"),
        (WarningCodes.MaintenanceUnreadable, "the cluster's maintenance schedule could not be read"),
    ];

    private RolloutView? _view;
    private bool _notFound;
    private bool _busy;
    private bool _canOperate;
    private bool _canApprove;
    private Actor _user = Actor.System;

    // The rollout's creator may not waive (RolloutWaiver): the button is not offered, and the service refuses anyway.
    private bool MayWaive => _canApprove && _view is { } view && !_user.Is(view.Rollout.CreatedBy);
    private string? _comment;
    private string? _message;
    private bool _messageIsError;
    private readonly HashSet<string> _acknowledged = new(StringComparer.Ordinal);

    [Parameter] public Guid Id { get; set; }

    [Inject] public required IServiceScopeFactory ScopeFactory { get; init; }

    [Inject] public required ViewerTimeZone ViewerTimeZone { get; init; }

    [Inject] public required OsCatalog Catalog { get; init; }

    [Inject] public required IAuthorizationService Authorization { get; init; }

    [Inject] public required ILogger<RolloutDetail> Logger { get; init; }

    [CascadingParameter] public required Task<AuthenticationState> AuthenticationState { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _canOperate = await PersonPermissions.MayPlanAsync(Authorization, AuthenticationState);
        _canApprove = await PersonPermissions.MayApproveAsync(Authorization, AuthenticationState);
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

    private async Task LoadAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        _view = await scope.ServiceProvider.GetRequiredService<RolloutReader>().FindAsync(Id, CancellationToken.None);
        _notFound = _view is null;
    }

    private void Acknowledge(string code, bool on)
    {
        if (on)
        {
            _acknowledged.Add(code);
        }
        else
        {
            _acknowledged.Remove(code);
        }
    }

    private Task SubmitAsync(int wave) =>
        ActAsync($"Wave {wave + 1} submitted for approval.", (rollouts, actor) => rollouts.SubmitWaveAsync(Id, wave, actor, _comment, CancellationToken.None));

    private Task DecideAsync(int wave, bool approve)
    {
        // Bound to what this page shows: the revision of each submitted window as loaded.
        var revisions = _view!.Waves[wave].Windows.Where(w => w.Status == WindowStatus.Submitted).ToDictionary(w => w.Id, w => w.Revision);
        return ActAsync($"Wave {wave + 1} {(approve ? "approved" : "rejected")}.", (rollouts, actor) =>
            rollouts.DecideWaveAsync(Id, wave, approve, actor, _comment, revisions, [.. _acknowledged], CancellationToken.None));
    }

    private Task WaiveAsync(int wave) =>
        ActAsync($"The windows of wave {wave + 1} that were not reached are waived.", (rollouts, actor) => rollouts.WaiveAsync(Id, wave, actor, _comment, CancellationToken.None));

    private Task CancelAsync() =>
        ActAsync("The rollout is cancelled; its windows that had not started are cancelled too.", (rollouts, actor) => rollouts.CancelAsync(Id, actor, _comment, CancellationToken.None));

    private async Task ActAsync(string done, Func<RolloutService, Actor, Task<RolloutOutcome>> act)
    {
        _busy = true;
        _message = null;
        try
        {
            var actor = DashboardUser.ActorOf((await AuthenticationState).User);
            await using var scope = ScopeFactory.CreateAsyncScope();
            var outcome = await act(scope.ServiceProvider.GetRequiredService<RolloutService>(), actor);
            _messageIsError = outcome.Failure != WindowChangeFailure.None;
            _message = _messageIsError ? string.Join(" ", outcome.Errors.Select(e => e.Message)) : done;
            if (!_messageIsError)
            {
                _comment = null;
            }

            await LoadAsync();
        }
        catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException)
        {
            Logger.LogError(ex, "A rollout action failed");
            _messageIsError = true;
            _message = "The database did not answer; nothing was changed. Try again in a moment.";
        }
        finally
        {
            _busy = false;
        }
    }
}
