using AksUpgradeDashboard.Configuration;
using Azure.Core;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AksUpgradeDashboard.Data;

/// <summary>
/// The app's one PostgreSQL data source (and so one connection pool). With <c>Database:PostgreSqlAuthentication</c>
/// set to <c>EntraId</c> there is no password: each new connection signs in with a Microsoft Entra access token of the
/// app's Azure credential (<c>Azure:Credential</c>, e.g. AKS workload identity), as Azure Database for PostgreSQL
/// accepts; the token is fetched again well before it expires.
/// </summary>
public static class PostgreSqlDataSource
{
    public static NpgsqlDataSource Create(IServiceProvider services, string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.UsesEntraId)
        {
            var scope = TokenScope(services.GetRequiredService<IOptions<AzureOptions>>().Value.Cloud);
            var credential = services.GetRequiredService<TokenCredential>();
            builder.UsePeriodicPasswordProvider(
                async (_, cancellationToken) => (await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken)).Token,
                successRefreshInterval: TimeSpan.FromMinutes(5),
                failureRefreshInterval: TimeSpan.FromSeconds(10));
        }

        return builder.Build();
    }

    /// <summary>The Entra audience of Azure Database for PostgreSQL in each cloud.</summary>
    public static string TokenScope(string? cloud) => cloud?.ToUpperInvariant() switch
    {
        "AZURECHINACLOUD" => "https://ossrdbms-aad.database.chinacloudapi.cn/.default",
        "AZUREUSGOVERNMENT" => "https://ossrdbms-aad.database.usgovcloudapi.net/.default",
        _ => "https://ossrdbms-aad.database.windows.net/.default",
    };
}
