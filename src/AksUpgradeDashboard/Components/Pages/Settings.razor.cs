using System.Globalization;
using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Windows;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AksUpgradeDashboard.Components.Pages;

/// <summary>
/// Settings: the blackout periods that upgrade windows are checked against. The form's times are typed as UTC; the
/// service's rules decide, and their messages are shown next to the fields they name.
/// </summary>
public partial class Settings
{
    internal const string NameField = "name";
    internal const string StartField = "start";
    internal const string EndField = "end";

    private const string InputFormat = "yyyy-MM-ddTHH:mm";
    private static readonly string[] s_inputFormats = [InputFormat, "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];

    private List<BlackoutPeriodEntity>? _periods;
    private Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private string? _name;
    private string? _start;
    private string? _end;
    private BlackoutPeriodEntity? _editing;
    private BlackoutPeriodEntity? _deleting;
    private string? _formError;
    private string? _pageError;

    // One change at a time: a second click while a save runs would race it.
    private bool _busy;

    // A scope (so a DbContext) per operation, never one that lives as long as the circuit.
    [Inject]
    public required IServiceScopeFactory ScopeFactory { get; init; }

    [CascadingParameter]
    public required Task<AuthenticationState> AuthenticationState { get; set; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required ILogger<Settings> Logger { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _busy = true;
        try
        {
            await ReloadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    internal static string FormatUtc(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    internal static string FormatLength(TimeSpan length)
    {
        var parts = new List<string>(3);
        if (length.Days > 0)
        {
            parts.Add(length.Days == 1 ? "1 day" : $"{length.Days} days");
        }

        if (length.Hours > 0)
        {
            parts.Add($"{length.Hours} h");
        }

        if (length.Minutes > 0)
        {
            parts.Add($"{length.Minutes} min");
        }

        return parts.Count == 0 ? "under a minute" : string.Join(' ', parts);
    }

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    private void StartEdit(BlackoutPeriodEntity period)
    {
        _deleting = null;
        _editing = period;
        _name = period.Name;
        _start = period.StartUtc.ToString(InputFormat, CultureInfo.InvariantCulture);
        _end = period.EndUtc.ToString(InputFormat, CultureInfo.InvariantCulture);
        _errors = new(StringComparer.Ordinal);
        _formError = null;
    }

    private void ResetForm()
    {
        _editing = null;
        _name = null;
        _start = null;
        _end = null;
        _errors = new(StringComparer.Ordinal);
        _formError = null;
    }

    private void AskDelete(BlackoutPeriodEntity period)
    {
        _pageError = null;
        _deleting = period;
    }

    private void CancelDelete() => _deleting = null;

    private async Task SaveAsync()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        _formError = null;
        _pageError = null;
        try
        {
            var inputErrors = new Dictionary<string, string>(StringComparer.Ordinal);
            var start = ParseUtc(_start, StartField, "Start", inputErrors);
            var end = ParseUtc(_end, EndField, "End", inputErrors);
            if (inputErrors.Count > 0)
            {
                // Show the rules' other messages too (e.g. a missing name), but keep the input's own message for a time.
                foreach (var issue in BlackoutPeriodService.Validate(_name, start, end))
                {
                    inputErrors.TryAdd(issue.Field, issue.Message);
                }

                _errors = inputErrors;
                return;
            }

            var editing = _editing;
            var user = DashboardUser.ActorOf((await AuthenticationState).User);
            var change = await WithBlackoutsAsync(blackouts => editing is null
                ? blackouts.CreateAsync(_name, start, end, user, CancellationToken.None)
                : blackouts.UpdateAsync(editing.Id, editing.ConcurrencyStamp, _name, start, end, user, CancellationToken.None));

            switch (change.Failure)
            {
                case BlackoutChangeFailure.None:
                    Snackbar.Add(editing is null ? $"Blackout period '{change.Period!.Name}' added." : $"Blackout period '{change.Period!.Name}' saved.", Severity.Success);
                    ResetForm();
                    await ReloadAsync();
                    break;
                case BlackoutChangeFailure.Invalid:
                    _errors = change.Errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Message)), StringComparer.Ordinal);
                    break;
                case BlackoutChangeFailure.NotFound:
                    ResetForm();
                    _formError = "This blackout period was deleted by someone else, so your change was not saved. Add it again if it is still needed.";
                    await ReloadAsync();
                    break;
                default:
                    await ReloadAsync();
                    // Keep the operator's values, but from now on against the version just read: saving again is a deliberate overwrite.
                    _editing = _periods?.FirstOrDefault(p => p.Id == editing?.Id);
                    _formError = _editing is null
                        ? "This blackout period was deleted by someone else, so your change was not saved."
                        : "Someone else changed this blackout period after you opened it, so your change was not saved. The table shows their version; Save again to replace it with yours, or Cancel.";
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSaveFailed(Logger, ex);
            _formError = "Something went wrong and the blackout period may not have been saved. Reload the page and try again; if it keeps happening, ask an administrator to check the logs.";
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ConfirmDeleteAsync()
    {
        if (_busy || _deleting is not { } period)
        {
            return;
        }

        _busy = true;
        _pageError = null;
        try
        {
            var user = DashboardUser.ActorOf((await AuthenticationState).User);
            var change = await WithBlackoutsAsync(blackouts => blackouts.DeleteAsync(period.Id, user, CancellationToken.None));
            _deleting = null;
            if (change.Failure == BlackoutChangeFailure.None)
            {
                Snackbar.Add($"Blackout period '{period.Name}' deleted.", Severity.Success);
            }
            else
            {
                _pageError = change.Failure == BlackoutChangeFailure.NotFound
                    ? $"Blackout period '{period.Name}' was already deleted."
                    : $"Blackout period '{period.Name}' was changed by someone else at the same moment and was not deleted. Check it and try again.";
            }

            if (_editing?.Id == period.Id && change.Failure != BlackoutChangeFailure.Conflict)
            {
                ResetForm();
            }

            await ReloadAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDeleteFailed(Logger, ex);
            _pageError = "Something went wrong and the blackout period may not have been deleted. Reload the page and try again; if it keeps happening, ask an administrator to check the logs.";
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ReloadAsync()
    {
        try
        {
            _periods = await WithBlackoutsAsync(blackouts => blackouts.ListAsync(CancellationToken.None));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLoadFailed(Logger, ex);
            _pageError = "The blackout periods could not be loaded. Reload the page to try again; if it keeps happening, ask an administrator to check the logs.";
        }
    }

    // The form's datetime-local value has no zone; the labels say UTC, so it is read as UTC.
    private static DateTimeOffset? ParseUtc(string? value, string field, string label, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTime.TryParseExact(value.Trim(), s_inputFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
        {
            return new DateTimeOffset(utc, TimeSpan.Zero);
        }

        errors[field] = $"{label} must be a date and time such as 2026-12-19T00:00.";
        return null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Saving a blackout period failed")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleting a blackout period failed")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the blackout periods failed")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);

    private async Task<T> WithBlackoutsAsync<T>(Func<BlackoutPeriodService, Task<T>> operation)
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        return await operation(scope.ServiceProvider.GetRequiredService<BlackoutPeriodService>());
    }
}
