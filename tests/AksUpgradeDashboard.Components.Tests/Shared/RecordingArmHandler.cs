using System.Collections.Concurrent;
using System.Net;
using Azure.Core;

namespace AksUpgradeDashboard.Components.Tests;

/// <summary>Stands in for ARM in component tests: records every request and answers 500, so nothing is ever changed.</summary>
public sealed class RecordingArmHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<string> _requests = new();

    /// <summary>"METHOD path" of each request, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue($"{request.Method} {request.RequestUri?.AbsolutePath}");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError)
        {
            Content = new StringContent("""{"error":{"code":"ComponentTest","message":"ARM is not reachable from component tests."}}""", System.Text.Encoding.UTF8, "application/json"),
        });
    }
}

/// <summary>A token for the recording handler; never a real credential.</summary>
public sealed class FakeTokenCredential : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new("component-test-token", DateTimeOffset.MaxValue);

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
