using System.Collections.Immutable;
using System.Text.Json;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Azure.Sample;

/// <summary>
/// The embedded sample fleet (sample-fleet.json): verbatim ARM response bodies read through
/// <see cref="ArmInventoryMapper"/>, the same code that maps a real fleet.
/// </summary>
public sealed class SampleInventorySource(TimeProvider timeProvider) : IInventorySource
{
    public const string SourceName = "Sample";
    private const string ResourceName = "AksUpgradeDashboard.Azure.Sample.sample-fleet.json";

    // Parsed once: the data is immutable and every refresh would read the same bytes.
    private static readonly Lazy<JsonDocument> s_document = new(() =>
    {
        using var stream = typeof(SampleInventorySource).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the build.");
        return JsonDocument.Parse(stream);
    });

    public string Name => SourceName;

    internal static JsonDocument Document => s_document.Value;

    public Task<InventorySnapshot> LoadAsync(IProgress<InventoryLoadProgress>? progress, CancellationToken cancellationToken) =>
        Task.FromResult(Load(s_document.Value.RootElement, timeProvider.GetUtcNow()));

    internal static InventorySnapshot Load(JsonElement root, DateTimeOffset refreshedAt)
    {
        var errors = new List<InventoryError>();
        var subscriptions = ImmutableArray.CreateBuilder<SubscriptionInfo>();
        var clusters = ImmutableArray.CreateBuilder<ClusterInfo>();

        root.TryGetProperty("subscriptionErrors", out var subscriptionErrors);
        root.TryGetProperty("managedClusters", out var clustersBySubscription);
        foreach (var item in ArmInventoryMapper.PageItems(root.GetProperty("subscriptions")))
        {
            if (ArmInventoryMapper.MapSubscription(item) is not { } subscription)
            {
                continue;
            }

            if (subscriptionErrors.ValueKind == JsonValueKind.Object
                && subscriptionErrors.TryGetProperty(subscription.SubscriptionId, out var errorBody))
            {
                var error = ArmInventoryMapper.MapError(errorBody.GetRawText(), 403, subscription.SubscriptionId);
                errors.Add(error);
                subscriptions.Add(subscription with { Error = error });
                continue;
            }

            subscriptions.Add(subscription);
            if (clustersBySubscription.ValueKind == JsonValueKind.Object
                && clustersBySubscription.TryGetProperty(subscription.SubscriptionId, out var page))
            {
                foreach (var clusterItem in ArmInventoryMapper.PageItems(page))
                {
                    if (ArmInventoryMapper.MapCluster(clusterItem, subscription.SubscriptionId, errors) is { } cluster)
                    {
                        clusters.Add(cluster);
                    }
                }
            }
        }

        var latest = ImmutableArray.CreateBuilder<LatestNodeImage>();
        if (root.TryGetProperty("nodeImageVersions", out var imagesByLocation) && imagesByLocation.ValueKind == JsonValueKind.Object)
        {
            foreach (var location in imagesByLocation.EnumerateObject())
            {
                foreach (var item in ArmInventoryMapper.PageItems(location.Value))
                {
                    if (ArmInventoryMapper.MapNodeImageVersion(item, location.Name) is { } image)
                    {
                        latest.Add(image);
                    }
                }
            }
        }

        var kubernetesVersions = ImmutableArray.CreateBuilder<KubernetesMinorRelease>();
        if (root.TryGetProperty("kubernetesVersions", out var versionsByLocation) && versionsByLocation.ValueKind == JsonValueKind.Object)
        {
            foreach (var location in versionsByLocation.EnumerateObject())
            {
                kubernetesVersions.AddRange(ArmInventoryMapper.PageItems(location.Value)
                    .Select(item => ArmInventoryMapper.MapKubernetesVersion(item, location.Name))
                    .OfType<KubernetesMinorRelease>());
            }
        }

        return new InventorySnapshot
        {
            Source = SourceName,
            RefreshedAt = refreshedAt,
            Subscriptions = subscriptions.ToImmutable(),
            Clusters = clusters.ToImmutable(),
            LatestImages = latest.ToImmutable(),
            KubernetesVersions = kubernetesVersions.ToImmutable(),
            Errors = [.. errors],
            HasReleaseHistory = root.TryGetProperty("releaseHistory", out var history) && history.ValueKind == JsonValueKind.True,
        };
    }
}
