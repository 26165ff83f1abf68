using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AksUpgradeDashboard.ArmEmulator;

/// <summary>
/// The write side: agent pool PUT/DELETE/upgradeNodeImageVersion/abort, managed cluster PUT/abort, and the long-running
/// operations they start (Azure-AsyncOperation status and Location result URLs).
/// </summary>
/// <remarks>
/// Shapes come from the azure-rest-api-specs examples (aks/stable/2025-10-01 and 2026-08-01): AgentPoolsUpgradeNodeImageVersion.json
/// (202 + pool body with provisioningState UpgradingNodeImageVersion + Azure-AsyncOperation without a /subscriptions prefix),
/// AgentPoolsCreate_Update.json (200 update / 201 create, Creating), AgentPoolsDelete.json (202 + location operationresults,
/// 204), AgentPoolsAbortOperation.json and ManagedClustersAbortOperation.json (204 or 202), and
/// aks/preview/2025-05-02-preview OperationStatusResultGet.json for the status body (<c>{id, name, status, startTime}</c>).
/// An operation ends only when polled: after <see cref="ArmEmulatorOptions.OperationPollsBeforeDone"/> polls that answer
/// InProgress, unless <see cref="ArmEmulatorOptions.HoldOperations"/> is set.
/// </remarks>
public sealed partial class ArmEmulator
{
    private const string AgentPoolType = "Microsoft.ContainerService/managedClusters/agentPools";
    private const string ManagedClusterType = "Microsoft.ContainerService/managedClusters";

    // Writes are not throttled; the header reports a full ARM write bucket (200, arm-rest.md §6) less this request.
    private const string RemainingWrites = "199";

    private readonly ConcurrentDictionary<string, OperationState> _operations = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _failNextLock = new();
    private (string Code, string Message)? _failNext;

    /// <summary>A snapshot of every long-running operation started so far, oldest first.</summary>
    public IReadOnlyList<EmulatedOperation> Operations
    {
        get
        {
            var snapshots = new List<(DateTimeOffset Start, EmulatedOperation Operation)>();
            foreach (var operation in _operations.Values)
            {
                lock (operation.Cluster.Gate)
                {
                    snapshots.Add((operation.StartTime, operation.ToSnapshot()));
                }
            }

            return [.. snapshots.OrderBy(s => s.Start).Select(s => s.Operation)];
        }
    }

    /// <summary>
    /// Makes the next operation started end <see cref="EmulatedOperationStatus.Failed"/> with this error (in its status body),
    /// leaving the resource's provisioningState <c>Failed</c> and none of its changes applied. Replaces a failure not yet used.
    /// </summary>
    public void FailNextOperation(string code, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(message);
        lock (_failNextLock)
        {
            _failNext = (code, message);
        }
    }

    /// <summary>The AgentPool resource JSON served now for a pool, or null when there is no such pool.</summary>
    public string? PoolJson(string subscriptionId, string resourceGroup, string cluster, string pool) =>
        _fleet.FindCluster(subscriptionId, resourceGroup, cluster)?.FindPool(pool) is { } served ? Encoding.UTF8.GetString(served.Json) : null;

    /// <summary>The ManagedCluster resource JSON served now for a cluster, or null when there is no such cluster.</summary>
    public string? ClusterJson(string subscriptionId, string resourceGroup, string cluster) =>
        _fleet.FindCluster(subscriptionId, resourceGroup, cluster) is { } served ? Encoding.UTF8.GetString(served.Json) : null;

    private static bool IsWrite(string method) =>
        HttpMethods.IsPut(method) || HttpMethods.IsPost(method) || HttpMethods.IsDelete(method) || HttpMethods.IsPatch(method);

    /// <summary>Routes a write under <c>…/managedClusters/{name}</c> (the cluster exists).</summary>
    private Task ClusterWriteRouteAsync(HttpContext context, string[] s, ServedCluster cluster, string apiVersion, CancellationToken cancellationToken)
    {
        var method = context.Request.Method;
        var pools = s.Length >= 10 && Is(s[8], "agentPools");
        return s.Length switch
        {
            8 when HttpMethods.IsPut(method) => PutClusterAsync(context, cluster, apiVersion, cancellationToken),
            9 when HttpMethods.IsPost(method) && Is(s[8], "abort") => AbortAsync(context, cluster, null, cancellationToken),
            10 when pools && HttpMethods.IsPut(method) => PutPoolAsync(context, cluster, s[9], apiVersion, cancellationToken),
            10 when pools && HttpMethods.IsDelete(method) => SendAsync(context, DeletePool(context, cluster, s[9]), apiVersion, cancellationToken),
            11 when pools && HttpMethods.IsPost(method) && Is(s[10], "upgradeNodeImageVersion") =>
                SendAsync(context, UpgradeNodeImage(context, cluster, s[9]), apiVersion, cancellationToken),
            11 when pools && HttpMethods.IsPost(method) && Is(s[10], "abort") => AbortAsync(context, cluster, s[9], cancellationToken),
            _ => NotFoundAsync(context, cancellationToken),
        };
    }

    private Reply UpgradeNodeImage(HttpContext context, ServedCluster cluster, string poolName)
    {
        lock (cluster.Gate)
        {
            if (cluster.PoolModel(poolName) is not { } pool)
            {
                return PoolNotFound(cluster, poolName);
            }

            if (Conflict(cluster) is { } conflict)
            {
                return conflict;
            }

            Properties(pool)["provisioningState"] = "UpgradingNodeImageVersion";
            var operation = Start(context, cluster, EmulatedOperationKind.UpgradeNodeImageVersion, PoolId(cluster, pool), PoolName(pool));
            cluster.Publish();
            return new Reply(StatusCodes.Status202Accepted, cluster.FindPool(poolName)!.Json, operation);
        }
    }

    private async Task PutPoolAsync(HttpContext context, ServedCluster cluster, string poolName, string apiVersion, CancellationToken cancellationToken)
    {
        if (await ReadBodyAsync(context, cancellationToken) is not { } body)
        {
            await SendAsync(context, InvalidContent(), apiVersion, cancellationToken);
            return;
        }

        await SendAsync(context, PutPool(context, cluster, poolName, body), apiVersion, cancellationToken);
    }

    /// <summary>
    /// The stored pool becomes the request body (unknown properties kept) with the server-owned fields set: id, name, type,
    /// provisioningState, a new eTag, and the read-only currentOrchestratorVersion (and nodeImageVersion when the body has none).
    /// </summary>
    private Reply PutPool(HttpContext context, ServedCluster cluster, string poolName, JsonObject resource)
    {
        lock (cluster.Gate)
        {
            var existing = cluster.PoolModel(poolName);
            if (Conflict(cluster) is { } conflict)
            {
                return conflict;
            }

            if (Precondition(context.Request, existing is null ? null : Properties(existing)["eTag"], existing is not null) is { } failed)
            {
                return failed;
            }

            var name = existing is null ? poolName : PoolName(existing);
            resource["id"] = $"{cluster.Id}/agentPools/{name}";
            resource["name"] = name;
            resource["type"] = AgentPoolType;
            var properties = Properties(resource);
            var clusterVersion = ServedCluster.Text(cluster.ClusterModel()["properties"]?["kubernetesVersion"]);
            string? previousOsSku = null;
            string? previousImage = null;
            if (existing is null)
            {
                // AgentPoolsCreate_Update.json: an empty orchestratorVersion becomes the cluster's, shown at once in the 201.
                if (string.IsNullOrEmpty(ServedCluster.Text(properties["orchestratorVersion"])) && clusterVersion is not null)
                {
                    properties["orchestratorVersion"] = clusterVersion;
                }

                properties["currentOrchestratorVersion"] = properties["orchestratorVersion"]?.DeepClone();
                properties["provisioningState"] = "Creating";
            }
            else
            {
                var old = Properties(existing);
                previousOsSku = ServedCluster.Text(old["osSKU"]);
                previousImage = ServedCluster.Text(old["nodeImageVersion"]);
                if (string.IsNullOrEmpty(ServedCluster.Text(properties["orchestratorVersion"])))
                {
                    properties["orchestratorVersion"] = old["orchestratorVersion"]?.DeepClone();
                }

                properties["currentOrchestratorVersion"] = old["currentOrchestratorVersion"]?.DeepClone();
                if (properties["nodeImageVersion"] is null && previousImage is not null)
                {
                    properties["nodeImageVersion"] = previousImage;
                }

                properties["provisioningState"] = "Updating";
            }

            properties["eTag"] = NewETag();
            cluster.PutPool(resource);
            var kind = existing is null ? EmulatedOperationKind.CreateAgentPool : EmulatedOperationKind.UpdateAgentPool;
            var operation = Start(context, cluster, kind, PoolId(cluster, resource), name, previousOsSku, previousImage);
            cluster.Publish();
            return new Reply(existing is null ? StatusCodes.Status201Created : StatusCodes.Status200OK, cluster.FindPool(name)!.Json, operation);
        }
    }

    private Reply DeletePool(HttpContext context, ServedCluster cluster, string poolName)
    {
        lock (cluster.Gate)
        {
            if (cluster.PoolModel(poolName) is not { } pool)
            {
                return new Reply(StatusCodes.Status204NoContent, null, null); // AgentPoolsDelete.json: 204 when there is nothing to delete
            }

            if (Conflict(cluster) is { } conflict)
            {
                return conflict;
            }

            Properties(pool)["provisioningState"] = "Deleting";
            var operation = Start(context, cluster, EmulatedOperationKind.DeleteAgentPool, PoolId(cluster, pool), PoolName(pool));
            cluster.Publish();
            return new Reply(StatusCodes.Status202Accepted, null, operation);
        }
    }

    private async Task PutClusterAsync(HttpContext context, ServedCluster cluster, string apiVersion, CancellationToken cancellationToken)
    {
        if (await ReadBodyAsync(context, cancellationToken) is not { } body)
        {
            await SendAsync(context, InvalidContent(), apiVersion, cancellationToken);
            return;
        }

        await SendAsync(context, PutCluster(context, cluster, body), apiVersion, cancellationToken);
    }

    /// <summary>
    /// The stored cluster becomes the request body (unknown properties kept) with id, name, type, a new top-level eTag and
    /// provisioningState set; currentKubernetesVersion stays until the operation succeeds. agentPoolProfiles always show the
    /// pools as they are (change pools through the agentPools routes).
    /// </summary>
    private Reply PutCluster(HttpContext context, ServedCluster cluster, JsonObject resource)
    {
        lock (cluster.Gate)
        {
            if (Conflict(cluster) is { } conflict)
            {
                return conflict;
            }

            var model = cluster.ClusterModel();
            if (Precondition(context.Request, model["eTag"], exists: true) is { } failed)
            {
                return failed;
            }

            var old = model["properties"] as JsonObject ?? [];
            var current = ServedCluster.Text(old["currentKubernetesVersion"]) ?? ServedCluster.Text(old["kubernetesVersion"]);
            resource["id"] = cluster.Id;
            resource["name"] = cluster.Name;
            resource["type"] = ManagedClusterType;
            if (resource["location"] is null && cluster.Location is not null)
            {
                resource["location"] = cluster.Location;
            }

            resource["eTag"] = NewETag();
            var properties = Properties(resource);
            if (current is not null)
            {
                properties["currentKubernetesVersion"] = current;
            }

            var wanted = ServedCluster.Text(properties["kubernetesVersion"]);
            var upgrading = !string.IsNullOrEmpty(wanted) && !string.Equals(wanted, current, StringComparison.OrdinalIgnoreCase);
            properties["provisioningState"] = upgrading ? "Upgrading" : "Updating";
            cluster.PutCluster(resource);
            var operation = Start(context, cluster, EmulatedOperationKind.UpdateManagedCluster, cluster.Id, null);
            cluster.Publish();
            return new Reply(StatusCodes.Status200OK, cluster.Json, operation);
        }
    }

    /// <summary>
    /// Cancels the operation running on the pool (or, for the cluster, on the cluster or any of its pools) and answers 204, as
    /// AgentPools_AbortLatestOperation documents ("We return a 204 no content code here to indicate that the operation has
    /// been accepted"). With nothing running: 409 OperationNotAllowed "Cancel operation is not allowed when the
    /// ProvisioningState is …" — the text az prints for a Failed pool (VijayRod/demo k8s-aks-op.md); for other states it is
    /// the same text by analogy (unconfirmed).
    /// </summary>
    private Task AbortAsync(HttpContext context, ServedCluster cluster, string? poolName, CancellationToken cancellationToken)
    {
        Reply reply;
        lock (cluster.Gate)
        {
            var pool = poolName is null ? null : cluster.PoolModel(poolName);
            if (poolName is not null && pool is null)
            {
                reply = PoolNotFound(cluster, poolName);
            }
            else if (cluster.Running is { } running && (pool is null || string.Equals(running.PoolName, PoolName(pool), StringComparison.OrdinalIgnoreCase)))
            {
                running.Status = EmulatedOperationStatus.Canceled;
                running.EndTime = DateTimeOffset.UtcNow;
                cluster.Running = null;
                SetProvisioningState(running, "Canceled");
                cluster.Publish();
                reply = new Reply(StatusCodes.Status204NoContent, null, null);
            }
            else
            {
                var state = ServedCluster.Text((pool is null ? cluster.ClusterModel()["properties"] : pool["properties"])?["provisioningState"]) ?? "Succeeded";
                reply = Error(StatusCodes.Status409Conflict, "OperationNotAllowed", $"Cancel operation is not allowed when the ProvisioningState is {state}");
            }
        }

        return SendAsync(context, reply, "", cancellationToken);
    }

    /// <summary>
    /// <c>GET {base}[subscriptions/{sub}/]providers/Microsoft.ContainerService/locations/{location}/operations|operationresults/{id}</c>.
    /// Every GET counts as a poll and may end the operation.
    /// </summary>
    private Task OperationRouteAsync(HttpContext context, string location, string kind, string operationId, string apiVersion, CancellationToken cancellationToken)
    {
        if (!_operations.TryGetValue(operationId, out var operation)
            || !string.Equals(operation.Location, location.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
        {
            return WriteErrorAsync(context, StatusCodes.Status404NotFound, "NotFound",
                $"The operation '{operationId}' could not be found in location '{location}'.", cancellationToken);
        }

        Reply reply;
        bool running;
        lock (operation.Cluster.Gate)
        {
            operation.Polls++;
            Advance(operation);
            reply = Is(kind, "operations") ? StatusReply(operation) : ResultReply(context, operation, apiVersion);
            running = operation.Status == EmulatedOperationStatus.InProgress;
        }

        if (running)
        {
            AddRetryAfter(context.Response);
        }

        return SendAsync(context, reply, apiVersion, cancellationToken);
    }

    /// <summary>The Azure-AsyncOperation body (OperationStatusResultGet.json's shape): always 200 with the status in the body.</summary>
    private static Reply StatusReply(OperationState operation)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ServedFleet.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", $"/providers/Microsoft.ContainerService/locations/{operation.Location}/operations/{operation.Id}");
            writer.WriteString("name", operation.Id);
            writer.WriteString("status", operation.Status.ToString());
            writer.WriteString("startTime", Timestamp(operation.StartTime));
            if (operation.EndTime is { } end)
            {
                writer.WriteString("endTime", Timestamp(end));
            }

            if (operation.Error is { } error)
            {
                writer.WriteStartObject("error");
                writer.WriteString("code", error.Code);
                writer.WriteString("message", error.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return new Reply(StatusCodes.Status200OK, buffer.WrittenSpan.ToArray(), null);
    }

    /// <summary>
    /// The Location (operationresults) answer, per the ARM async RPC: 202 with Location while running; then 204 for a delete,
    /// 200 with the resource for the rest; a failed or canceled operation answers 400 with its error (status code unconfirmed).
    /// </summary>
    private static Reply ResultReply(HttpContext context, OperationState operation, string apiVersion)
    {
        switch (operation.Status)
        {
            case EmulatedOperationStatus.InProgress:
                context.Response.Headers.Location = OperationUrl(context.Request, operation, "operationresults", apiVersion);
                return new Reply(StatusCodes.Status202Accepted, null, null);
            case EmulatedOperationStatus.Succeeded when operation.Kind == EmulatedOperationKind.DeleteAgentPool:
                return new Reply(StatusCodes.Status204NoContent, null, null);
            case EmulatedOperationStatus.Succeeded:
                var body = operation.PoolName is { } pool ? operation.Cluster.FindPool(pool)?.Json : operation.Cluster.Json;
                return body is null ? new Reply(StatusCodes.Status204NoContent, null, null) : new Reply(StatusCodes.Status200OK, body, null);
            case EmulatedOperationStatus.Failed when operation.Error is { } error:
                return Error(StatusCodes.Status400BadRequest, error.Code, error.Message);
            default:
                return Error(StatusCodes.Status400BadRequest, "OperationCanceled", $"The operation '{operation.Id}' was canceled.");
        }
    }

    /// <summary>Ends a running operation once it has been polled enough and is not held. Hold the cluster's gate.</summary>
    private void Advance(OperationState operation)
    {
        var options = Options;
        if (operation.Status != EmulatedOperationStatus.InProgress || options.HoldOperations || operation.Polls <= Math.Max(0, options.OperationPollsBeforeDone))
        {
            return;
        }

        var cluster = operation.Cluster;
        operation.EndTime = DateTimeOffset.UtcNow;
        cluster.Running = null;
        if (operation.PendingError is { } error)
        {
            operation.Status = EmulatedOperationStatus.Failed;
            operation.Error = error;
            SetProvisioningState(operation, "Failed");
            cluster.Publish();
            return;
        }

        operation.Status = EmulatedOperationStatus.Succeeded;
        if (operation.Kind == EmulatedOperationKind.UpdateManagedCluster)
        {
            var properties = Properties(cluster.ClusterModel());
            if (properties["kubernetesVersion"]?.DeepClone() is { } version)
            {
                properties["currentKubernetesVersion"] = version;
            }

            properties["provisioningState"] = "Succeeded";
        }
        else if (cluster.PoolModel(operation.PoolName!) is { } pool)
        {
            if (operation.Kind == EmulatedOperationKind.DeleteAgentPool)
            {
                cluster.RemovePool(operation.PoolName!);
            }
            else
            {
                ApplyPoolChanges(cluster, operation, Properties(pool));
            }
        }

        cluster.Publish();
    }

    /// <summary>What a finished pool operation changes besides provisioningState.</summary>
    private void ApplyPoolChanges(ServedCluster cluster, OperationState operation, JsonObject properties)
    {
        var location = cluster.Location is { } name ? _fleet.FindLocation(name) : null;
        var image = ServedCluster.Text(properties["nodeImageVersion"]);
        var osSku = ServedCluster.Text(properties["osSKU"]);
        var osType = ServedCluster.Text(properties["osType"]);
        var version = ServedCluster.Text(properties["orchestratorVersion"]);
        string? newImage = null;
        switch (operation.Kind)
        {
            case EmulatedOperationKind.UpgradeNodeImageVersion when image is not null:
                newImage = location?.LatestFor(image);
                break;
            case EmulatedOperationKind.CreateAgentPool:
                newImage = location?.LatestForOsSku(osSku, osType, version, null);
                properties["currentOrchestratorVersion"] = version;
                break;
            case EmulatedOperationKind.UpdateAgentPool:
                var versionChanged = !string.IsNullOrEmpty(version)
                    && !string.Equals(version, ServedCluster.Text(properties["currentOrchestratorVersion"]), StringComparison.OrdinalIgnoreCase);
                // A body without osSKU keeps the OS (no image switch).
                var osSkuChanged = osSku is not null && !string.Equals(osSku, operation.PreviousOsSku, StringComparison.OrdinalIgnoreCase);
                // A default SKU (Ubuntu, AzureLinux) may change OS major with the Kubernetes version (aks-os-upgrades.md §2).
                var defaultSku = string.Equals(osSku, "Ubuntu", StringComparison.OrdinalIgnoreCase) || string.Equals(osSku, "AzureLinux", StringComparison.OrdinalIgnoreCase);
                if (osSkuChanged || (versionChanged && defaultSku))
                {
                    newImage = location?.LatestForOsSku(osSku, osType, version, operation.PreviousImage ?? image);
                }
                else if (versionChanged && image is not null)
                {
                    newImage = location?.LatestFor(image); // a Kubernetes upgrade also brings the latest node image
                }

                if (versionChanged)
                {
                    properties["currentOrchestratorVersion"] = version;
                }

                break;
        }

        if (newImage is not null)
        {
            properties["nodeImageVersion"] = newImage;
        }

        properties["provisioningState"] = "Succeeded";
    }

    private static void SetProvisioningState(OperationState operation, string state)
    {
        var resource = operation.PoolName is { } pool ? operation.Cluster.PoolModel(pool) : operation.Cluster.ClusterModel();
        if (resource is not null)
        {
            Properties(resource)["provisioningState"] = state;
        }
    }

    /// <summary>Registers a new operation as the one running on the cluster. Hold the cluster's gate.</summary>
    private OperationState Start(
        HttpContext context, ServedCluster cluster, EmulatedOperationKind kind, string resourceId, string? poolName, string? previousOsSku = null, string? previousImage = null)
    {
        (string Code, string Message)? failure;
        lock (_failNextLock)
        {
            failure = _failNext;
            _failNext = null;
        }

        var operation = new OperationState(
            Guid.NewGuid().ToString(),
            context.Request.Method.ToUpperInvariant(),
            resourceId,
            kind,
            cluster,
            poolName,
            (cluster.Location ?? "global").Replace(" ", "", StringComparison.Ordinal))
        {
            PendingError = failure,
            PreviousOsSku = previousOsSku,
            PreviousImage = previousImage,
        };
        cluster.Running = operation;
        _operations[operation.Id] = operation;
        return operation;
    }

    /// <summary>
    /// 409 OperationNotAllowed while an operation runs on the cluster or any of its pools; the text follows AKS's as quoted in
    /// public error reports ("Operation is not allowed because there's an in progress update node pool operation (operation
    /// ID: …) on the agent pool system started on UTC 2026-02-12T03:41:29Z. Please wait for it to finish before starting a new
    /// operation. You can also use 'az aks nodepool operation-abort ...' to abort the ongoing operation.").
    /// </summary>
    private static Reply? Conflict(ServedCluster cluster)
    {
        if (cluster.Running is not { } running)
        {
            return null;
        }

        var started = running.StartTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var message = running.PoolName is { } pool
            ? $"Operation is not allowed because there's an in progress {running.Description} operation (operation ID: {running.Id}) on the agent pool {pool} started on UTC {started}. Please wait for it to finish before starting a new operation. You can also use 'az aks nodepool operation-abort ...' to abort the ongoing operation."
            : $"Operation is not allowed because there's an in progress {running.Description} operation (operation ID: {running.Id}) on the managed cluster {cluster.Name} started on UTC {started}. Please wait for it to finish before starting a new operation. You can also use 'az aks operation-abort ...' to abort the ongoing operation.";
        return Error(StatusCodes.Status409Conflict, "OperationNotAllowed", message);
    }

    /// <summary>
    /// If-Match: <c>*</c> needs the resource to exist, any other value must equal its eTag (quotes and <c>W/</c> ignored);
    /// If-None-Match: <c>*</c> needs it not to exist. Otherwise 412 PreconditionFailed.
    /// </summary>
    private static Reply? Precondition(HttpRequest request, JsonNode? currentETag, bool exists)
    {
        var current = ServedCluster.Text(currentETag);
        if (request.Headers.IfMatch.FirstOrDefault() is { Length: > 0 } ifMatch)
        {
            var matches = ifMatch.Trim() == "*" ? exists : current is not null && string.Equals(Unquote(ifMatch), Unquote(current), StringComparison.Ordinal);
            if (!matches)
            {
                return Error(StatusCodes.Status412PreconditionFailed, "PreconditionFailed",
                    $"Operation failed because the provided If-Match header '{ifMatch}' does not match the resource's current eTag '{current}'.");
            }
        }

        if (request.Headers.IfNoneMatch.FirstOrDefault() is { Length: > 0 } ifNoneMatch && ifNoneMatch.Trim() == "*" && exists)
        {
            return Error(StatusCodes.Status412PreconditionFailed, "PreconditionFailed",
                "Operation failed because the If-None-Match header is '*' and the resource already exists.");
        }

        return null;

        static string Unquote(string value)
        {
            var trimmed = value.Trim();
            if (trimmed.StartsWith("W/", StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed[2..];
            }

            return trimmed.Trim('"');
        }
    }

    private static async Task<JsonObject?> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Reply InvalidContent() =>
        Error(StatusCodes.Status400BadRequest, "InvalidRequestContent", "The request content was invalid and could not be deserialized: the body must be a JSON object.");

    private static Reply PoolNotFound(ServedCluster cluster, string poolName) =>
        Error(StatusCodes.Status404NotFound, "ResourceNotFound",
            $"The Resource 'Microsoft.ContainerService/managedClusters/{cluster.Name}/agentPools/{poolName}' under resource group '{cluster.ResourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");

    private static Reply Error(int statusCode, string code, string message) => new(statusCode, ErrorBody(code, message), null);

    /// <summary>Writes a reply; one that started an operation gets the Azure-AsyncOperation, Location and Retry-After headers.</summary>
    private Task SendAsync(HttpContext context, Reply reply, string apiVersion, CancellationToken cancellationToken)
    {
        var response = context.Response;
        if (reply.Operation is { } operation)
        {
            response.Headers["Azure-AsyncOperation"] = OperationUrl(context.Request, operation, "operations", apiVersion);
            response.Headers.Location = OperationUrl(context.Request, operation, "operationresults", apiVersion);
            AddRetryAfter(response);
        }

        if (reply.Body is { } body)
        {
            return WriteJsonAsync(context, reply.StatusCode, body, cancellationToken);
        }

        response.StatusCode = reply.StatusCode;
        response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private void AddRetryAfter(HttpResponse response)
    {
        if (Options.OperationRetryAfter is { } wait)
        {
            response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>As in AgentPoolsUpgradeNodeImageVersion.json: <c>{base}providers/Microsoft.ContainerService/locations/{location}/operations/{id}</c>, no /subscriptions prefix.</summary>
    private static string OperationUrl(HttpRequest request, OperationState operation, string kind, string apiVersion) =>
        $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}/providers/{Provider}/locations/{operation.Location}/{kind}/{operation.Id}"
        + $"?api-version={Uri.EscapeDataString(apiVersion)}";

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string NewETag() => Guid.NewGuid().ToString();

    private static JsonObject Properties(JsonObject resource)
    {
        if (resource["properties"] is not JsonObject properties)
        {
            properties = [];
            resource["properties"] = properties;
        }

        return properties;
    }

    private static string PoolName(JsonObject pool) => ServedCluster.Text(pool["name"]) ?? "";

    private static string PoolId(ServedCluster cluster, JsonObject pool) => $"{cluster.Id}/agentPools/{PoolName(pool)}";

    /// <summary>An answer decided under a cluster's lock and written after it is released.</summary>
    private sealed record Reply(int StatusCode, byte[]? Body, OperationState? Operation);
}
