using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Inventory;

/// <summary>
/// Holds the assessed fleet for every page and API call. Readers take <see cref="Current"/> (an immutable snapshot)
/// and subscribe for changes; refreshes that overlap share one load.
/// </summary>
public sealed partial class InventoryStore(
    IInventorySource source,
    PoolAssessor assessor,
    TimeProvider timeProvider,
    ILogger<InventoryStore> logger,
    IHostApplicationLifetime? lifetime = null)
{
    private readonly Lock _lock = new();
    private readonly List<Func<Task>> _subscribers = [];
    private readonly List<Action> _newFleetSubscribers = [];
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _refreshInProgress;

    public string SourceName => source.Name;

    /// <summary>The last good fleet; null until the first load succeeds. A failed refresh keeps the previous one.</summary>
    public FleetState? Current { get; private set; }

    public bool IsRefreshing => Volatile.Read(ref _refreshInProgress) is not null;

    /// <summary>Why the last refresh failed as a whole (null after a good one). Safe to show: never an exception message.</summary>
    public string? LastRefreshError { get; private set; }

    public DateTimeOffset? LastRefreshFailedAt { get; private set; }

    /// <summary>How far the running refresh has got; null when none runs.</summary>
    public InventoryLoadProgress? Progress { get; private set; }

    /// <summary>Completes when the first load has finished, well or badly.</summary>
    public Task WhenFirstLoadCompleted => _firstLoad.Task;

    /// <summary>Calls <paramref name="onChange"/> after every refresh starts or ends. Dispose to stop.</summary>
    public IDisposable Subscribe(Func<Task> onChange)
    {
        lock (_lock)
        {
            _subscribers.Add(onChange);
        }

        return new Subscription(this, onChange);
    }

    /// <summary>
    /// Calls <paramref name="onNewFleet"/> once each time <see cref="Current"/> is replaced (a finished refresh, a fleet
    /// another replica read, the current one judged again), never for progress. For background jobs: it must return at once
    /// (start the work, do not do it), so pages hear about the change without waiting. Dispose to stop.
    /// </summary>
    public IDisposable SubscribeToNewFleet(Action onNewFleet)
    {
        lock (_lock)
        {
            _newFleetSubscribers.Add(onNewFleet);
        }

        return new NewFleetSubscription(this, onNewFleet);
    }

    /// <summary>
    /// Reloads the inventory. A call while a refresh runs joins that refresh instead of starting another.
    /// <paramref name="cancellationToken"/> only stops this caller's wait: the shared load runs until the app stops.
    /// </summary>
    public Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        Task refresh;
        lock (_lock)
        {
            refresh = _refreshInProgress ??= RunRefreshAsync(lifetime?.ApplicationStopping ?? CancellationToken.None);
        }

        return cancellationToken.CanBeCanceled ? refresh.WaitAsync(cancellationToken) : refresh;
    }

    /// <summary>Shows a snapshot another replica read (see <see cref="InventoryReplication"/>), judged here.</summary>
    public async Task ApplyAsync(InventorySnapshot snapshot)
    {
        Current = FleetState.Build(snapshot, assessor, Today());
        LastRefreshError = null;
        LastRefreshFailedAt = null;
        _firstLoad.TrySetResult();
        NotifyNewFleet();
        await NotifyAsync();
    }

    /// <summary>Re-judges the current snapshot (e.g. on a new day) without reading the source again.</summary>
    public async Task ReassessAsync()
    {
        if (Current is { } current)
        {
            Current = FleetState.Build(current.Snapshot, assessor, Today());
            NotifyNewFleet();
            await NotifyAsync();
        }
    }

    private async Task RunRefreshAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        await NotifyAsync();
        var started = timeProvider.GetTimestamp();
        var replaced = false;
        try
        {
            var snapshot = await source.LoadAsync(new ProgressReporter(this), cancellationToken);
            Telemetry.DashboardMetrics.RefreshDuration.Record(timeProvider.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("source", source.Name));
            Current = FleetState.Build(snapshot, assessor, Today());
            LastRefreshError = null;
            LastRefreshFailedAt = null;
            LogRefreshed(snapshot.Clusters.Length, Current.Pools.Length, snapshot.Errors.Length);
            replaced = true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogRefreshCancelled();
        }
        catch (InventoryLoadException ex)
        {
            // The source wrote this message for people (e.g. ARM's own error code and text).
            LastRefreshError = ex.Message;
            LastRefreshFailedAt = timeProvider.GetUtcNow();
            LogRefreshFailed(ex, source.Name);
        }
        catch (Exception ex)
        {
            // Keep the last good fleet on screen; tell the user what happened without leaking internals.
            LastRefreshError = $"The {source.Name} inventory could not be read. See the server log for details.";
            LastRefreshFailedAt = timeProvider.GetUtcNow();
            LogRefreshFailed(ex, source.Name);
        }
        finally
        {
            lock (_lock)
            {
                _refreshInProgress = null;
            }

            Progress = null;
            _firstLoad.TrySetResult();
        }

        if (replaced)
        {
            NotifyNewFleet();
        }

        await NotifyAsync();
    }

    private void NotifyNewFleet()
    {
        Action[] subscribers;
        lock (_lock)
        {
            subscribers = [.. _newFleetSubscribers];
        }

        foreach (var subscriber in subscribers)
        {
            try
            {
                subscriber();
            }
            catch (Exception ex)
            {
                LogSubscriberFailed(ex);
            }
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);

    private async Task NotifyAsync()
    {
        Func<Task>[] subscribers;
        lock (_lock)
        {
            subscribers = [.. _subscribers];
        }

        foreach (var subscriber in subscribers)
        {
            try
            {
                await subscriber();
            }
            catch (Exception ex)
            {
                // One broken page (e.g. a circuit that just went away) must not stop the others hearing about the change.
                LogSubscriberFailed(ex);
            }
        }
    }

    private void Unsubscribe(Func<Task> onChange)
    {
        lock (_lock)
        {
            _subscribers.Remove(onChange);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inventory refreshed: {Clusters} clusters, {Pools} node pools, {Errors} errors.")]
    private partial void LogRefreshed(int clusters, int pools, int errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inventory refresh cancelled.")]
    private partial void LogRefreshCancelled();

    [LoggerMessage(Level = LogLevel.Error, Message = "Inventory refresh from {Source} failed.")]
    private partial void LogRefreshFailed(Exception exception, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An inventory change subscriber failed.")]
    private partial void LogSubscriberFailed(Exception exception);

    private sealed class ProgressReporter(InventoryStore store) : IProgress<InventoryLoadProgress>
    {
        public void Report(InventoryLoadProgress value)
        {
            store.Progress = value;
            _ = store.NotifyAsync();
        }
    }

    private sealed class Subscription(InventoryStore store, Func<Task> onChange) : IDisposable
    {
        public void Dispose() => store.Unsubscribe(onChange);
    }

    private sealed class NewFleetSubscription(InventoryStore store, Action onNewFleet) : IDisposable
    {
        public void Dispose()
        {
            lock (store._lock)
            {
                store._newFleetSubscribers.Remove(onNewFleet);
            }
        }
    }
}
