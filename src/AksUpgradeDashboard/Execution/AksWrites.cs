using AksUpgradeDashboard.Azure;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model.Execution;
using AksUpgradeDashboard.Model.Windows;
using Azure.Core;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Execution;

/// <summary>A write as sent: ARM's answer, and the URL to follow when ARM gave no operation URL (the resource itself).</summary>
public sealed record SentStep(ArmResponse Response, Uri Resource);

/// <summary>
/// The AKS writes a step makes, through <see cref="ArmRestClient"/> (the Azure.Core pipeline: bearer token, retries,
/// timeouts). A PUT sends back the resource exactly as read with one property changed, guarded by its ETag.
/// </summary>
/// <remarks>
/// The client is resolved on the first write, not when this is created: the window page and the execution API create
/// it (through <see cref="ExecutionService"/>) with any inventory source, and with the sample no Azure credential is
/// configured, so building the client there threw and every window page failed.
/// </remarks>
public sealed class AksWrites(IServiceProvider services, IOptions<AzureOptions> options)
{
    private ArmRestClient? _client;

    private ArmRestClient Client => _client ??= services.GetRequiredService<ArmRestClient>();

    private string ApiVersion => options.Value.ApiVersions.ManagedClusters;

    public Uri ClusterUri(UpgradeWindowEntity window, string? suffix = null) => Client.Resolve(
        $"subscriptions/{window.SubscriptionId}/resourceGroups/{window.ResourceGroup}/providers/Microsoft.ContainerService/managedClusters/{window.ClusterName}{suffix}?api-version={ApiVersion}");

    public Uri PoolUri(UpgradeWindowEntity window, string pool, string? suffix = null) => ClusterUri(window, $"/agentPools/{pool}{suffix}");

    /// <summary>Whether <paramref name="url"/> is on the configured ARM endpoint (the only host our token goes to).</summary>
    public bool IsArmUrl(string url) => Client.IsOnEndpoint(url);

    public Task<ArmResponse> GetAsync(Uri uri, CancellationToken cancellationToken) =>
        Client.SendAsync(RequestMethod.Get, uri, null, null, cancellationToken);

    /// <summary>One poll of an operation (or of the resource, where ARM gave no operation URL).</summary>
    public Task<ArmResponse> PollAsync(string url, CancellationToken cancellationToken) =>
        Client.SendAsync(RequestMethod.Get, new Uri(url), null, null, cancellationToken);

    /// <summary>Sends the write of <paramref name="step"/>. A read that fails is returned as the answer (nothing was written).</summary>
    public async Task<SentStep> SendAsync(UpgradeWindowEntity window, PlannedStep step, CancellationToken cancellationToken, RecommendedUpgradeSettings? settings = null)
    {
        switch (step.Kind)
        {
            case StepKind.ApplyUpgradeSettings:
                ArgumentNullException.ThrowIfNull(settings);
                var resource = PoolUri(window, step.Pool!);
                var read = await GetAsync(resource, cancellationToken);
                if (read.Status != 200 || read.Body is null)
                {
                    return new(read, resource);
                }

                var etag = ArmResourceJson.ETag(read.Body) is { } e ? new Dictionary<string, string> { ["If-Match"] = e } : null;
                return new(await Client.SendAsync(RequestMethod.Put, resource, ArmResourceJson.WithUpgradeSettings(read.Body, settings), etag, cancellationToken), resource);

            case StepKind.UpgradeNodeImage:
                var pool = PoolUri(window, step.Pool!);
                return new(await Client.SendAsync(RequestMethod.Post, PoolUri(window, step.Pool!, "/upgradeNodeImageVersion"), null, null, cancellationToken), pool);

            case StepKind.ChangeOsSku:
                return await ChangeAsync(PoolUri(window, step.Pool!), "osSKU", window.Target!, cancellationToken);

            case StepKind.UpgradePoolVersion:
                return await ChangeAsync(PoolUri(window, step.Pool!), "orchestratorVersion", window.Target!, cancellationToken);

            case StepKind.UpgradeControlPlane:
                return await ChangeAsync(ClusterUri(window), "kubernetesVersion", window.Target!, cancellationToken);

            case StepKind.CreatePool:
                var old = await GetAsync(PoolUri(window, step.Pool!), cancellationToken);
                var created = PoolUri(window, step.NewPool!);
                if (old.Status != 200 || old.Body is null)
                {
                    return new(old, created);
                }

                // If-None-Match: * — never overwrite a pool that already has the new name.
                return new(await Client.SendAsync(RequestMethod.Put, created, ArmResourceJson.NewPoolBody(old.Body, window.Target!),
                    new Dictionary<string, string> { ["If-None-Match"] = "*" }, cancellationToken), created);

            case StepKind.DeletePool:
                var deleted = PoolUri(window, step.Pool!);
                return new(await Client.SendAsync(RequestMethod.Delete, deleted, null, null, cancellationToken), deleted);

            default:
                throw new InvalidOperationException($"Step {step.Kind} is a person's, not a write.");
        }
    }

    /// <summary>
    /// Asks AKS to abort the operation running on the pool (or, without a pool, on the cluster) and says, for the window
    /// and the audit trail, what AKS answered. Never throws for ARM's answer or an unreachable ARM: the run stops either way.
    /// </summary>
    public async Task<string> AbortAsync(UpgradeWindowEntity window, string? pool, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await Client.SendAsync(RequestMethod.Post, pool is null ? ClusterUri(window, "/abort") : PoolUri(window, pool, "/abort"), null, null, cancellationToken);
            return answer.Status < 300
                ? $"AKS accepted the abort of the operation on {(pool is null ? "the cluster" : $"pool {pool}")} (request id {answer.RequestId ?? "none"})."
                : $"AKS refused the abort ({answer.Error?.Code ?? $"HTTP {answer.Status}"}: {answer.Error?.Message}); check the cluster in the Azure portal.";
        }
        catch (ArmRequestException ex)
        {
            return $"The abort could not be sent ({ex.Error.Code}); check the cluster in the Azure portal.";
        }
    }

    // Read, change one property, PUT back with If-Match: a change made in between gets 412 instead of being overwritten.
    private async Task<SentStep> ChangeAsync(Uri resource, string property, string value, CancellationToken cancellationToken)
    {
        var current = await GetAsync(resource, cancellationToken);
        if (current.Status != 200 || current.Body is null)
        {
            return new(current, resource);
        }

        var headers = ArmResourceJson.ETag(current.Body) is { } etag ? new Dictionary<string, string> { ["If-Match"] = etag } : null;
        return new(await Client.SendAsync(RequestMethod.Put, resource, ArmResourceJson.WithProperty(current.Body, property, value), headers, cancellationToken), resource);
    }
}
