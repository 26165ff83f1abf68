using AksUpgradeDashboard.Data;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Execution;

/// <summary>
/// The one executor among replicas (the holder of the <see cref="LeaseName"/> lease): every poll it moves the running
/// windows on (<see cref="ExecutionRunner"/>). Does nothing while <c>Upgrades:Execution</c> is Off. A step in flight
/// when a replica stops is claimed in the database, and followed by whoever holds the lease next.
/// </summary>
public sealed class UpgradeExecutor(IServiceScopeFactory scopes, IOptions<ExecutionOptions> options, TimeProvider time, ILogger<UpgradeExecutor> logger)
    : LeasedJob(scopes, time, logger)
{
    public const string Lease = "upgrade-executor";

    /// <summary>Whether this replica held the lease at its last round.</summary>
    public bool IsExecutor => HoldsLease;

    protected override string LeaseName => Lease;

    protected override string Job => "carries out approved upgrade windows";

    protected override bool Enabled => options.Value.Execution != ExecutionMode.Off;

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override TimeSpan LeaseTime => TimeSpan.FromTicks(Math.Max(options.Value.PollInterval.Ticks * 4, TimeSpan.FromMinutes(5).Ticks));

    // A round stops at half the lease, so it is renewed long before another replica could think it lapsed.
    protected override Task RoundAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<ExecutionRunner>().AdvanceAsync(cancellationToken, LeaseTime / 2);
}
