using System.Globalization;
using Microsoft.JSInterop;

namespace AksUpgradeDashboard.Windows;

/// <summary>
/// The viewer's time zone for this circuit, read once from the browser (UTC until then, e.g. while prerendering).
/// Times are always shown with the zone they are in, so UTC is never mistaken for local time.
/// </summary>
public sealed class ViewerTimeZone(IJSRuntime js, IServiceProvider services)
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public bool IsKnown { get; private set; }

    public async Task InitializeAsync()
    {
        if (IsKnown)
        {
            return;
        }

        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference?>("import", "./js/time-zone.js");
            var id = module is null ? null : await module.InvokeAsync<string?>("timeZone");
            if (id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                Zone = zone;
                IsKnown = true;
                await RememberForNotificationsAsync(id);
            }
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException)
        {
            // Keep UTC: the times still say which zone they are in.
        }
    }

    // The person's e-mails show times in the zone their browser is in.
    private async Task RememberForNotificationsAsync(string zoneId)
    {
        if (services.GetService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>() is not { } authentication)
        {
            return;
        }

        try
        {
            var user = (await authentication.GetAuthenticationStateAsync()).User;
            if (user.Identity?.IsAuthenticated != true)
            {
                return;
            }

            await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Notifications.PeopleDirectory>().RememberTimeZoneAsync(Authentication.DashboardUser.ActorOf(user), zoneId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            // Only the zone of their e-mails is at stake: the window's own zone stands in.
        }
    }

    public string Format(DateTimeOffset utc) => Format(utc, Zone);

    public static string Format(DateTimeOffset utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(utc, zone).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + " " + zone.Id;

    public static TimeZoneInfo FindOrUtc(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
