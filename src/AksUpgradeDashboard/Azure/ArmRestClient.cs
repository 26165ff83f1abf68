using System.Runtime.CompilerServices;
using System.Text.Json;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Model;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AksUpgradeDashboard.Azure;

/// <summary>An ARM call that failed after retries, with ARM's error code and message (safe to show: they come from ARM).</summary>
public sealed class ArmRequestException(int status, InventoryError error, Exception? inner = null)
    : Exception($"{error.Code}: {error.Message}", inner)
{
    public int Status { get; } = status;

    public InventoryError Error { get; } = error;
}

/// <summary>ARM's answer to a write or an operation poll: status, body, error, where to follow the operation, and its request id.</summary>
public sealed record ArmResponse(int Status, string? Body, InventoryError? Error, string? OperationUrl, TimeSpan? RetryAfter, string? RequestId);

/// <summary>
/// The small layer through which every ARM call goes: an Azure.Core pipeline with the bearer-token policy for the
/// configured credential, Azure.Core's retry policy (exponential back-off for 408/429/5xx and timeouts, honouring
/// Retry-After) and a per-attempt network timeout. We use raw REST because the typed
/// Azure.ResourceManager.ContainerService package is not available to this project.
/// </summary>
public sealed class ArmRestClient
{
    private readonly HttpPipeline _pipeline;
    private long _requests;

    public ArmRestClient(AzureOptions options, TokenCredential credential, HttpPipelineTransport? transport = null)
    {
        Endpoint = ArmEndpoint.From(options);
        var pipelineOptions = new ArmPipelineOptions();
        pipelineOptions.Retry.Mode = RetryMode.Exponential;
        pipelineOptions.Retry.MaxRetries = options.MaxRetries;
        pipelineOptions.Retry.Delay = TimeSpan.FromMilliseconds(500);
        pipelineOptions.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        pipelineOptions.Retry.NetworkTimeout = options.RequestTimeout;
        pipelineOptions.Diagnostics.ApplicationId = "AksUpgradeDashboard";
        pipelineOptions.Diagnostics.IsLoggingContentEnabled = false;
        if (transport is not null)
        {
            pipelineOptions.Transport = transport;
        }

        pipelineOptions.AddPolicy(new CountingPolicy(this), HttpPipelinePosition.PerRetry);
        _pipeline = HttpPipelineBuilder.Build(pipelineOptions, new BearerTokenAuthenticationPolicy(credential, Endpoint.Scope));
    }

    public ArmEndpoint Endpoint { get; }

    /// <summary>HTTP requests sent, retries included.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    public Uri Resolve(string pathAndQuery) => new(Endpoint.Endpoint, pathAndQuery.TrimStart('/'));

    /// <summary>GETs a list and follows <c>nextLink</c> until the last page, yielding each page's body.</summary>
    public async IAsyncEnumerable<JsonElement> GetPagesAsync(Uri first, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri? next = first;
        var pages = 0;
        while (next is not null)
        {
            var page = await GetAsync(next, cancellationToken);
            yield return page;
            next = ArmInventoryMapper.NextLink(page) is { } link ? CheckNextLink(link) : null;
            if (++pages > 10_000)
            {
                throw new ArmRequestException(0, new InventoryError("TooManyPages", $"{first.AbsolutePath} returned more than 10,000 pages; stopping."));
            }
        }
    }

    public async Task<JsonElement> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add("Accept", "application/json");
        await SendMessageAsync(message, uri, cancellationToken);

        var response = message.Response;
        if (response.Status >= 400)
        {
            throw new ArmRequestException(response.Status, ArmInventoryMapper.MapError(response.Content.ToString(), response.Status, ResourceId.SubscriptionOf(uri.AbsolutePath)));
        }

        try
        {
            using var document = JsonDocument.Parse(response.Content.ToMemory());
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ArmRequestException(response.Status, new InventoryError("InvalidResponse", $"{uri.AbsolutePath} answered with a body that is not JSON."), ex);
        }
    }

    /// <summary>
    /// Sends a write (or reads an operation's status) and returns ARM's answer whatever its status: the caller decides
    /// what a 409 or 412 means. Only network failures throw (<see cref="ArmRequestException"/>). The URL must be on the
    /// configured ARM endpoint: an operation URL ARM hands back is followed with our bearer token, like a nextLink.
    /// </summary>
    public async Task<ArmResponse> SendAsync(RequestMethod method, Uri uri, string? jsonBody, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        var target = CheckOnEndpoint(uri.ToString(), "An operation URL");
        using var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(target);
        message.Request.Headers.Add("Accept", "application/json");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            message.Request.Headers.Add(name, value);
        }

        if (jsonBody is not null)
        {
            message.Request.Headers.Add("Content-Type", "application/json");
            message.Request.Content = RequestContent.Create(BinaryData.FromString(jsonBody));
        }

        await SendMessageAsync(message, target, cancellationToken);

        var response = message.Response;
        string? Header(string name) => response.Headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
        var body = response.Content.ToString();
        var error = response.Status >= 400 ? ArmInventoryMapper.MapError(body, response.Status, ResourceId.SubscriptionOf(target.AbsolutePath)) : null;
        return new ArmResponse(
            response.Status,
            string.IsNullOrEmpty(body) ? null : body,
            error,
            Header("Azure-AsyncOperation") ?? Header("Location"),
            RetryAfter(Header("Retry-After")),
            Header("x-ms-request-id"));
    }

    // Network failures and timeouts, after the pipeline's retries, as ArmRequestException; an HTTP answer is the caller's.
    private async Task SendMessageAsync(HttpMessage message, Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.SendAsync(message, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw new ArmRequestException(ex.Status, new InventoryError("RequestFailed", $"Azure Resource Manager could not be reached at {Endpoint.Endpoint.Host}: {ex.Message}"), ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ArmRequestException(408, new InventoryError("RequestTimeout", $"Azure Resource Manager did not answer {uri.AbsolutePath} in time."), ex);
        }
    }

    private static TimeSpan? RetryAfter(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds)
        : DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at - DateTimeOffset.UtcNow
        : null;

    // A nextLink is followed with our bearer token, so it must point at the ARM endpoint we were configured with.
    private Uri CheckNextLink(string link) => CheckOnEndpoint(link, "A nextLink");

    /// <summary>Whether <paramref name="link"/> is an absolute URL on the configured ARM endpoint.</summary>
    public bool IsOnEndpoint(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, Endpoint.Endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, Endpoint.Endpoint.Authority, StringComparison.OrdinalIgnoreCase);

    private Uri CheckOnEndpoint(string link, string what)
    {
        if (!IsOnEndpoint(link) || !Uri.TryCreate(link, UriKind.Absolute, out var uri))
        {
            throw new ArmRequestException(0, new InventoryError(what == "A nextLink" ? "InvalidNextLink" : "InvalidOperationUrl", $"{what} pointed away from {Endpoint.Endpoint.Authority}; it was not followed."));
        }

        return uri;
    }

    private sealed class ArmPipelineOptions : ClientOptions;

    private sealed class CountingPolicy(ArmRestClient client) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            Interlocked.Increment(ref client._requests);
            Telemetry.DashboardMetrics.ArmRequests.Add(1);
        }

        public override void OnReceivedResponse(HttpMessage message)
        {
            if (message.Response.Status == 429)
            {
                Telemetry.DashboardMetrics.ArmThrottled.Add(1);
            }
        }
    }
}
