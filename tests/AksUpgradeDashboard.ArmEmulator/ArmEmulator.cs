using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AksUpgradeDashboard.ArmEmulator;

/// <summary>
/// A local Azure Resource Manager look-alike: Kestrel on https://127.0.0.1 (a free port) with a self-signed certificate,
/// serving an <see cref="ArmFleet"/> in ARM's shapes, with paging, throttling, auth and fault injection.
/// </summary>
/// <remarks>
/// Read routes (matched case-insensitively; every request needs <c>api-version</c>):
/// <c>/subscriptions</c>, <c>/subscriptions/{sub}</c>,
/// <c>/subscriptions/{sub}/providers/Microsoft.ContainerService/managedClusters</c>,
/// <c>/subscriptions/{sub}/providers/Microsoft.ContainerService/locations/{location}/nodeImageVersions</c>,
/// <c>/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters[/{name}]</c>,
/// <c>…/managedClusters/{name}/agentPools[/{pool}]</c>, <c>…/agentPools/{pool}/upgradeProfiles/default</c>,
/// <c>…/managedClusters/{name}/maintenanceConfigurations[/{configName}]</c>. Lists are paged with absolute nextLinks.
/// Write routes and long-running operations: see ArmEmulator.Writes.cs.
/// Checks run in this order: record, latency/hang, injected faults, auth, api-version, forbidden/failing subscription,
/// read-only subscription (writes) or throttling (reads), route.
/// </remarks>
public sealed partial class ArmEmulator : IAsyncDisposable
{
    /// <summary>Recorded status of a request the client abandoned (or that was cut off by disposal) before it was answered.</summary>
    public const int ClientClosedRequest = 499;

    private const string JsonContentType = "application/json; charset=utf-8";
    private const string TenantBucket = "";
    private const string Provider = "Microsoft.ContainerService";

    private readonly WebApplication _app;
    private readonly ServedFleet _fleet;
    private readonly string _certificateHash;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _requestsLock = new();
    private readonly List<RequestEntry> _requests = [];
    private readonly Lock _faultLock = new();
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.OrdinalIgnoreCase);
    private int _faultsLeft;
    private int _faultStatus;
    private TimeSpan? _faultRetryAfter;
    private int _throttlingWasOn;
    private int _disposed;

    private ArmEmulator(ServedFleet fleet, ArmEmulatorOptions options, X509Certificate2 certificate)
    {
        _fleet = fleet;
        Options = options;
        Certificate = certificate;
        _certificateHash = certificate.GetCertHashString(HashAlgorithmName.SHA256);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(ArmEmulator).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>The emulator's root, e.g. <c>https://127.0.0.1:54321/</c>; resolve ARM paths against it.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The self-signed server certificate (SAN IP 127.0.0.1 and DNS localhost). Disposed with the emulator.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Behaviour switches; may be changed while the emulator runs.</summary>
    public ArmEmulatorOptions Options { get; }

    /// <summary>A snapshot of every request received so far, in arrival order (thread-safe).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requestsLock)
            {
                return [.. _requests.Select(r => r.ToRecord())];
            }
        }
    }

    /// <summary>Starts an emulator serving a snapshot of <paramref name="fleet"/> on a free port of 127.0.0.1.</summary>
    public static async Task<ArmEmulator> StartAsync(ArmFleet fleet, ArmEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var served = new ServedFleet(fleet);
        var certificate = CreateCertificate();
        ArmEmulator? emulator = null;
        try
        {
            emulator = new ArmEmulator(served, options ?? new ArmEmulatorOptions(), certificate);
            await emulator._app.StartAsync(cancellationToken);
            var address = emulator._app.Urls.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no address.");
            emulator.BaseUri = new Uri(address.TrimEnd('/') + "/");
            return emulator;
        }
        catch
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
            else
            {
                certificate.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// A handler that trusts exactly this emulator's certificate (compared by SHA-256 thumbprint) and nothing else.
    /// The caller owns (and disposes) the handler.
    /// </summary>
    public HttpClientHandler CreateTrustingHandler()
    {
        var expected = _certificateHash;
        return new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => IsCertificate(certificate, expected),
        };
    }

    /// <summary>True when <paramref name="certificate"/> is this emulator's certificate (for custom validation callbacks).</summary>
    public bool IsEmulatorCertificate(X509Certificate2? certificate) => IsCertificate(certificate, _certificateHash);

    /// <summary>Forgets the recorded requests.</summary>
    public void ClearRequests()
    {
        lock (_requestsLock)
        {
            _requests.Clear();
        }
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> requests (any route, before auth and routing) answer
    /// <paramref name="statusCode"/> with an ARM error body: 429 <c>TooManyRequests</c> with <c>Retry-After</c> (default
    /// 1 second), 500 <c>InternalServerError</c>, 503 <c>ServiceUnavailable</c>, and so on. <c>Retry-After</c> is sent
    /// whenever <paramref name="retryAfter"/> is given. Replaces any faults still pending; a count of 0 clears them.
    /// </summary>
    public void InjectFaults(int count, int statusCode, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        lock (_faultLock)
        {
            _faultsLeft = count;
            _faultStatus = statusCode;
            _faultRetryAfter = retryAfter;
        }
    }

    /// <summary>Refills every throttling bucket.</summary>
    public void ResetThrottling() => _buckets.Clear();

    /// <summary>Stops the server (abandoning waiting requests) and disposes the certificate.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            _stopping.Dispose();
            Certificate.Dispose();
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=AKS Upgrade Dashboard ARM emulator", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));

        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(3));
        // Round-trip through PFX so the private key is usable by SslStream on Linux.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    private static bool IsCertificate(X509Certificate2? certificate, string expectedHash) =>
        certificate is not null
        && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), expectedHash, StringComparison.OrdinalIgnoreCase);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var segments = (request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var subscriptionId = segments.Length >= 2 && Is(segments[0], "subscriptions") ? segments[1] : null;
        var apiVersion = request.Query["api-version"].FirstOrDefault() is { Length: > 0 } version ? version : null;

        var entry = new RequestEntry(
            request.Method,
            request.Path.Value ?? "/",
            request.QueryString.Value ?? "",
            apiVersion,
            request.Headers.Authorization.FirstOrDefault(),
            subscriptionId,
            DateTimeOffset.UtcNow);
        lock (_requestsLock)
        {
            _requests.Add(entry);
        }

        var headers = context.Response.Headers;
        headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        headers["x-ms-correlation-request-id"] = Guid.TryParse(request.Headers["x-ms-correlation-request-id"].FirstOrDefault(), out var correlation)
            ? correlation.ToString()
            : Guid.NewGuid().ToString();
        if (request.Headers["x-ms-client-request-id"].FirstOrDefault() is { Length: > 0 } clientRequestId)
        {
            headers["x-ms-client-request-id"] = clientRequestId;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            await ProcessAsync(context, segments, subscriptionId, apiVersion, cancellation.Token);
            entry.StatusCode = context.Response.StatusCode;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && cancellation.IsCancellationRequested)
        {
            entry.StatusCode = ClientClosedRequest;
            context.Abort();
        }
    }

    private async Task ProcessAsync(HttpContext context, string[] segments, string? subscriptionId, string? apiVersion, CancellationToken cancellationToken)
    {
        var options = Options;
        var response = context.Response;

        var delay = options.Latency + (options.HangFor ?? TimeSpan.Zero) + (HttpMethods.IsGet(context.Request.Method) ? TimeSpan.Zero : options.WriteLatency);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        if (TryTakeFault(out var faultStatus, out var faultRetryAfter))
        {
            await WriteFaultAsync(context, faultStatus, faultRetryAfter, cancellationToken);
            return;
        }

        if (options.RequireBearerToken && !HasBearerToken(context.Request))
        {
            response.Headers.WWWAuthenticate =
                "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"The access token is missing or invalid.\"";
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "InvalidAuthenticationToken",
                "The access token is invalid or missing. Send 'Authorization: Bearer <token>'.", cancellationToken);
            return;
        }

        if (apiVersion is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.", cancellationToken);
            return;
        }

        if (options.ApiVersions.Count > 0 && !options.ApiVersions.Contains(apiVersion))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidApiVersionParameter",
                $"The api-version '{apiVersion}' is invalid. The supported versions are '{string.Join(",", options.ApiVersions.Order(StringComparer.Ordinal))}'.",
                cancellationToken);
            return;
        }

        if (subscriptionId is not null)
        {
            if (options.ForbiddenSubscriptions.Contains(subscriptionId))
            {
                await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "AuthorizationFailed",
                    $"The client 'arm-emulator-client' with object id '00000000-0000-0000-0000-000000000000' does not have authorization to perform action '{ActionOf(context.Request.Method, segments)}' over scope '/subscriptions/{subscriptionId}' or the scope is invalid. If access was recently granted, please refresh your credentials.",
                    cancellationToken);
                return;
            }

            if (_fleet.SubscriptionError(subscriptionId) is { } errorBody)
            {
                await WriteJsonAsync(context, StatusCodes.Status403Forbidden, errorBody, cancellationToken);
                return;
            }

            if (options.FailingSubscriptions.Contains(subscriptionId))
            {
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "InternalServerError",
                    "Encountered internal server error. Diagnostic information: timestamp '" + DateTime.UtcNow.ToString("yyyyMMddTHHmmssfffZ", CultureInfo.InvariantCulture) + "'.",
                    cancellationToken);
                return;
            }
        }

        if (IsWrite(context.Request.Method))
        {
            if (subscriptionId is not null && options.ReadOnlySubscriptions.Contains(subscriptionId))
            {
                await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "AuthorizationFailed",
                    $"The client 'arm-emulator-client' with object id '00000000-0000-0000-0000-000000000000' does not have authorization to perform action '{ActionOf(context.Request.Method, segments)}' over scope '{ScopeOf(context.Request.Method, segments)}' or the scope is invalid. If access was recently granted, please refresh your credentials.",
                    cancellationToken);
                return;
            }

            var header = HttpMethods.IsDelete(context.Request.Method) ? "x-ms-ratelimit-remaining-subscription-deletes" : "x-ms-ratelimit-remaining-subscription-writes";
            response.Headers[header] = RemainingWrites;
        }
        else if (HttpMethods.IsGet(context.Request.Method))
        {
            var remainingHeader = subscriptionId is null ? "x-ms-ratelimit-remaining-tenant-reads" : "x-ms-ratelimit-remaining-subscription-reads";
            if (!TryTakeReadToken(options, subscriptionId ?? TenantBucket, out var remaining, out var retryAfter))
            {
                response.Headers[remainingHeader] = "0";
                response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                var scope = subscriptionId is null ? "tenant" : $"subscription '{subscriptionId}'";
                await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "TooManyRequests",
                    $"Number of 'read' requests for {scope} actor 'arm-emulator-client' exceeded. Please try again after '{retryAfter}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.",
                    cancellationToken);
                return;
            }

            response.Headers[remainingHeader] = remaining.ToString(CultureInfo.InvariantCulture);
        }

        await RouteAsync(context, segments, subscriptionId, apiVersion, cancellationToken);
    }

    private Task RouteAsync(HttpContext context, string[] s, string? subscriptionId, string apiVersion, CancellationToken cancellationToken)
    {
        var isGet = HttpMethods.IsGet(context.Request.Method);
        if (!isGet && !IsWrite(context.Request.Method))
        {
            return NotFoundAsync(context, cancellationToken);
        }

        // {base}[subscriptions/{sub}/]providers/Microsoft.ContainerService/locations/{location}/operations|operationresults/{id}
        var operationAt = subscriptionId is null ? 0 : 2;
        if (isGet && s.Length == operationAt + 6 && Is(s[operationAt], "providers") && Is(s[operationAt + 1], Provider) && Is(s[operationAt + 2], "locations")
            && (Is(s[operationAt + 4], "operations") || Is(s[operationAt + 4], "operationresults")))
        {
            return OperationRouteAsync(context, s[operationAt + 3], s[operationAt + 4], s[operationAt + 5], apiVersion, cancellationToken);
        }

        if (!isGet && s.Length < 8)
        {
            return NotFoundAsync(context, cancellationToken);
        }

        if (s.Length == 1 && Is(s[0], "subscriptions"))
        {
            return WritePageAsync(context, _fleet.SubscriptionList, apiVersion, cancellationToken);
        }

        if (subscriptionId is null)
        {
            return NotFoundAsync(context, cancellationToken);
        }

        if (!_fleet.IsKnownSubscription(subscriptionId))
        {
            return WriteErrorAsync(context, StatusCodes.Status404NotFound, "SubscriptionNotFound",
                $"The subscription '{subscriptionId}' could not be found.", cancellationToken);
        }

        if (s.Length == 2)
        {
            return _fleet.SubscriptionJson(subscriptionId) is { } subscription
                ? WriteJsonAsync(context, StatusCodes.Status200OK, subscription, cancellationToken)
                : WriteErrorAsync(context, StatusCodes.Status404NotFound, "SubscriptionNotFound", $"The subscription '{subscriptionId}' could not be found.", cancellationToken);
        }

        // /subscriptions/{sub}/providers/Microsoft.ContainerService/...
        if (s.Length >= 5 && Is(s[2], "providers") && Is(s[3], Provider))
        {
            if (s.Length == 5 && Is(s[4], "managedClusters"))
            {
                return WritePageAsync(context, _fleet.Clusters(subscriptionId), apiVersion, cancellationToken);
            }

            if (s.Length == 7 && Is(s[4], "locations") && Is(s[6], "nodeImageVersions"))
            {
                return NodeImageVersionsAsync(context, s[5], apiVersion, cancellationToken);
            }

            if (s.Length == 7 && Is(s[4], "locations") && Is(s[6], "kubernetesVersions"))
            {
                // One body, no nextLink: ARM does not page this list.
                return WriteJsonAsync(context, StatusCodes.Status200OK, _fleet.KubernetesVersions(s[5]), cancellationToken);
            }

            return NotFoundAsync(context, cancellationToken);
        }

        // /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/...
        if (s.Length >= 7 && Is(s[2], "resourceGroups") && Is(s[4], "providers") && Is(s[5], Provider) && Is(s[6], "managedClusters"))
        {
            var resourceGroup = s[3];
            if (s.Length == 7)
            {
                return _fleet.ClustersInResourceGroup(subscriptionId, resourceGroup) is { } inGroup
                    ? WritePageAsync(context, inGroup, apiVersion, cancellationToken)
                    : WriteErrorAsync(context, StatusCodes.Status404NotFound, "ResourceGroupNotFound", $"Resource group '{resourceGroup}' could not be found.", cancellationToken);
            }

            if (_fleet.FindCluster(subscriptionId, resourceGroup, s[7]) is not { } cluster)
            {
                return ResourceNotFoundAsync(context, $"Microsoft.ContainerService/managedClusters/{s[7]}", resourceGroup, cancellationToken);
            }

            return isGet
                ? ClusterRouteAsync(context, s, cluster, apiVersion, cancellationToken)
                : ClusterWriteRouteAsync(context, s, cluster, apiVersion, cancellationToken);
        }

        return NotFoundAsync(context, cancellationToken);
    }

    private Task ClusterRouteAsync(HttpContext context, string[] s, ServedCluster cluster, string apiVersion, CancellationToken cancellationToken)
    {
        switch (s.Length)
        {
            case 8:
                return WriteJsonAsync(context, StatusCodes.Status200OK, cluster.Json, cancellationToken);
            case 9 when Is(s[8], "agentPools"):
                return WritePageAsync(context, [.. cluster.Pools.Select(p => p.Json)], apiVersion, cancellationToken);
            case 9 when Is(s[8], "maintenanceConfigurations"):
                return WritePageAsync(context, [.. cluster.MaintenanceConfigurations.Select(c => c.Json)], apiVersion, cancellationToken);
            case 10 when Is(s[8], "agentPools"):
                return cluster.Pools.FirstOrDefault(p => Is(p.Name, s[9])) is { } pool
                    ? WriteJsonAsync(context, StatusCodes.Status200OK, pool.Json, cancellationToken)
                    : ResourceNotFoundAsync(context, $"Microsoft.ContainerService/managedClusters/{cluster.Name}/agentPools/{s[9]}", cluster.ResourceGroup, cancellationToken);
            case 10 when Is(s[8], "maintenanceConfigurations"):
                return cluster.MaintenanceConfigurations.FirstOrDefault(c => Is(c.Name, s[9])) is { } configuration
                    ? WriteJsonAsync(context, StatusCodes.Status200OK, configuration.Json, cancellationToken)
                    : ResourceNotFoundAsync(context, $"Microsoft.ContainerService/managedClusters/{cluster.Name}/maintenanceConfigurations/{s[9]}", cluster.ResourceGroup, cancellationToken);
            case 12 when Is(s[8], "agentPools") && Is(s[10], "upgradeProfiles") && Is(s[11], "default"):
                return cluster.Pools.FirstOrDefault(p => Is(p.Name, s[9])) is { } upgradePool
                    ? WriteJsonAsync(context, StatusCodes.Status200OK, AgentPoolUpgradeProfile(cluster, upgradePool), cancellationToken)
                    : ResourceNotFoundAsync(context, $"Microsoft.ContainerService/managedClusters/{cluster.Name}/agentPools/{s[9]}", cluster.ResourceGroup, cancellationToken);
            default:
                return NotFoundAsync(context, cancellationToken);
        }
    }

    private Task NodeImageVersionsAsync(HttpContext context, string location, string apiVersion, CancellationToken cancellationToken)
    {
        if (!Options.NodeImageVersionsAvailable)
        {
            return WriteErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidApiVersionParameter",
                $"The api-version '{apiVersion}' is invalid. The resource type 'locations/nodeImageVersions' of namespace 'Microsoft.ContainerService' is not available for this api-version.",
                cancellationToken);
        }

        var images = _fleet.FindLocation(location)?.Images ?? [];
        return WritePageAsync(context, images, apiVersion, cancellationToken, Options.PageNodeImageVersions ? null : int.MaxValue);
    }

    /// <summary>AgentPoolUpgradeProfile: latestNodeImageVersion is the newest image of the pool's lineage in the cluster's location.</summary>
    private byte[] AgentPoolUpgradeProfile(ServedCluster cluster, ServedPool pool)
    {
        var latest = pool.NodeImageVersion is { } current
            ? (cluster.Location is { } location ? _fleet.FindLocation(location)?.LatestFor(current) : null) ?? current
            : null;

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ServedFleet.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", $"{cluster.Id}/agentPools/{pool.Name}/upgradeprofiles/default");
            writer.WriteString("name", "default");
            writer.WriteString("type", "Microsoft.ContainerService/managedClusters/agentPools/upgradeProfiles");
            writer.WriteStartObject("properties");
            writer.WriteString("kubernetesVersion", pool.KubernetesVersion);
            writer.WriteString("osType", pool.OsType);
            writer.WriteStartArray("upgrades");
            writer.WriteEndArray();
            if (latest is not null)
            {
                writer.WriteString("latestNodeImageVersion", latest);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes one page of a list; <paramref name="pageSize"/> defaults to <see cref="ArmEmulatorOptions.PageSize"/>.</summary>
    private Task WritePageAsync(HttpContext context, IReadOnlyList<byte[]> items, string apiVersion, CancellationToken cancellationToken, int? pageSize = null)
    {
        var offset = 0;
        var skipToken = context.Request.Query["$skipToken"].FirstOrDefault();
        if (skipToken is not null && (!TryDecodeSkipToken(skipToken, out offset) || offset > items.Count))
        {
            return WriteErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidSkipToken", $"The skip token '{skipToken}' is invalid.", cancellationToken);
        }

        var end = (int)Math.Min(items.Count, (long)offset + Math.Max(1, pageSize ?? Options.PageSize));
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ServedFleet.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("value");
            for (var i = offset; i < end; i++)
            {
                writer.WriteRawValue(items[i], skipInputValidation: true);
            }

            writer.WriteEndArray();
            if (end < items.Count)
            {
                writer.WriteString("nextLink", NextLink(context.Request, apiVersion, end));
            }

            writer.WriteEndObject();
        }

        return WriteJsonAsync(context, StatusCodes.Status200OK, buffer.WrittenMemory, cancellationToken);
    }

    /// <summary>An absolute link built from the request's own scheme, host and port, carrying api-version and an opaque $skipToken.</summary>
    private static string NextLink(HttpRequest request, string apiVersion, int offset)
    {
        var token = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"arm-emulator:{offset}")));
        return $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}{request.Path.ToUriComponent()}"
            + $"?api-version={Uri.EscapeDataString(apiVersion)}&$skipToken={token}";
    }

    private static bool TryDecodeSkipToken(string token, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith("arm-emulator:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan("arm-emulator:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private bool TryTakeFault(out int statusCode, out TimeSpan? retryAfter)
    {
        lock (_faultLock)
        {
            statusCode = _faultStatus;
            retryAfter = _faultRetryAfter;
            if (_faultsLeft <= 0)
            {
                return false;
            }

            _faultsLeft--;
            return true;
        }
    }

    private static Task WriteFaultAsync(HttpContext context, int statusCode, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        if (statusCode == StatusCodes.Status429TooManyRequests)
        {
            retryAfter ??= TimeSpan.FromSeconds(1);
        }

        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(0, wait.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
        }

        if (statusCode == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\"";
        }

        var (code, message) = statusCode switch
        {
            400 => ("BadRequest", "The request is invalid."),
            401 => ("InvalidAuthenticationToken", "The access token is invalid."),
            403 => ("AuthorizationFailed", "The client does not have authorization to perform this action."),
            404 => ("NotFound", "The requested resource was not found."),
            408 => ("RequestTimeout", "The request timed out."),
            409 => ("Conflict", "The request conflicts with the current state of the resource."),
            429 => ("TooManyRequests", "The request is being throttled. Please try again after the time in the Retry-After header."),
            500 => ("InternalServerError", "Encountered internal server error."),
            502 => ("BadGateway", "The gateway received an invalid response."),
            503 => ("ServiceUnavailable", "The service is temporarily unavailable. Please try again later."),
            504 => ("GatewayTimeout", "The gateway did not receive a response in time."),
            _ => ("InjectedFault", "An injected fault."),
        };
        return WriteErrorAsync(context, statusCode, code, message + " (injected by the ARM emulator)", cancellationToken);
    }

    private bool TryTakeReadToken(ArmEmulatorOptions options, string bucketKey, out int remaining, out int retryAfter)
    {
        if (!options.Throttling)
        {
            Interlocked.Exchange(ref _throttlingWasOn, 0);
            remaining = Math.Max(0, options.BucketSize - 1);
            retryAfter = 0;
            return true;
        }

        if (Interlocked.Exchange(ref _throttlingWasOn, 1) == 0)
        {
            _buckets.Clear(); // buckets start full each time throttling is switched on
        }

        var size = options.BucketSize;
        return _buckets.GetOrAdd(bucketKey, static (_, s) => new TokenBucket(s), size)
            .TryTake(size, options.RefillPerSecond, out remaining, out retryAfter);
    }

    private static bool HasBearerToken(HttpRequest request)
    {
        var value = request.Headers.Authorization.FirstOrDefault();
        return value is not null
            && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && !string.IsNullOrWhiteSpace(value["Bearer ".Length..]);
    }

    /// <summary>
    /// The RBAC action of a request, for AuthorizationFailed messages: <c>…/read</c> for GET, <c>…/write</c> for PUT,
    /// <c>…/delete</c> for DELETE and <c>…/{action}/action</c> for POST, e.g.
    /// <c>Microsoft.ContainerService/managedClusters/agentPools/upgradeNodeImageVersion/action</c>.
    /// </summary>
    private static string ActionOf(string method, string[] s)
    {
        if (s.Length >= 2 && (Is(s[^2], "operations") || Is(s[^2], "operationresults")) && Array.Exists(s, segment => Is(segment, "locations")))
        {
            return $"Microsoft.ContainerService/locations/{s[^2]}/read";
        }

        if (s.Length >= 6 && Is(s[^1], "nodeImageVersions"))
        {
            return "Microsoft.ContainerService/locations/nodeImageVersions/read";
        }

        if (s.Length >= 6 && Is(s[^1], "kubernetesVersions"))
        {
            return "Microsoft.ContainerService/locations/kubernetesVersions/read";
        }

        var managedClusters = Array.FindIndex(s, segment => Is(segment, "managedClusters"));
        if (managedClusters < 0)
        {
            return "Microsoft.Resources/subscriptions/read";
        }

        var action = new StringBuilder("Microsoft.ContainerService/managedClusters");
        for (var i = managedClusters + 2; i < s.Length; i += 2)
        {
            action.Append('/').Append(s[i]);
        }

        var verb = HttpMethods.IsPost(method) ? "/action"
            : HttpMethods.IsDelete(method) ? "/delete"
            : HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) ? "/write"
            : "/read";
        return action.Append(verb).ToString();
    }

    /// <summary>The scope an AuthorizationFailed message names for a write: the resource (the path without a POST's action).</summary>
    private static string ScopeOf(string method, string[] s) =>
        "/" + string.Join('/', HttpMethods.IsPost(method) && s.Length > 0 ? s[..^1] : s);

    private static Task NotFoundAsync(HttpContext context, CancellationToken cancellationToken) =>
        WriteErrorAsync(context, StatusCodes.Status404NotFound, "NotFound",
            $"No HTTP resource was found that matches the request URI '{context.Request.Method} {context.Request.Path}'.", cancellationToken);

    private static Task ResourceNotFoundAsync(HttpContext context, string resource, string resourceGroup, CancellationToken cancellationToken) =>
        WriteErrorAsync(context, StatusCodes.Status404NotFound, "ResourceNotFound",
            $"The Resource '{resource}' under resource group '{resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
            cancellationToken);

    private static Task WriteErrorAsync(HttpContext context, int statusCode, string code, string message, CancellationToken cancellationToken) =>
        WriteJsonAsync(context, statusCode, ErrorBody(code, message), cancellationToken);

    /// <summary>ARM's error response: <c>{"error": {"code", "message"}}</c>.</summary>
    private static byte[] ErrorBody(string code, string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ServedFleet.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task WriteJsonAsync(HttpContext context, int statusCode, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = JsonContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken);
    }

    private static bool Is(string segment, string literal) => string.Equals(segment, literal, StringComparison.OrdinalIgnoreCase);

    /// <summary>A recorded request whose status is filled in once it is answered.</summary>
    private sealed class RequestEntry(
        string method, string path, string query, string? apiVersion, string? authorization, string? subscriptionId, DateTimeOffset receivedAt)
    {
        private int _statusCode;

        public int StatusCode
        {
            get => Volatile.Read(ref _statusCode);
            set => Volatile.Write(ref _statusCode, value);
        }

        public RecordedRequest ToRecord() =>
            new(method, path, query, apiVersion, authorization, subscriptionId, StatusCode, receivedAt);
    }
}
