using System.Collections.Concurrent;
using System.Collections.Immutable;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Azure;

/// <summary>One ARM list call per cluster page view, cached for the inventory snapshot it belongs to.</summary>
public sealed class AzureMaintenanceConfigurationReader(ArmRestClient client, IOptions<AzureOptions> options, InventoryStore store) : IMaintenanceConfigurationReader
{
    private readonly ConcurrentDictionary<(string ClusterId, DateTimeOffset RefreshedAt), MaintenanceConfigurationsResult> _cache = new();

    public async Task<MaintenanceConfigurationsResult> GetAsync(ClusterInfo cluster, CancellationToken cancellationToken)
    {
        var key = (cluster.Id.ToUpperInvariant(), store.Current?.Snapshot.RefreshedAt ?? default);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        MaintenanceConfigurationsResult result;
        try
        {
            var items = ImmutableArray.CreateBuilder<MaintenanceConfigurationInfo>();
            var uri = client.Resolve($"{cluster.Id.TrimStart('/')}/maintenanceConfigurations?api-version={options.Value.ApiVersions.ManagedClusters}");
            await foreach (var page in client.GetPagesAsync(uri, cancellationToken))
            {
                items.AddRange(ArmInventoryMapper.PageItems(page).Select(MaintenanceConfigurationMapper.Map).OfType<MaintenanceConfigurationInfo>());
            }

            result = new MaintenanceConfigurationsResult(items.ToImmutable());
        }
        catch (ArmRequestException ex)
        {
            result = new MaintenanceConfigurationsResult([], ex.Error);
        }

        // Only the current snapshot's entries are worth keeping.
        foreach (var old in _cache.Keys.Where(k => k.RefreshedAt != key.Item2))
        {
            _cache.TryRemove(old, out _);
        }

        _cache[key] = result;
        return result;
    }
}
