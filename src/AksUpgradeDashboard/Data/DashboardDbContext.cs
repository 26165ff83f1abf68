using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AksUpgradeDashboard.Data;

/// <summary>
/// The dashboard's own data (upgrade windows, blackout periods) in SQLite. The schema comes from the migrations in
/// Data/Migrations, applied at start-up. To add one:
/// <c>dotnet tool restore &amp;&amp; dotnet ef migrations add &lt;Name&gt; --project src/AksUpgradeDashboard --output-dir Data/Migrations</c>.
/// </summary>
public sealed class DashboardDbContext(DbContextOptions<DashboardDbContext> options) : DbContext(options)
{
    public const int MaxCompletionFoundLength = 4000;

    public required DbSet<UpgradeWindowEntity> Windows { get; init; }

    public required DbSet<BlackoutPeriodEntity> BlackoutPeriods { get; init; }

    // SQLite keeps no time zone: every DateTime is stored and read back as UTC.
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
            window.Property(w => w.Kind).HasMaxLength(32);
            window.Property(w => w.Target).HasMaxLength(64);
            window.Property(w => w.TimeZone).HasMaxLength(64);
            window.Property(w => w.CreatedBy).HasMaxLength(256);
            window.Property(w => w.UpdatedBy).HasMaxLength(256);
            window.Property(w => w.Status).HasConversion<string>().HasMaxLength(16);
            window.Property(w => w.CompletionFound).HasMaxLength(MaxCompletionFoundLength);
            window.Property(w => w.ConcurrencyStamp).IsConcurrencyToken();
            window.PrimitiveCollection(w => w.NodePools);
            window.HasIndex(w => new { w.ClusterId, w.StartUtc });
            window.HasIndex(w => w.StartUtc);
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

/// <summary>Writes UTC and marks what it reads as UTC.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(v => v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
