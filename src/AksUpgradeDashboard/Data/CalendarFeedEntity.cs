namespace AksUpgradeDashboard.Data;

/// <summary>Which windows a personal calendar feed lists.</summary>
public enum CalendarFeedScope
{
    /// <summary>Every window that has not ended (what every role may see on the windows page).</summary>
    All,

    /// <summary>Only the windows the owner created or last edited.</summary>
    Mine,
}

/// <summary>
/// A personal calendar feed (<c>/api/v1/calendar/{token}.ics</c>) that a calendar app polls without signing in. The
/// token is the credential: only its SHA-256 is stored, so a copy of the database does not reveal working feed URLs.
/// Revoked feeds are kept (revoked) so the owner's list says what happened.
/// </summary>
public sealed class CalendarFeedEntity
{
    public Guid Id { get; set; }

    /// <summary>The owner's actor id (<c>{tid}/{oid}</c> in Entra ID mode).</summary>
    public required string OwnerId { get; set; }

    public string? OwnerName { get; set; }

    /// <summary>The owner's sign-in name, so "only mine" also finds windows recorded under it by earlier versions.</summary>
    public string? OwnerFormerId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public required string TokenHash { get; set; }

    public CalendarFeedScope Scope { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? RevokedAtUtc { get; set; }

    public DateTimeOffset CreatedAt => UpgradeWindowEntity.AsUtc(CreatedAtUtc);

    public bool IsActive => RevokedAtUtc is null;
}
