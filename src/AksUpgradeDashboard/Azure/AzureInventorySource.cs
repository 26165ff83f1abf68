using System.Collections.Concurrent;
using System.Collections.Immutable;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Azure;

/// <summary>
/// Reads the fleet from Azure Resource Manager. Requests per refresh do not grow with the number of pools:
/// one subscriptions list, one managedClusters list per subscription (plus pages), one nodeImageVersions list and one
/// kubernetesVersions list per region. Where a region has no nodeImageVersions (the API is preview-only), it falls back to one agent-pool upgrade
/// profile per (region, image SKU), never one per pool.
/// </summary>
public sealed partial class AzureInventorySource(
    ArmRestClient client,
    IOptions<AzureOptions> azureOptions,
    IOptions<InventoryOptions> inventoryOptions,
    TimeProvider timeProvider,
    ILogger<AzureInventorySource> logger) : IInventorySource
{
    public const string SourceName = "Azure";

    private static readonly string[] s_readableStates = ["Enabled", "Warned", "PastDue"];

    public string Name => SourceName;

    public async Task<InventorySnapshot> LoadAsync(IProgress<InventoryLoadProgress>? progress, CancellationToken cancellationToken)
    {
        var versions = azureOptions.Value.ApiVersions;
        using var gate = new SemaphoreSlim(inventoryOptions.Value.MaxConcurrency);
        var errors = new ConcurrentQueue<InventoryError>();

        var subscriptions = await ListSubscriptionsAsync(versions.Subscriptions, cancellationToken);
        foreach (var failed in subscriptions.Where(s => s.Error is not null))
        {
            errors.Enqueue(failed.Error!);
        }

        // Clusters, one subscription at a time per slot; a failing subscription is reported, never fatal.
        var readable = subscriptions.Where(s => s.Error is null).ToList();
        var done = 0;
        progress?.Report(new InventoryLoadProgress("Reading subscriptions", 0, readable.Count));
        var clusterResults = await Task.WhenAll(readable.Select(async subscription =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var clusters = new List<ClusterInfo>();
                var clusterErrors = new List<InventoryError>();
                var uri = client.Resolve($"subscriptions/{subscription.SubscriptionId}/providers/Microsoft.ContainerService/managedClusters?api-version={versions.ManagedClusters}");
                await foreach (var page in client.GetPagesAsync(uri, cancellationToken))
                {
                    foreach (var item in ArmInventoryMapper.PageItems(page))
                    {
                        if (ArmInventoryMapper.MapCluster(item, subscription.SubscriptionId, clusterErrors) is { } cluster)
                        {
                            clusters.Add(cluster);
                        }
                    }
                }

                foreach (var e in clusterErrors)
                {
                    errors.Enqueue(e);
                }

                return (Subscription: subscription, Clusters: clusters);
            }
            catch (ArmRequestException ex)
            {
                var error = ex.Error with { SubscriptionId = subscription.SubscriptionId };
                LogSubscriptionFailed(subscription.SubscriptionId, error.Code, ex.Status);
                errors.Enqueue(error);
                return (Subscription: subscription with { Error = error }, Clusters: new List<ClusterInfo>());
            }
            finally
            {
                gate.Release();
                progress?.Report(new InventoryLoadProgress("Reading subscriptions", Interlocked.Increment(ref done), readable.Count));
            }
        }));

        var finalSubscriptions = subscriptions
            .Select(s => clusterResults.FirstOrDefault(r => r.Subscription.SubscriptionId == s.SubscriptionId).Subscription ?? s)
            .ToImmutableArray();
        var allClusters = clusterResults.SelectMany(r => r.Clusters).ToImmutableArray();

        progress?.Report(new InventoryLoadProgress("Reading latest node images", 0, 1));
        var kubernetesVersions = ReadKubernetesVersionsAsync(allClusters, versions, gate, errors, cancellationToken);
        var latestImages = ReadLatestImagesAsync(allClusters, versions, gate, errors, cancellationToken);
        await Task.WhenAll(kubernetesVersions, latestImages);

        return new InventorySnapshot
        {
            Source = SourceName,
            RefreshedAt = timeProvider.GetUtcNow(),
            Subscriptions = finalSubscriptions,
            Clusters = allClusters,
            LatestImages = await latestImages,
            KubernetesVersions = await kubernetesVersions,
            Errors = [.. errors],
            HasReleaseHistory = false,
        };
    }

    private async Task<List<SubscriptionInfo>> ListSubscriptionsAsync(string apiVersion, CancellationToken cancellationToken)
    {
        var visible = new List<SubscriptionInfo>();
        try
        {
            await foreach (var page in client.GetPagesAsync(client.Resolve($"subscriptions?api-version={apiVersion}"), cancellationToken))
            {
                visible.AddRange(ArmInventoryMapper.PageItems(page).Select(ArmInventoryMapper.MapSubscription).OfType<SubscriptionInfo>());
            }
        }
        catch (ArmRequestException ex)
        {
            throw new InventoryLoadException($"Azure subscriptions could not be listed ({ex.Error.Code}): {ex.Error.Message}", ex);
        }

        var allowList = azureOptions.Value.Subscriptions;
        var chosen = allowList.Count == 0
            ? visible
            : allowList.Select(id => visible.FirstOrDefault(s => string.Equals(s.SubscriptionId, id, StringComparison.OrdinalIgnoreCase))
                    ?? new SubscriptionInfo(id, id, null, new InventoryError("SubscriptionNotFound", $"Subscription {id} (in Azure:Subscriptions) is not visible to the credential.", id)))
                .ToList();

        return [.. chosen
            .DistinctBy(s => s.SubscriptionId, StringComparer.OrdinalIgnoreCase)
            .Select(s => s.Error is null && s.State is { } state && !s_readableStates.Contains(state, StringComparer.OrdinalIgnoreCase)
                ? s with { Error = new InventoryError("SubscriptionNotEnabled", $"The subscription is {state}; its clusters cannot be read.", s.SubscriptionId) }
                : s)];
    }

    private async Task<ImmutableArray<LatestNodeImage>> ReadLatestImagesAsync(
        ImmutableArray<ClusterInfo> clusters, AzureApiVersions versions, SemaphoreSlim gate, ConcurrentQueue<InventoryError> errors, CancellationToken cancellationToken)
    {
        var byLocation = ByRegion(clusters);

        var results = await Task.WhenAll(byLocation.Select(async group =>
        {
            var location = group.Key;
            // Any subscription with a cluster in the region can ask; the latest images do not differ by subscription.
            var subscriptionId = group.First().SubscriptionId;
            await gate.WaitAsync(cancellationToken);
            try
            {
                var images = new List<LatestNodeImage>();
                var uri = client.Resolve($"subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/locations/{Uri.EscapeDataString(location)}/nodeImageVersions?api-version={versions.NodeImageVersions}");
                await foreach (var page in client.GetPagesAsync(uri, cancellationToken))
                {
                    images.AddRange(ArmInventoryMapper.PageItems(page).Select(i => ArmInventoryMapper.MapNodeImageVersion(i, location)).OfType<LatestNodeImage>());
                }

                return images;
            }
            catch (ArmRequestException ex) when (ex.Status is 400 or 404)
            {
                LogNodeImageVersionsUnavailable(location, ex.Error.Code);
                return null; // fall back below, outside the gate
            }
            catch (ArmRequestException ex)
            {
                errors.Enqueue(new InventoryError(ex.Error.Code, $"Latest node images for {location} could not be read: {ex.Error.Message}", subscriptionId));
                return [];
            }
            finally
            {
                gate.Release();
            }
        }));

        var latest = ImmutableArray.CreateBuilder<LatestNodeImage>();
        for (var i = 0; i < byLocation.Count; i++)
        {
            latest.AddRange(results[i] ?? await ReadFromUpgradeProfilesAsync(byLocation[i].Key, byLocation[i], versions, gate, errors, cancellationToken));
        }

        return latest.ToImmutable();
    }

    /// <summary>One kubernetesVersions list per region (any subscription with a cluster there may ask); a failure is reported.</summary>
    private async Task<ImmutableArray<KubernetesMinorRelease>> ReadKubernetesVersionsAsync(
        ImmutableArray<ClusterInfo> clusters, AzureApiVersions versions, SemaphoreSlim gate, ConcurrentQueue<InventoryError> errors, CancellationToken cancellationToken)
    {
        // Any subscription with a cluster in the region can ask; the answer does not differ by subscription.
        var regions = ByRegion(clusters).Select(g => (Location: g.Key, SubscriptionId: g.First().SubscriptionId));

        var results = await Task.WhenAll(regions.Select(async region =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var releases = new List<KubernetesMinorRelease>();
                var uri = client.Resolve($"subscriptions/{region.SubscriptionId}/providers/Microsoft.ContainerService/locations/{Uri.EscapeDataString(region.Location)}/kubernetesVersions?api-version={versions.KubernetesVersions}");
                await foreach (var page in client.GetPagesAsync(uri, cancellationToken))
                {
                    releases.AddRange(ArmInventoryMapper.PageItems(page).Select(i => ArmInventoryMapper.MapKubernetesVersion(i, region.Location)).OfType<KubernetesMinorRelease>());
                }

                return releases;
            }
            catch (ArmRequestException ex)
            {
                errors.Enqueue(new InventoryError(ex.Error.Code, $"The Kubernetes versions offered in {region.Location} could not be read: {ex.Error.Message}", region.SubscriptionId));
                return [];
            }
            finally
            {
                gate.Release();
            }
        }));

        return [.. results.SelectMany(r => r)];
    }

    /// <summary>The clusters of each region the fleet uses, keyed by the normalized location.</summary>
    private static List<IGrouping<string, ClusterInfo>> ByRegion(ImmutableArray<ClusterInfo> clusters) =>
        [.. clusters.Where(c => c.Location.Length > 0).GroupBy(c => LatestImageIndex.NormalizeLocation(c.Location), StringComparer.OrdinalIgnoreCase)];

    private async Task<List<LatestNodeImage>> ReadFromUpgradeProfilesAsync(
        string location, IEnumerable<ClusterInfo> clusters, AzureApiVersions versions, SemaphoreSlim gate, ConcurrentQueue<InventoryError> errors, CancellationToken cancellationToken)
    {
        // One representative pool per image lineage: every pool of a lineage in a region has the same latest image.
        var representatives = clusters
            .SelectMany(c => c.NodePools.Select(p => (Cluster: c, Pool: p, Image: NodeImageVersionParser.Parse(p.NodeImageVersion))))
            .Where(x => x.Image.IsRecognised)
            .GroupBy(x => x.Image.Lineage, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .ToList();

        var found = await Task.WhenAll(representatives.Select(async r =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var c = r.Cluster;
                var uri = client.Resolve(
                    $"subscriptions/{c.SubscriptionId}/resourceGroups/{Uri.EscapeDataString(c.ResourceGroup)}/providers/Microsoft.ContainerService/managedClusters/{Uri.EscapeDataString(c.Name)}/agentPools/{Uri.EscapeDataString(r.Pool.Name)}/upgradeProfiles/default?api-version={versions.ManagedClusters}");
                var profile = await client.GetAsync(uri, cancellationToken);
                var latestName = profile.TryGetProperty("properties", out var props)
                    && props.TryGetProperty("latestNodeImageVersion", out var value)
                    && value.ValueKind == System.Text.Json.JsonValueKind.String
                        ? value.GetString()
                        : null;
                var parsed = NodeImageVersionParser.Parse(latestName);
                return parsed.IsRecognised ? new LatestNodeImage(location, parsed.Raw) : null;
            }
            catch (ArmRequestException ex)
            {
                errors.Enqueue(new InventoryError(ex.Error.Code, $"The latest {r.Image.Lineage} image in {location} could not be read: {ex.Error.Message}", r.Cluster.SubscriptionId));
                return null;
            }
            finally
            {
                gate.Release();
            }
        }));

        return [.. found.OfType<LatestNodeImage>()];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} could not be read: {Code} (HTTP {Status}).")]
    private partial void LogSubscriptionFailed(string subscriptionId, string code, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "nodeImageVersions is not available in {Location} ({Code}); using agent pool upgrade profiles.")]
    private partial void LogNodeImageVersionsUnavailable(string location, string code);
}
