using System.Globalization;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Compliance;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Compliance;

/// <summary>One day of the trend: the fleet's counts and the policy they were judged by; <c>IsSample</c> when generated for the sample fleet.</summary>
public sealed record ComplianceDay(DateOnly Day, ComplianceCounts Counts, CompliancePolicy Policy, DateTimeOffset TakenAt, bool IsSample = false);

/// <summary>The daily compliance snapshots in the database: take one per UTC day, read the trend, drop old days.</summary>
public sealed class ComplianceHistory(DashboardDbContext db, TimeProvider time)
{
    /// <summary>
    /// Stores today's snapshot of <paramref name="fleet"/> unless one exists. Returns false when today's was already
    /// there (taking it twice, or on two replicas at once, leaves exactly one row).
    /// </summary>
    public async Task<bool> TakeSnapshotAsync(FleetState fleet, CompliancePolicy policy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (await db.ComplianceSnapshots.AnyAsync(s => s.Day == today, cancellationToken))
        {
            return false;
        }

        var rows = fleet.Pools.Select(p => PoolSnapshotRow.From(p, policy)).ToList();
        var counts = ComplianceCounts.Of(rows.Select(r => r.Outcome));
        db.ComplianceSnapshots.Add(Row(
            today, now.UtcDateTime, fleet.Snapshot.RefreshedAt.UtcDateTime, counts, policy,
            string.Join(';', Enum.GetValues<PoolStatus>().Select(s => string.Create(CultureInfo.InvariantCulture, $"{s}={rows.Count(r => r.Status == s)}"))),
            ComplianceSnapshotCodec.Encode(rows), isSample: false));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            if (await db.ComplianceSnapshots.AsNoTracking().AnyAsync(s => s.Day == today, cancellationToken))
            {
                // Another writer took today's snapshot first: that one stands.
                return false;
            }

            throw;
        }
    }

    /// <summary>Deletes snapshots older than <paramref name="retentionDays"/> days; returns how many.</summary>
    public Task<int> PurgeAsync(int retentionDays, CancellationToken cancellationToken)
    {
        var oldest = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-retentionDays);
        return db.ComplianceSnapshots.Where(s => s.Day < oldest).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// The trend from <paramref name="from"/> on, oldest first, without the per-pool detail; generated sample days only
    /// when <paramref name="includeSample"/> (the sample fleet is the source), so they never mix into a real fleet's trend.
    /// </summary>
    public async Task<IReadOnlyList<ComplianceDay>> ListAsync(DateOnly from, bool includeSample, CancellationToken cancellationToken)
    {
        var rows = await db.ComplianceSnapshots.AsNoTracking()
            .Where(s => s.Day >= from && (includeSample || !s.IsSample))
            .OrderBy(s => s.Day)
            .Select(s => new { s.Day, s.Pools, s.Compliant, s.NonCompliant, s.Unknown, s.MaxDaysBehindLatest, s.RetiringIsCompliant, s.KubernetesMustBeSupported, s.TakenAtUtc, s.IsSample })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(s => new ComplianceDay(
            s.Day, new ComplianceCounts(s.Pools, s.Compliant, s.NonCompliant, s.Unknown),
            new CompliancePolicy(s.MaxDaysBehindLatest, s.RetiringIsCompliant, s.KubernetesMustBeSupported),
            new DateTimeOffset(DateTime.SpecifyKind(s.TakenAtUtc, DateTimeKind.Utc)), s.IsSample))];
    }

    /// <summary>
    /// Stores generated history for the sample fleet, judged by <paramref name="policy"/>, when no history exists at
    /// all (a real snapshot, or an earlier seeding, wins). Returns how many days were stored.
    /// </summary>
    public async Task<int> SeedSampleAsync(IReadOnlyList<SampleDay> days, CompliancePolicy policy, CancellationToken cancellationToken)
    {
        if (days.Count == 0 || await db.ComplianceSnapshots.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var detail = ComplianceSnapshotCodec.Encode([]);
        db.ComplianceSnapshots.AddRange(days.Select(d =>
        {
            // Noon of the day: a sample point is a day's figure, not a moment anyone read an inventory.
            var noon = d.Day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
            return Row(d.Day, noon, noon, d.Counts, policy, statusCounts: "", detail, isSample: true);
        }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return days.Count;
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // Another replica seeded (or took a snapshot) first: its rows stand.
            db.ChangeTracker.Clear();
            return 0;
        }
    }

    private static ComplianceSnapshotEntity Row(
        DateOnly day, DateTime takenAtUtc, DateTime refreshedAtUtc, ComplianceCounts counts, CompliancePolicy policy, string statusCounts, byte[] detail, bool isSample) => new()
    {
        Day = day,
        TakenAtUtc = takenAtUtc,
        InventoryRefreshedAtUtc = refreshedAtUtc,
        Pools = counts.Pools,
        Compliant = counts.Compliant,
        NonCompliant = counts.NonCompliant,
        Unknown = counts.Unknown,
        MaxDaysBehindLatest = policy.MaxDaysBehindLatest,
        RetiringIsCompliant = policy.RetiringIsCompliant,
        KubernetesMustBeSupported = policy.KubernetesMustBeSupported,
        StatusCounts = statusCounts,
        Detail = detail,
        IsSample = isSample,
    };

    /// <summary>
    /// A real fleet is being read: deletes the sample fleet's history, generated days and the days it was measured
    /// alike, and returns how many days. While generated days exist no real fleet has been read since they were seeded
    /// (its first read drops them), so every snapshot there is of the sample fleet: keeping the measured ones would
    /// show the sample's figures as the real fleet's, and today's would stand in for the real fleet's own.
    /// </summary>
    public async Task<int> DropSampleAsync(CancellationToken cancellationToken) =>
        await db.ComplianceSnapshots.AnyAsync(s => s.IsSample, cancellationToken)
            ? await db.ComplianceSnapshots.ExecuteDeleteAsync(cancellationToken)
            : 0;

    /// <summary>Every pool as it stood on <paramref name="day"/>, or null when no snapshot was taken that day.</summary>
    public async Task<IReadOnlyList<PoolSnapshotRow>?> PoolsOnAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var detail = await db.ComplianceSnapshots.AsNoTracking().Where(s => s.Day == day).Select(s => s.Detail).SingleOrDefaultAsync(cancellationToken);
        return detail is null ? null : ComplianceSnapshotCodec.Decode(detail);
    }
}
