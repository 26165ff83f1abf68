using System.Security.Claims;
using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Windows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Notifications;

/// <summary>
/// The people the dashboard can notify: remembered at each sign-in (name, address and roles from the sign-in's claims),
/// with their time zone and what they chose on the "Notifications" page. In Local mode the demo people are known
/// before they ever sign in, with their demo addresses.
/// </summary>
public sealed class PeopleDirectory(DashboardDbContext db, IOptions<DashboardAuthenticationOptions> authentication, TimeProvider time)
{
    /// <summary>People who have not signed in for this long are not notified until they sign in again.</summary>
    public static readonly TimeSpan ForgottenAfter = TimeSpan.FromDays(90);

    /// <summary>Remembers (or refreshes) the signed-in <paramref name="user"/>; returns the stored person.</summary>
    public async Task<PersonEntity> RememberAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var actor = DashboardUser.ActorOf(user);
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == actor.Id, cancellationToken);
        if (person is null)
        {
            person = new PersonEntity { Id = actor.Id, Name = actor.Name };
            db.People.Add(person);
        }

        person.Name = AuditEntryEntity.StoredName(actor) ?? actor.Id;
        person.FormerId = actor.FormerId;
        person.Email = EmailOf(user) ?? person.Email;
        person.Roles = string.Join(',', DashboardRoles.All.Where(user.IsInRole));
        person.LastSignInAtUtc = time.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // The same person signing in twice at once: the other sign-in stored them.
            db.ChangeTracker.Clear();
            return await db.People.AsNoTracking().FirstAsync(p => p.Id == actor.Id, cancellationToken);
        }

        return person;
    }

    /// <summary>The address of a signed-in person: the <c>email</c> claim, else a sign-in name that is an address, else a demo person's.</summary>
    public static string? EmailOf(ClaimsPrincipal user)
    {
        var candidates = new[] { user.FindFirst("email")?.Value, user.FindFirst(ClaimTypes.Email)?.Value, user.FindFirst("preferred_username")?.Value, user.FindFirst(ClaimTypes.Upn)?.Value };
        return candidates.FirstOrDefault(c => c is not null && MimeKit.MailboxAddress.TryParse(c, out var address) && address.Address.Contains('@', StringComparison.Ordinal))
            ?? LocalUsers.Find(user.Identity?.Name)?.Email;
    }

    /// <summary>Keeps the person's browser time zone, for the times in their e-mails. Only for people already known.</summary>
    public async Task RememberTimeZoneAsync(Actor actor, string timeZone, CancellationToken cancellationToken) =>
        await db.People.Where(p => p.Id == actor.Id && p.TimeZone != timeZone)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.TimeZone, timeZone), cancellationToken);

    public async Task<NotifiedPerson?> FindAsync(Actor actor, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(p => string.Equals(p.Id, actor.Id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Stores what <paramref name="user"/> chose on the "Notifications" page.</summary>
    public async Task SavePreferencesAsync(ClaimsPrincipal user, IReadOnlySet<NotificationKind> optedOut, bool weeklyDigest, CancellationToken cancellationToken)
    {
        var person = await RememberAsync(user, cancellationToken);
        db.People.Attach(person);
        person.EmailOptOuts = optedOut.Count == 0 ? null : string.Join(',', optedOut.Where(k => k != NotificationKind.WeeklyDigest).Order());
        person.WeeklyDigest = weeklyDigest;
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>Everyone the dashboard may notify.</summary>
    public async Task<IReadOnlyList<NotifiedPerson>> ListAsync(CancellationToken cancellationToken)
    {
        var stored = await db.People.AsNoTracking().ToListAsync(cancellationToken);
        // Roles and addresses are as of the last sign-in: someone who has not signed in for a long time may have left
        // or lost the role, so they are no longer told about windows.
        var since = (time.GetUtcNow() - ForgottenAfter).UtcDateTime;
        var people = stored.Where(p => p.LastSignInAtUtc >= since).Select(ToPerson).ToList();
        if (authentication.Value.Resolved == AuthenticationMode.Local)
        {
            people.AddRange(LocalUsers.All
                .Where(u => !stored.Any(p => string.Equals(p.Id, u.Email, StringComparison.OrdinalIgnoreCase)))
                .Select(u => new NotifiedPerson(u.Email, u.DisplayName, null, u.Email, u.Roles.ToHashSet(StringComparer.Ordinal), null, new HashSet<NotificationKind>(), null)));
        }

        return people;
    }

    private static NotifiedPerson ToPerson(PersonEntity p) => new(
        p.Id, p.Name, p.FormerId, p.Email,
        p.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
        p.TimeZone,
        (p.EmailOptOuts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(k => Enum.TryParse<NotificationKind>(k, out var kind) ? kind : (NotificationKind?)null)
            .OfType<NotificationKind>().ToHashSet(),
        p.WeeklyDigest);
}
