using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Notifications;

/// <summary>A person the dashboard knows, with what they chose to receive. Pure.</summary>
public sealed record NotifiedPerson(
    string Id,
    string Name,
    string? FormerId,
    string? Email,
    IReadOnlySet<string> Roles,
    string? TimeZone,
    IReadOnlySet<NotificationKind> OptedOut,
    bool? WeeklyDigest)
{
    public Actor AsActor => new(Id, Name, FormerId);

    public bool IsApprover => Roles.Contains(DashboardRoles.Approver);

    /// <summary>Whether this person wants e-mail of <paramref name="kind"/>: every kind unless turned off; the digest on by default for admins only.</summary>
    public bool Wants(NotificationKind kind) => kind == NotificationKind.WeeklyDigest
        ? WeeklyDigest ?? Roles.Contains(DashboardRoles.Admin)
        : !OptedOut.Contains(kind);
}

/// <summary>Who wrote a window and who approved the revision an event is about.</summary>
public sealed record WindowPeople(WindowAuthors Authors, IReadOnlyList<string> Approvers);

/// <summary>
/// Who is e-mailed about what (the table in the README's "Notifications"). Only people the dashboard knows, with an
/// address, who have not turned that kind off; never the person whose action it was. Pure.
/// </summary>
public static class NotificationAudience
{
    public static IReadOnlyList<NotifiedPerson> For(NotificationKind kind, WindowPeople? window, IReadOnlyList<NotifiedPerson> people, string? actorId)
    {
        bool IsAuthor(NotifiedPerson p) => window is not null && window.Authors.Includes(p.AsActor);
        bool IsCreator(NotifiedPerson p) => window is not null && p.AsActor.Is(window.Authors.CreatedBy);
        bool Approved(NotifiedPerson p) => window is not null && window.Approvers.Any(p.AsActor.Is);

        // Approvers who may decide it: the same "no self-approval" rule as the inbox.
        bool MayApprove(NotifiedPerson p) => p.IsApprover && !IsAuthor(p) && !Approved(p);

        Func<NotifiedPerson, bool> chosen = kind switch
        {
            NotificationKind.Submitted or NotificationKind.Escalated => MayApprove,
            NotificationKind.Approved or NotificationKind.Rejected or NotificationKind.NotReached => IsAuthor,
            NotificationKind.Cancelled or NotificationKind.ApprovalsVoided => p => Approved(p) || IsCreator(p),
            NotificationKind.Reminder or NotificationKind.ExecutionStarted or NotificationKind.ExecutionFailed or NotificationKind.ExecutionCompleted
                => p => IsAuthor(p) || Approved(p),
            NotificationKind.WeeklyDigest => _ => true,
            _ => _ => false,
        };

        return [.. people
            .Where(p => !string.IsNullOrWhiteSpace(p.Email) && p.Wants(kind) && chosen(p))
            .Where(p => actorId is null || !p.AsActor.Is(actorId))
            .DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .OrderBy(p => p.Id, StringComparer.Ordinal)];
    }
}
