using System.Globalization;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Windows;

/// <summary>The outcome of a change: the period, or why not (each error names its field).</summary>
public sealed record BlackoutChange(BlackoutPeriodEntity? Period, IReadOnlyList<FieldIssue> Errors, BlackoutChangeFailure Failure = BlackoutChangeFailure.None);

public enum BlackoutChangeFailure
{
    None,
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>
/// Creates, edits and deletes blackout periods (upgrade windows inside one are refused unless an operator records a
/// justification). The rules run here, and nothing is saved when any fails. Edits are optimistic: the caller says which
/// concurrency stamp it saw, and a stale one (or a write that races another) is a conflict, never a silent overwrite.
/// Periods may overlap each other. Every change is audited (who, when, before and after), as it changes which windows
/// may be planned.
/// </summary>
public sealed class BlackoutPeriodService(DashboardDbContext db, TimeProvider time)
{
    public const int MaxNameLength = 200;
    public static readonly TimeSpan MaximumLength = TimeSpan.FromDays(366);

    // Ties by name in ordinal order, the same on every provider (PostgreSQL's collation would differ from SQLite's).
    public async Task<List<BlackoutPeriodEntity>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await db.BlackoutPeriods.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(b => b.StartUtc).ThenBy(b => b.EndUtc).ThenBy(b => b.Name, StringComparer.Ordinal)];

    public Task<BlackoutPeriodEntity?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.BlackoutPeriods.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);

    public async Task<BlackoutChange> CreateAsync(string? name, DateTimeOffset? start, DateTimeOffset? end, Actor actor, CancellationToken cancellationToken)
    {
        var errors = Validate(name, start, end);
        if (errors.Count > 0)
        {
            return new BlackoutChange(null, errors, BlackoutChangeFailure.Invalid);
        }

        var period = new BlackoutPeriodEntity { Id = Guid.NewGuid(), Name = name!.Trim() };
        Apply(period, name, start!.Value, end!.Value);
        db.BlackoutPeriods.Add(period);
        Audit(period, actor, AuditAction.Created, new Dictionary<string, string?>());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            Forget(period);
        }

        return new BlackoutChange(period, []);
    }

    public async Task<BlackoutChange> UpdateAsync(Guid id, Guid expectedStamp, string? name, DateTimeOffset? start, DateTimeOffset? end, Actor actor, CancellationToken cancellationToken)
    {
        var period = await db.BlackoutPeriods.FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (period is null)
        {
            return NotFound(id);
        }

        try
        {
            if (period.ConcurrencyStamp != expectedStamp)
            {
                return Conflict("The blackout period was changed by someone else since you loaded it. Reload it and apply your change again.");
            }

            var errors = Validate(name, start, end);
            if (errors.Count > 0)
            {
                return new BlackoutChange(null, errors, BlackoutChangeFailure.Invalid);
            }

            var before = Fields(period);
            Apply(period, name, start!.Value, end!.Value);
            period.ConcurrencyStamp = Guid.NewGuid();
            Audit(period, actor, AuditAction.Edited, before);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Conflict("Someone else changed or deleted this blackout period at the same moment. Reload it and apply your change again.");
            }

            return new BlackoutChange(period, []);
        }
        finally
        {
            Forget(period);
        }
    }

    public async Task<BlackoutChange> DeleteAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var period = await db.BlackoutPeriods.FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (period is null)
        {
            return NotFound(id);
        }

        db.BlackoutPeriods.Remove(period);
        db.AuditEntries.Add(AuditEntryEntity.Of(AuditSubject.BlackoutPeriod, period.Id, period.Name, time.GetUtcNow().UtcDateTime, actor, AuditAction.Deleted, 0,
            WindowAudit.Diff(Fields(period), Fields(period).ToDictionary(f => f.Key, _ => (string?)null))));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict("Someone else changed or deleted this blackout period at the same moment. Reload it and try again.");
        }
        finally
        {
            Forget(period);
        }

        return new BlackoutChange(period, []);
    }

    /// <summary>The rules, each error naming its field (name, start, end). Empty when the period may be saved.</summary>
    public static IReadOnlyList<FieldIssue> Validate(string? name, DateTimeOffset? start, DateTimeOffset? end)
    {
        var errors = new List<FieldIssue>();
        var text = name?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(new("name", "Name is required."));
        }
        else
        {
            if (text.Length > MaxNameLength)
            {
                errors.Add(new("name", $"Name is {text.Length} characters long; the limit is {MaxNameLength}."));
            }

            if (TextRules.Problem(text, allowLineBreaks: false) is { } problem)
            {
                errors.Add(new("name", $"Name {problem}."));
            }
        }

        if (start is null)
        {
            errors.Add(new("start", "Start is required."));
        }

        if (end is null)
        {
            errors.Add(new("end", "End is required."));
        }

        if (start is { } s && end is { } e)
        {
            if (e <= s)
            {
                errors.Add(new("end", "End must be after start."));
            }
            else if (e - s > MaximumLength)
            {
                errors.Add(new("end", string.Create(CultureInfo.InvariantCulture,
                    $"A blackout period may last at most {MaximumLength.TotalDays:0} days: end it by {s.Add(MaximumLength).UtcDateTime:yyyy-MM-dd HH:mm} UTC.")));
            }
        }

        return errors;
    }

    // Before and after of the fields that changed (none before a create), in the same form as a window's edits.
    private void Audit(BlackoutPeriodEntity period, Actor actor, AuditAction action, IReadOnlyDictionary<string, string?> before) =>
        db.AuditEntries.Add(AuditEntryEntity.Of(AuditSubject.BlackoutPeriod, period.Id, period.Name, time.GetUtcNow().UtcDateTime, actor, action, 0,
            WindowAudit.Diff(before, Fields(period))));

    private static Dictionary<string, string?> Fields(BlackoutPeriodEntity period) => new(StringComparer.Ordinal)
    {
        ["name"] = period.Name,
        ["start"] = UpgradeWindowEntity.AsUtc(period.StartUtc).ToString("O", CultureInfo.InvariantCulture),
        ["end"] = UpgradeWindowEntity.AsUtc(period.EndUtc).ToString("O", CultureInfo.InvariantCulture),
    };

    private static void Apply(BlackoutPeriodEntity period, string? name, DateTimeOffset start, DateTimeOffset end)
    {
        period.Name = name!.Trim();
        period.StartUtc = start.UtcDateTime;
        period.EndUtc = end.UtcDateTime;
    }

    // The context lives as long as a Blazor circuit: stop tracking the row after every change, so the next call reads
    // the database again (and sees other users' edits) instead of a cached, possibly stale or half-changed copy.
    private void Forget(BlackoutPeriodEntity period) => db.Entry(period).State = EntityState.Detached;

    private static BlackoutChange NotFound(Guid id) =>
        new(null, [new("id", $"No blackout period {id}.")], BlackoutChangeFailure.NotFound);

    private static BlackoutChange Conflict(string message) =>
        new(null, [new("concurrencyStamp", message)], BlackoutChangeFailure.Conflict);
}
