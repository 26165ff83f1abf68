using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Compliance;
using AksUpgradeDashboard.Model.Windows;
using AksUpgradeDashboard.Windows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Compliance;

/// <summary>The policy in force, where it came from, and the stamp an edit must name.</summary>
public sealed record CompliancePolicyState(CompliancePolicy Policy, bool FromSettings, string? UpdatedBy, DateTimeOffset? UpdatedAt, Guid? ConcurrencyStamp, string? UpdatedByName = null);

public sealed record PolicySaveResult(CompliancePolicyState? Saved, IReadOnlyList<FieldIssue> Errors, bool Conflict = false)
{
    public bool Succeeded => Saved is not null;
}

/// <summary>
/// The compliance policy: the <c>Compliance</c> configuration section, unless an admin saved one on the settings page.
/// Read from the database on every use (one small row), so every replica and every page sees the same policy.
/// </summary>
public sealed class CompliancePolicyService(DashboardDbContext db, IOptions<ComplianceOptions> options, TimeProvider time)
{
    public async Task<CompliancePolicyState> GetAsync(CancellationToken cancellationToken)
    {
        var saved = await db.CompliancePolicy.AsNoTracking().SingleOrDefaultAsync(p => p.Id == CompliancePolicyEntity.SingletonId, cancellationToken);
        return saved is null
            ? new(options.Value.Policy, FromSettings: false, null, null, null)
            : StateOf(saved);
    }

    /// <summary>Saves the policy if <paramref name="expectedStamp"/> is still current (null when none was saved yet).</summary>
    public async Task<PolicySaveResult> SaveAsync(CompliancePolicy policy, Guid? expectedStamp, Actor actor, CancellationToken cancellationToken)
    {
        if (policy.Validate() is { Count: > 0 } errors)
        {
            return new(null, errors);
        }

        var row = await db.CompliancePolicy.SingleOrDefaultAsync(p => p.Id == CompliancePolicyEntity.SingletonId, cancellationToken);
        if (row?.ConcurrencyStamp != expectedStamp)
        {
            return new(null, [new("concurrencyStamp", "Someone changed the policy since you opened it; reload to see their version.")], Conflict: true);
        }

        if (row is null)
        {
            row = new CompliancePolicyEntity { UpdatedBy = actor.Id };
            db.CompliancePolicy.Add(row);
        }

        var before = row.Id == CompliancePolicyEntity.SingletonId && db.Entry(row).State != EntityState.Added
            ? Fields(new CompliancePolicy(row.MaxDaysBehindLatest, row.RetiringIsCompliant, row.KubernetesMustBeSupported))
            : Fields(options.Value.Policy);
        row.MaxDaysBehindLatest = policy.MaxDaysBehindLatest;
        row.RetiringIsCompliant = policy.RetiringIsCompliant;
        row.KubernetesMustBeSupported = policy.KubernetesMustBeSupported;
        row.UpdatedBy = actor.Id;
        row.UpdatedByName = AuditEntryEntity.StoredName(actor);
        row.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        row.ConcurrencyStamp = Guid.NewGuid();

        // The policy decides what counts as compliant: who changed it, when, and from what to what is kept.
        db.AuditEntries.Add(AuditEntryEntity.Of(AuditSubject.CompliancePolicy, Guid.Empty, "Compliance policy", time.GetUtcNow().UtcDateTime, actor, AuditAction.Edited, 0,
            WindowAudit.Diff(before, Fields(policy))));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(ex))
        {
            // Another admin saved (or created the row) between our read and our write.
            return new(null, [new("concurrencyStamp", "Someone changed the policy since you opened it; reload to see their version.")], Conflict: true);
        }

        return new(StateOf(row), []);
    }

    private static Dictionary<string, string?> Fields(CompliancePolicy policy) => new(StringComparer.Ordinal)
    {
        ["maxDaysBehindLatest"] = policy.MaxDaysBehindLatest.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["retiringIsCompliant"] = policy.RetiringIsCompliant ? "true" : "false",
        ["kubernetesMustBeSupported"] = policy.KubernetesMustBeSupported ? "true" : "false",
    };

    private static CompliancePolicyState StateOf(CompliancePolicyEntity row) => new(
        new CompliancePolicy(row.MaxDaysBehindLatest, row.RetiringIsCompliant, row.KubernetesMustBeSupported), FromSettings: true, row.UpdatedBy,
        new DateTimeOffset(DateTime.SpecifyKind(row.UpdatedAtUtc, DateTimeKind.Utc)), row.ConcurrencyStamp, row.UpdatedByName ?? row.UpdatedBy);
}
