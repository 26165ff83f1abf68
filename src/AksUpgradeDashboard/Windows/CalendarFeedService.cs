using System.Security.Cryptography;
using System.Text;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Windows;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Windows;

/// <summary>A feed just created: <see cref="Token"/> is shown to its owner once and is not stored.</summary>
public sealed record NewCalendarFeed(CalendarFeedEntity Feed, string Token);

/// <summary>
/// Personal calendar feeds: a long random token per feed, which a calendar app sends in the URL instead of signing in
/// (Outlook and Google Calendar cannot sign in). Creating, listing and revoking are for the owner only.
/// </summary>
public sealed class CalendarFeedService(DashboardDbContext db, TimeProvider time)
{
    /// <summary>Active feeds per person: enough for a few calendar apps, few enough to keep track of.</summary>
    public const int MaxActivePerPerson = 5;

    private const string Prefix = "cal_";

    /// <summary>Creates a feed, or returns null when the person already has <see cref="MaxActivePerPerson"/> active ones.</summary>
    public async Task<NewCalendarFeed?> CreateAsync(Actor owner, CalendarFeedScope scope, CancellationToken cancellationToken)
    {
        if (await db.CalendarFeeds.CountAsync(f => f.OwnerId == owner.Id && f.RevokedAtUtc == null, cancellationToken) >= MaxActivePerPerson)
        {
            return null;
        }

        // 256 bits from the OS's CSPRNG, URL-safe: guessing one is out of the question, so a 404 reveals nothing.
        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var feed = new CalendarFeedEntity
        {
            Id = Guid.NewGuid(),
            OwnerId = owner.Id,
            OwnerName = AuditEntryEntity.StoredName(owner),
            OwnerFormerId = owner.FormerId,
            TokenHash = Hash(token),
            Scope = scope,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        db.CalendarFeeds.Add(feed);
        await db.SaveChangesAsync(cancellationToken);
        return new NewCalendarFeed(feed, token);
    }

    /// <summary>The person's feeds, active first, newest first.</summary>
    public async Task<List<CalendarFeedEntity>> ListAsync(Actor owner, CancellationToken cancellationToken) =>
        [.. (await db.CalendarFeeds.AsNoTracking().Where(f => f.OwnerId == owner.Id).ToListAsync(cancellationToken))
            .OrderBy(f => f.RevokedAtUtc is not null).ThenByDescending(f => f.CreatedAtUtc)];

    /// <summary>Revokes one of the person's own feeds; false when there is no such active feed of theirs.</summary>
    public async Task<bool> RevokeAsync(Guid id, Actor owner, CancellationToken cancellationToken)
    {
        var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.Id == id && f.OwnerId == owner.Id && f.RevokedAtUtc == null, cancellationToken);
        if (feed is null)
        {
            return false;
        }

        feed.RevokedAtUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The active feed a token opens, or null for anything else (unknown, revoked, not even a token).</summary>
    public async Task<CalendarFeedEntity?> FindActiveAsync(string? token, CancellationToken cancellationToken)
    {
        if (token is null || token.Length is < 20 or > 100 || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = Hash(token);
        return await db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.TokenHash == hash && f.RevokedAtUtc == null, cancellationToken);
    }

    /// <summary>Who a feed lists "mine" for.</summary>
    public static Actor OwnerOf(CalendarFeedEntity feed) => new(feed.OwnerId, feed.OwnerName ?? feed.OwnerId, feed.OwnerFormerId);

    // A plain hash is enough: the token has 256 bits of entropy, so there is nothing to brute-force that salting would slow.
    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
