namespace AksUpgradeDashboard.Inventory;

/// <summary>
/// A background job that runs after the first inventory load, once per new fleet (never per progress report), and on
/// a fixed interval, one run at a time. A failed run is logged and the next trigger tries again. (The inventory's own refresher overrides the
/// two hooks: it makes the first load rather than waiting for it, and reacts to changes differently.)
/// </summary>
public abstract partial class InventoryFollowingService(InventoryStore store, TimeProvider time, TimeSpan interval, ILogger logger) : BackgroundService
{
    private readonly SemaphoreSlim _running = new(1, 1);
    private int _queued;

    protected InventoryStore Store => store;

    protected TimeProvider Time => time;

    protected ILogger Logger => logger;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = store.SubscribeToNewFleet(() => Queue(stoppingToken));
        try
        {
            if (WaitsForFirstLoad)
            {
                await store.WhenFirstLoadCompleted.WaitAsync(stoppingToken);
            }

            await RunAsync(stoppingToken);
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    // A new fleet sets off one run, on its own task (the store's other subscribers, the pages, do not wait for it); fleets
    // that arrive while that run waits to start are covered by it.
    private void Queue(CancellationToken stoppingToken)
    {
        if (Interlocked.Exchange(ref _queued, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await _running.WaitAsync(stoppingToken);
                _running.Release();
                Volatile.Write(ref _queued, 0);
                await OnInventoryChangedAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                // Shutting down.
            }
        }, CancellationToken.None);
    }

    /// <summary>Runs the job now (waiting for a run in progress to finish first).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _running.WaitAsync(cancellationToken);
        try
        {
            await RunOnceAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, GetType().Name, ex);
        }
        finally
        {
            _running.Release();
        }
    }

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Whether the first run waits for the first inventory load (true unless the job makes that load).</summary>
    protected virtual bool WaitsForFirstLoad => true;

    /// <summary>What a new fleet (a finished refresh, a shared fleet) sets off: by default, a run.</summary>
    protected virtual Task OnInventoryChangedAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken);

    public override void Dispose()
    {
        _running.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job} failed; the next refresh or interval tries again")]
    private static partial void LogFailed(ILogger logger, string job, Exception exception);
}
