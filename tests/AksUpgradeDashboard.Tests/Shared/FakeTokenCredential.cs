using System.Collections.Concurrent;
using Azure.Core;

namespace AksUpgradeDashboard.Tests.Shared;

/// <summary>The one fake at the edge we cannot reach: Entra ID. Hands out a fixed token and records the scopes asked for.</summary>
public sealed class FakeTokenCredential(string token = FakeTokenCredential.DefaultToken) : TokenCredential
{
    public const string DefaultToken = "test-token";

    public ConcurrentQueue<string> Scopes { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            Scopes.Enqueue(scope);
        }

        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
