using AksUpgradeDashboard.Notifications;

namespace AksUpgradeDashboard.Data;

/// <summary>
/// The outbox: something happened that people are told about. Written in the same save as the change that causes it
/// (a decision, an edit, an outcome), so an event exists exactly when its change was stored. The sender turns each into
/// deliveries (<see cref="NotificationDeliveryEntity"/>) and marks it expanded.
/// </summary>
public sealed class NotificationEventEntity
{
    public long Id { get; set; }

    public NotificationKind Kind { get; set; }

    /// <summary>For events the dashboard raises by itself (reminders, escalations, digests): the same due event has the same key, stored once.</summary>
    public string? DedupeKey { get; set; }

    public Guid? WindowId { get; set; }

    /// <summary>The window's revision the event is about (for voided approvals: the new revision).</summary>
    public int Revision { get; set; }

    public string? WindowTitle { get; set; }

    public string? ActorId { get; set; }

    public string? ActorName { get; set; }

    public string? Comment { get; set; }

    /// <summary>A reminder's lead ("24h", "1h").</summary>
    public string? Detail { get; set; }

    public DateTime OccurredAtUtc { get; set; }

    public DateTime? ExpandedAtUtc { get; set; }
}

public enum DeliveryStatus
{
    Pending,
    Sent,
    GaveUp,
}

/// <summary>
/// One message to one recipient (a person's e-mail) or one webhook, rendered when the event was expanded so every retry
/// sends the same thing. Retried with back-off until sent or given up; each attempt's outcome is kept.
/// </summary>
public sealed class NotificationDeliveryEntity
{
    public const string EmailChannel = "email";
    public const int MaxErrorLength = 1000;

    public long Id { get; set; }

    public long EventId { get; set; }

    /// <summary><see cref="EmailChannel"/>, or <c>webhook:&lt;name&gt;</c>.</summary>
    public required string Channel { get; set; }

    /// <summary>The person's actor id for e-mail; the webhook's name for a webhook.</summary>
    public required string Recipient { get; set; }

    /// <summary>The e-mail address, or the webhook's host (never its URL, which may hold a secret), when the delivery was made.</summary>
    public required string Address { get; set; }

    public required string Subject { get; set; }

    /// <summary>Plain text for e-mail; the request body for a webhook.</summary>
    public required string Body { get; set; }

    public string? HtmlBody { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime NextAttemptAtUtc { get; set; }

    public DateTime? LastAttemptAtUtc { get; set; }

    public DateTime? SentAtUtc { get; set; }

    public string? LastError { get; set; }

    public static string WebhookChannel(string name) => $"webhook:{name}";
}

/// <summary>
/// A person the dashboard may notify, remembered when they sign in (their address and roles come from the sign-in),
/// with what they chose on the "Notifications" page. Keyed by actor id, as windows and approvals record people.
/// </summary>
public sealed class PersonEntity
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The sign-in name, as records written by earlier versions name the person.</summary>
    public string? FormerId { get; set; }

    public string? Email { get; set; }

    /// <summary>The dashboard roles at the last sign-in, comma-separated.</summary>
    public string Roles { get; set; } = "";

    /// <summary>The browser's IANA time zone, last seen.</summary>
    public string? TimeZone { get; set; }

    public DateTime LastSignInAtUtc { get; set; }

    /// <summary>Kinds of e-mail the person turned off, comma-separated <see cref="NotificationKind"/> names.</summary>
    public string? EmailOptOuts { get; set; }

    /// <summary>The weekly digest: null is the default (on for admins, off for others).</summary>
    public bool? WeeklyDigest { get; set; }
}
