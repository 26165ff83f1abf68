using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Inventory;

/// <summary>
/// Keeps the inventory current on every replica, with one reader of the source: the replica holding the lease (see
/// <see cref="InventoryReplication"/>) loads the fleet at start-up and every <c>Inventory:RefreshInterval</c> and
/// publishes it; the others load what it published. The lease lasts half an interval and is renewed on every check
/// (a few times an interval, and while a refresh runs), so when its holder dies another replica takes over well within
/// one interval: once it has seen the lease go unrenewed for its length, by its own clock (clocks are never compared).
/// A replica with nothing to show yet (the holder started at the same moment and is still on its first read) reads
/// the source itself rather than keep its pages waiting.
/// </summary>
public sealed partial class InventoryRefreshService(
    InventoryStore store,
    IOptions<InventoryOptions> options,
    IServiceScopeFactory scopeFactory,
    TimeProvider timeProvider,
    ILogger<InventoryRefreshService> logger)
    : InventoryFollowingService(store, timeProvider, CheckIntervalFor(options.Value.RefreshInterval), logger)
{
    // Who this replica is in the lease table: unique per process, readable in the database.
    private readonly string _holder = Truncate($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}", 200);
    private DateTimeOffset _newestShared = DateTimeOffset.MinValue;
    private LeaseObservation? _observedLease;
    private bool _readForItself;

    /// <summary>Whether this replica held the lease at its last check.</summary>
    public bool IsLeader { get; private set; }

    private TimeSpan Interval => options.Value.RefreshInterval;

    // This job makes the first load; and whatever this replica reads from the source (also a manual refresh) is
    // published for the others.
    protected override bool WaitsForFirstLoad => false;

    protected override Task OnInventoryChangedAsync(CancellationToken cancellationToken) => PublishAsync(cancellationToken);

    /// <summary>Takes or renews the lease; the holder refreshes when the inventory is an interval old, the others load the shared one.</summary>
    public Task CheckAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var replication = scope.ServiceProvider.GetRequiredService<InventoryReplication>();
        var wasLeader = IsLeader;
        IsLeader = await TryAcquireAsync(replication, cancellationToken);
        if (IsLeader && !wasLeader)
        {
            LogLeading(Logger, _holder);
        }

        if (IsLeader)
        {
            if (Store.Current is not { } current || Time.GetUtcNow() - current.Snapshot.RefreshedAt >= Interval)
            {
                await RefreshHoldingTheLeaseAsync(replication, cancellationToken);
            }
        }
        else if (await replication.LoadNewerThanAsync(Newest(), cancellationToken) is { } shared)
        {
            _newestShared = shared.RefreshedAt;
            await Store.ApplyAsync(shared);
        }
        else if (Store.Current is null && !_readForItself)
        {
            // Nothing shared yet: the holder started at the same moment and is still reading. Once only: if the source
            // is failing, every replica asking it every check would only add to the throttling.
            _readForItself = true;
            await Store.RefreshAsync(cancellationToken);
        }
    }

    // A refresh can outlast the lease (a large fleet, a throttled ARM): renewed on every check interval while it runs,
    // so no other replica takes over and reads the source at the same time.
    private async Task RefreshHoldingTheLeaseAsync(InventoryReplication replication, CancellationToken cancellationToken)
    {
        var refresh = Store.RefreshAsync(cancellationToken);
        var every = CheckIntervalFor(Interval);
        while (await Task.WhenAny(refresh, Task.Delay(every, Time, cancellationToken)) != refresh)
        {
            bool held;
            try
            {
                held = await TryAcquireAsync(replication, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database is away for a moment: the refresh carries on, the next check tries again.
                LogRenewalFailed(Logger, ex);
                continue;
            }

            if (IsLeader && !held)
            {
                LogLeaseLost(Logger, _holder);
            }

            IsLeader = held;
        }

        await refresh;
    }

    private async Task<bool> TryAcquireAsync(InventoryReplication replication, CancellationToken cancellationToken)
    {
        var attempt = await replication.TryAcquireAsync(_holder, Interval / 2, _observedLease, cancellationToken);
        _observedLease = attempt.Observed;
        return attempt.Acquired;
    }

    private static TimeSpan CheckIntervalFor(TimeSpan refreshInterval) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, refreshInterval.Ticks / 4));

    private DateTimeOffset Newest() =>
        Store.Current is { } current && current.Snapshot.RefreshedAt > _newestShared ? current.Snapshot.RefreshedAt : _newestShared;

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        // Called once per new fleet (not while a refresh runs): publish it unless it is one already shared.
        if (Store.Current is not { } current || current.Snapshot.RefreshedAt <= _newestShared)
        {
            return;
        }

        _newestShared = current.Snapshot.RefreshedAt;
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<InventoryReplication>().PublishAsync(current.Snapshot, _holder, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPublishFailed(Logger, ex);
        }
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[^length..];

    [LoggerMessage(Level = LogLevel.Information, Message = "This replica ({Holder}) now reads the inventory for all replicas")]
    private static partial void LogLeading(ILogger logger, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the inventory lease during a refresh failed; the next check tries again")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This replica ({Holder}) lost the inventory lease while refreshing; another replica now reads the source")]
    private static partial void LogLeaseLost(ILogger logger, string holder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing the inventory for the other replicas failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);
}
