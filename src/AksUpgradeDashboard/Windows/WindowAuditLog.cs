using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Windows;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Windows;

/// <summary>
/// Writes and reads the windows' audit trail. An entry is added to the same context (and so the same save) as the
/// change it records: either both are stored or neither. The hash chain is sealed when the context saves.
/// </summary>
public sealed class WindowAuditLog(DashboardDbContext db, TimeProvider time)
{
    public void Record(UpgradeWindowEntity window, Actor actor, AuditAction action, string? changes = null, string? comment = null) =>
        db.AuditEntries.Add(AuditEntryEntity.Of(AuditSubject.Window, window.Id, window.Title, time.GetUtcNow().UtcDateTime, actor, action, window.Revision, changes, comment));

    /// <summary>The audit trail, oldest first; of one window, or of all.</summary>
    public async Task<List<AuditEntryEntity>> ListAsync(Guid? windowId, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking().Where(a => windowId == null || a.WindowId == windowId).OrderBy(a => a.Id).ToListAsync(cancellationToken);

    /// <summary>What people decide about a window (the rest of the trail is edits and the app's own transitions).</summary>
    public static readonly AuditAction[] Decisions = [AuditAction.Approved, AuditAction.Rejected, AuditAction.Cancelled, AuditAction.ApprovalsVoided];

    /// <summary>The latest decision about each of <paramref name="windowIds"/> that has one, for the lists.</summary>
    public async Task<Dictionary<Guid, AuditEntryEntity>> LastDecisionsAsync(IReadOnlyCollection<Guid> windowIds, CancellationToken cancellationToken)
    {
        if (windowIds.Count == 0)
        {
            return [];
        }

        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Subject == AuditSubject.Window && windowIds.Contains(a.WindowId) && Decisions.Contains(a.Action))
            .ToListAsync(cancellationToken);
        return entries.GroupBy(a => a.WindowId).ToDictionary(g => g.Key, g => g.MaxBy(a => (a.AtUtc, a.Id))!);
    }

    /// <summary>The fields an edit's entry records before and after (see <see cref="WindowAudit.Diff"/>).</summary>
    public static Dictionary<string, string?> AuditedFields(UpgradeWindowEntity w) => new(StringComparer.Ordinal)
    {
        ["title"] = w.Title,
        ["nodePools"] = w.AllPools ? "(all)" : string.Join(", ", w.NodePools),
        ["kind"] = w.Kind.ToString(),
        ["target"] = w.Target,
        ["start"] = w.Start.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["end"] = w.End.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["timeZone"] = w.TimeZone,
        ["notes"] = w.Notes,
        ["blackoutJustification"] = w.BlackoutJustification,
        // Only when chosen, so the trail of windows saved before the choice existed reads as before.
        ["applyRecommendedSettings"] = w.ApplyRecommendedSettings ? "true" : null,
    };
}
