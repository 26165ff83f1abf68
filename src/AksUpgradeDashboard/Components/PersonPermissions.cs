using AksUpgradeDashboard.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace AksUpgradeDashboard.Components;

/// <summary>
/// What the signed-in person may do, for pages that show an action only to those who can take it (markup that is only
/// shown or hidden uses <c>&lt;AuthorizeView Policy="…"&gt;</c>). The endpoints check again: this only keeps people from
/// being offered what would be refused.
/// </summary>
public static class PersonPermissions
{
    public static async Task<bool> MayPlanAsync(IAuthorizationService authorization, Task<AuthenticationState> state) =>
        (await authorization.AuthorizeAsync((await state).User, DashboardPolicies.Operate)).Succeeded;

    public static async Task<bool> MayApproveAsync(IAuthorizationService authorization, Task<AuthenticationState> state) =>
        (await authorization.AuthorizeAsync((await state).User, DashboardPolicies.Approve)).Succeeded;
}
