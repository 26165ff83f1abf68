using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AksUpgradeDashboard.Data;

/// <summary>
/// The dashboard's own data (upgrade windows, approvals, audit trail, compliance history, replica state) in SQLite
/// or PostgreSQL (<c>Database:Provider</c>). Each provider has its own migrations, applied at start-up:
/// SQLite's in Data/Migrations for this type, PostgreSQL's in Data/Migrations/PostgreSql for
/// <see cref="PostgreSqlDashboardDbContext"/>. A model change needs one migration for each:
/// <c>dotnet tool restore</c>, then
/// <c>dotnet ef migrations add &lt;Name&gt; --project src/AksUpgradeDashboard --context DashboardDbContext --output-dir Data/Migrations</c>
/// and
/// <c>dotnet ef migrations add &lt;Name&gt; --project src/AksUpgradeDashboard --context PostgreSqlDashboardDbContext --output-dir Data/Migrations/PostgreSql -- --Database:Provider=PostgreSql --ConnectionStrings:Dashboard=Host=localhost</c>
/// (no server is contacted).
/// </summary>
public class DashboardDbContext : DbContext, IDataProtectionKeyContext
{
    public DashboardDbContext(DbContextOptions<DashboardDbContext> options)
        : base(options)
    {
    }

    protected DashboardDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public const int MaxCompletionFoundLength = 4000;

    /// <summary>Ids and names of people (tenant/object ids are 73 characters; names are cut to fit).</summary>
    public const int MaxPersonLength = 256;

    public DbSet<UpgradeWindowEntity> Windows => Set<UpgradeWindowEntity>();

    public DbSet<BlackoutPeriodEntity> BlackoutPeriods => Set<BlackoutPeriodEntity>();

    public DbSet<WindowApprovalEntity> Approvals => Set<WindowApprovalEntity>();

    public DbSet<AuditEntryEntity> AuditEntries => Set<AuditEntryEntity>();

    public DbSet<ComplianceSnapshotEntity> ComplianceSnapshots => Set<ComplianceSnapshotEntity>();

    public DbSet<CompliancePolicyEntity> CompliancePolicy => Set<CompliancePolicyEntity>();

    public DbSet<LeaseEntity> Leases => Set<LeaseEntity>();

    public DbSet<CalendarFeedEntity> CalendarFeeds => Set<CalendarFeedEntity>();

    public DbSet<SharedInventoryEntity> SharedInventory => Set<SharedInventoryEntity>();

    public DbSet<NotificationEventEntity> NotificationEvents => Set<NotificationEventEntity>();

    public DbSet<NotificationDeliveryEntity> NotificationDeliveries => Set<NotificationDeliveryEntity>();

    public DbSet<PersonEntity> People => Set<PersonEntity>();

    public DbSet<RolloutEntity> Rollouts => Set<RolloutEntity>();

    public DbSet<RolloutWaveEntity> RolloutWaves => Set<RolloutWaveEntity>();

    public DbSet<ExecutionStepEntity> ExecutionSteps => Set<ExecutionStepEntity>();

    /// <summary>ASP.NET Core Data Protection's key ring (see <c>DataProtectionSetup</c>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAuditRewrites();
        if (!AddsAuditEntries)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        // Synchronous saves are for tools and tests; the app saves asynchronously.
        return SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditRewrites();
        if (!AddsAuditEntries)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        if (Database.CurrentTransaction is not null)
        {
            await ChainAuditEntriesAsync(cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // New audit entries join the hash chain, so appends are serialized: read the chain's end, hash, insert and commit
        // under one lock. Through the execution strategy, so PostgreSQL's retries still apply.
        return await Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await Database.BeginTransactionAsync(ct);
            await ChainAuditEntriesAsync(ct);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await transaction.CommitAsync(ct);
            if (acceptAllChangesOnSuccess)
            {
                ChangeTracker.AcceptAllChanges();
            }

            return saved;
        }, cancellationToken);
    }

    private bool AddsAuditEntries => ChangeTracker.Entries<AuditEntryEntity>().Any(e => e.State == EntityState.Added);

    // A constant all replicas share for the chain's lock; "AKSUDAU" in ASCII.
    private const long AuditChainLockKey = 0x41_4B_53_55_44_41_55;

    /// <summary>Gives each new audit entry its place in the chain and its hash. Runs inside the save's transaction.</summary>
    private async Task ChainAuditEntriesAsync(CancellationToken cancellationToken)
    {
        // SQLite: Microsoft.Data.Sqlite begins transactions IMMEDIATE, so this one already holds the write lock.
        // PostgreSQL: a transaction-scoped advisory lock, released by commit or rollback.
        if (!Database.IsSqlite())
        {
            await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AuditChainLockKey})", cancellationToken);
        }

        var last = await AuditEntries.AsNoTracking()
            .Where(e => e.ChainSequence != null)
            .OrderByDescending(e => e.ChainSequence)
            .Select(e => new { e.ChainSequence, e.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        var sequence = last?.ChainSequence ?? 0;
        var previous = last?.Hash;
        foreach (var entry in ChangeTracker.Entries<AuditEntryEntity>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).OrderBy(e => e.AtUtc).ToList())
        {
            // PostgreSQL keeps microseconds: store exactly what is hashed.
            entry.AtUtc = new DateTime(entry.AtUtc.Ticks - (entry.AtUtc.Ticks % 10), DateTimeKind.Utc);
            entry.ChainSequence = ++sequence;
            entry.PreviousHash = previous ?? "";
            entry.Hash = AksUpgradeDashboard.Model.AuditChain.Hash(previous, entry.CanonicalContent());
            previous = entry.Hash;
        }
    }

    // The audit trail is append-only; the database triggers (migration AuditTrail) enforce the same below EF.
    private void RefuseAuditRewrites()
    {
        if (ChangeTracker.Entries<AuditEntryEntity>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Audit entries are append-only: they cannot be changed or deleted.");
        }
    }

    // SQLite keeps no time zone and PostgreSQL's timestamptz takes only UTC: every DateTime is stored and read back as UTC.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UpgradeWindowEntity>(window =>
        {
            window.ToTable("UpgradeWindows");
            window.HasKey(w => w.Id);
            window.Property(w => w.Title).HasMaxLength(AksUpgradeDashboard.Model.Windows.UpgradeWindowRules.MaxTitleLength);
            window.Property(w => w.Notes).HasMaxLength(AksUpgradeDashboard.Model.Windows.UpgradeWindowRules.MaxNotesLength);
            window.Property(w => w.BlackoutJustification).HasMaxLength(AksUpgradeDashboard.Model.Windows.UpgradeWindowRules.MaxJustificationLength);
            window.Property(w => w.SubscriptionId).HasMaxLength(64);
            window.Property(w => w.ResourceGroup).HasMaxLength(90);
            window.Property(w => w.ClusterName).HasMaxLength(63);
            window.Property(w => w.ClusterId).HasMaxLength(400);
            window.Property(w => w.Kind).HasConversion<string>().HasMaxLength(32); // by name, as before the enum
            window.Property(w => w.Target).HasMaxLength(64);
            window.Property(w => w.TimeZone).HasMaxLength(64);
            window.Property(w => w.CreatedBy).HasMaxLength(MaxPersonLength);
            window.Property(w => w.CreatedByName).HasMaxLength(MaxPersonLength);
            window.Property(w => w.UpdatedBy).HasMaxLength(MaxPersonLength);
            window.Property(w => w.UpdatedByName).HasMaxLength(MaxPersonLength);
            window.Property(w => w.Status).HasConversion<string>().HasMaxLength(16);
            window.Property(w => w.CompletionFound).HasMaxLength(MaxCompletionFoundLength);
            window.Property(w => w.ConcurrencyStamp).IsConcurrencyToken();
            window.PrimitiveCollection(w => w.NodePools);
            window.HasIndex(w => new { w.ClusterId, w.StartUtc });
            window.HasIndex(w => w.StartUtc);
            window.HasIndex(w => new { w.RolloutId, w.WaveIndex });
            window.Property(w => w.ExecutionStartedBy).HasMaxLength(MaxPersonLength);
            window.Property(w => w.ExecutionOutcome).HasMaxLength(MaxCompletionFoundLength);
        });

        modelBuilder.Entity<ExecutionStepEntity>(step =>
        {
            step.ToTable("ExecutionSteps");
            step.HasKey(s => s.Id);
            step.Property(s => s.Kind).HasConversion<string>().HasMaxLength(32);
            step.Property(s => s.Status).HasConversion<string>().HasMaxLength(24);
            step.Property(s => s.Pool).HasMaxLength(64);
            step.Property(s => s.NewPool).HasMaxLength(64);
            step.Property(s => s.OperationUrl).HasMaxLength(2000);
            step.Property(s => s.RequestId).HasMaxLength(64);
            step.Property(s => s.ErrorCode).HasMaxLength(128);
            step.Property(s => s.Result).HasMaxLength(MaxCompletionFoundLength);
            step.Property(s => s.ConcurrencyStamp).IsConcurrencyToken();
            step.HasIndex(s => new { s.WindowId, s.Order }).IsUnique();
            step.HasIndex(s => s.Status);
            step.HasOne<UpgradeWindowEntity>().WithMany().HasForeignKey(s => s.WindowId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RolloutEntity>(rollout =>
        {
            rollout.ToTable("Rollouts");
            rollout.HasKey(r => r.Id);
            rollout.Property(r => r.Name).HasMaxLength(AksUpgradeDashboard.Model.Windows.UpgradeWindowRules.MaxTitleLength);
            rollout.Property(r => r.Kind).HasConversion<string>().HasMaxLength(32);
            rollout.Property(r => r.Target).HasMaxLength(64);
            rollout.Property(r => r.Query).HasMaxLength(AksUpgradeDashboard.Rollouts.RolloutRequests.MaxQueryLength);
            rollout.Property(r => r.TimeZone).HasMaxLength(64);
            rollout.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            rollout.Property(r => r.CreatedBy).HasMaxLength(MaxPersonLength);
            rollout.Property(r => r.CreatedByName).HasMaxLength(MaxPersonLength);
            rollout.Property(r => r.ConcurrencyStamp).IsConcurrencyToken();
            rollout.HasIndex(r => r.CreatedAtUtc);
        });

        modelBuilder.Entity<RolloutWaveEntity>(wave =>
        {
            wave.ToTable("RolloutWaves");
            wave.HasKey(w => w.Id);
            wave.Property(w => w.Name).HasMaxLength(100);
            wave.Property(w => w.RuleKind).HasMaxLength(16);
            wave.Property(w => w.RuleValue).HasMaxLength(20000);
            wave.Property(w => w.WaivedBy).HasMaxLength(MaxPersonLength);
            wave.Property(w => w.WaivedByName).HasMaxLength(MaxPersonLength);
            wave.Property(w => w.WaiverComment).HasMaxLength(AksUpgradeDashboard.Model.Windows.UpgradeWindowRules.MaxJustificationLength);
            wave.PrimitiveCollection(w => w.WaivedWindowIds);
            wave.HasOne<RolloutEntity>().WithMany().HasForeignKey(w => w.RolloutId).OnDelete(DeleteBehavior.Cascade);
            wave.HasIndex(w => new { w.RolloutId, w.Order }).IsUnique();
        });

        modelBuilder.Entity<WindowApprovalEntity>(approval =>
        {
            approval.ToTable("WindowApprovals");
            approval.HasKey(a => a.Id);
            approval.Property(a => a.Approver).HasMaxLength(MaxPersonLength);
            approval.Property(a => a.ApproverName).HasMaxLength(MaxPersonLength);
            approval.Property(a => a.Comment).HasMaxLength(AksUpgradeDashboard.Model.Windows.UpgradeWindowRules.MaxJustificationLength);
            approval.Property(a => a.AcknowledgedWarnings).HasMaxLength(500);
            // One sign-off per person per revision, enforced by the database too.
            approval.HasIndex(a => new { a.WindowId, a.Revision, a.Approver }).IsUnique();
        });

        modelBuilder.Entity<AuditEntryEntity>(audit =>
        {
            audit.ToTable("AuditEntries");
            audit.HasKey(a => a.Id);
            audit.Property(a => a.WindowTitle).HasMaxLength(AksUpgradeDashboard.Model.Windows.UpgradeWindowRules.MaxTitleLength);
            audit.Property(a => a.Actor).HasMaxLength(MaxPersonLength);
            audit.Property(a => a.ActorName).HasMaxLength(MaxPersonLength);
            audit.Property(a => a.Action).HasConversion<string>().HasMaxLength(32);
            audit.Property(a => a.Subject).HasConversion<string>().HasMaxLength(32).HasDefaultValue(AuditSubject.Window).HasSentinel((AuditSubject)(-1));
            audit.Property(a => a.Comment).HasMaxLength(AksUpgradeDashboard.Model.Windows.UpgradeWindowRules.MaxJustificationLength);
            audit.HasIndex(a => new { a.WindowId, a.Id });
            audit.Property(a => a.PreviousHash).HasMaxLength(64);
            audit.Property(a => a.Hash).HasMaxLength(64);
            audit.HasIndex(a => a.ChainSequence).IsUnique();
        });

        modelBuilder.Entity<ComplianceSnapshotEntity>(snapshot =>
        {
            snapshot.ToTable("ComplianceSnapshots");
            snapshot.HasKey(s => s.Day);
            snapshot.Property(s => s.StatusCounts).HasMaxLength(200);
        });

        modelBuilder.Entity<CompliancePolicyEntity>(policy =>
        {
            policy.ToTable("CompliancePolicy");
            policy.HasKey(p => p.Id);
            policy.Property(p => p.Id).ValueGeneratedNever();
            policy.Property(p => p.UpdatedBy).HasMaxLength(MaxPersonLength);
            policy.Property(p => p.UpdatedByName).HasMaxLength(MaxPersonLength);
            policy.Property(p => p.ConcurrencyStamp).IsConcurrencyToken();
        });

        modelBuilder.Entity<LeaseEntity>(lease =>
        {
            lease.ToTable("Leases");
            lease.HasKey(l => l.Name);
            lease.Property(l => l.Name).HasMaxLength(64);
            lease.Property(l => l.Holder).HasMaxLength(200);
        });

        modelBuilder.Entity<SharedInventoryEntity>(shared =>
        {
            shared.ToTable("SharedInventory");
            shared.HasKey(i => i.Id);
            shared.Property(i => i.Id).ValueGeneratedNever();
            shared.Property(i => i.Holder).HasMaxLength(200);
        });

        modelBuilder.Entity<CalendarFeedEntity>(feed =>
        {
            feed.ToTable("CalendarFeeds");
            feed.HasKey(f => f.Id);
            feed.Property(f => f.OwnerId).HasMaxLength(MaxPersonLength);
            feed.Property(f => f.OwnerName).HasMaxLength(MaxPersonLength);
            feed.Property(f => f.OwnerFormerId).HasMaxLength(MaxPersonLength);
            feed.Property(f => f.TokenHash).HasMaxLength(64);
            feed.Property(f => f.Scope).HasConversion<string>().HasMaxLength(16);
            feed.HasIndex(f => f.TokenHash).IsUnique();
            feed.HasIndex(f => f.OwnerId);
        });

        modelBuilder.Entity<NotificationEventEntity>(e =>
        {
            e.ToTable("NotificationEvents");
            e.HasKey(n => n.Id);
            e.Property(n => n.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(n => n.DedupeKey).HasMaxLength(200);
            e.Property(n => n.WindowTitle).HasMaxLength(AksUpgradeDashboard.Model.Windows.UpgradeWindowRules.MaxTitleLength);
            e.Property(n => n.ActorId).HasMaxLength(MaxPersonLength);
            e.Property(n => n.ActorName).HasMaxLength(MaxPersonLength);
            e.Property(n => n.Comment).HasMaxLength(AksUpgradeDashboard.Model.Windows.UpgradeWindowRules.MaxJustificationLength);
            e.Property(n => n.Detail).HasMaxLength(64);
            // A due reminder, escalation or digest is stored once however many times (or replicas) find it due.
            e.HasIndex(n => n.DedupeKey).IsUnique();
            e.HasIndex(n => n.ExpandedAtUtc);
        });

        modelBuilder.Entity<NotificationDeliveryEntity>(d =>
        {
            d.ToTable("NotificationDeliveries");
            d.HasKey(n => n.Id);
            d.Property(n => n.Channel).HasMaxLength(100);
            d.Property(n => n.Recipient).HasMaxLength(MaxPersonLength);
            d.Property(n => n.Address).HasMaxLength(2000);
            d.Property(n => n.Subject).HasMaxLength(400);
            d.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
            d.Property(n => n.LastError).HasMaxLength(NotificationDeliveryEntity.MaxErrorLength);
            // One message per recipient and channel per event, even if an expansion is retried.
            d.HasIndex(n => new { n.EventId, n.Channel, n.Recipient }).IsUnique();
            d.HasIndex(n => new { n.Status, n.NextAttemptAtUtc });
        });

        modelBuilder.Entity<PersonEntity>(p =>
        {
            p.ToTable("People");
            p.HasKey(n => n.Id);
            p.Property(n => n.Id).HasMaxLength(MaxPersonLength);
            p.Property(n => n.Name).HasMaxLength(MaxPersonLength);
            p.Property(n => n.FormerId).HasMaxLength(MaxPersonLength);
            p.Property(n => n.Email).HasMaxLength(320);
            p.Property(n => n.Roles).HasMaxLength(200);
            p.Property(n => n.TimeZone).HasMaxLength(64);
            p.Property(n => n.EmailOptOuts).HasMaxLength(400);
        });

        modelBuilder.Entity<BlackoutPeriodEntity>(blackout =>
        {
            blackout.ToTable("BlackoutPeriods");
            blackout.HasKey(b => b.Id);
            blackout.Property(b => b.Name).HasMaxLength(200);
            blackout.Property(b => b.ConcurrencyStamp).IsConcurrencyToken();
        });
    }
}

/// <summary>
/// The same model on PostgreSQL. A type of its own only because EF Core ties each migration set to one context type;
/// the app resolves it as <see cref="DashboardDbContext"/>.
/// </summary>
public sealed class PostgreSqlDashboardDbContext(DbContextOptions<PostgreSqlDashboardDbContext> options) : DashboardDbContext(options);

/// <summary>Writes UTC and marks what it reads as UTC.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(v => v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
