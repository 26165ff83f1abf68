using Azure.Core;

namespace AksUpgradeDashboard.Benchmarks;

/// <summary>A fixed token: the benchmark talks only to the local ARM emulator.</summary>
internal sealed class BenchmarkCredential : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new("benchmark-token", DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
