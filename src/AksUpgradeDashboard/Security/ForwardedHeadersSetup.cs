using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace AksUpgradeDashboard.Security;

/// <summary>
/// The <c>ForwardedHeaders</c> section: the app behind a reverse proxy or ingress that terminates TLS. On (the
/// container's default), the scheme and client address the proxy reports in <c>X-Forwarded-Proto</c> and
/// <c>X-Forwarded-For</c> are believed, so sign-in builds https redirect URIs, cookies are Secure and HSTS is sent.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies whose headers are believed, e.g. <c>10.0.0.4</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR form, e.g. <c>10.244.0.0/16</c> (a cluster's pod network).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// With neither list set, the private and loopback networks, where an ingress controller sits. Anything else in those
    /// networks is believed too (another pod; a client behind a load balancer that rewrites source addresses), so in
    /// production narrow it: start-up warns until then. The forwarded values never grant access; they decide the scheme
    /// (https redirect URIs, Secure cookies) and the client address in logs.
    /// </summary>
    public static IReadOnlyList<IPNetwork> PrivateNetworks { get; } =
        [.. new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "fc00::/7", "::1/128" }.Select(n => IPNetwork.Parse(n))];
}

public sealed class ValidateForwardedHeadersSettings : IValidateOptions<ForwardedHeadersSettings>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                errors.Add($"ForwardedHeaders:KnownProxies:{i} is '{options.KnownProxies[i]}'; it must be an IP address, e.g. 10.0.0.4.");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                errors.Add($"ForwardedHeaders:KnownNetworks:{i} is '{options.KnownNetworks[i]}'; it must be a network in CIDR form, e.g. 10.244.0.0/16.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static partial class ForwardedHeadersSetup
{
    public static IServiceCollection AddDashboardForwardedHeaders(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersSettings>().BindConfiguration(ForwardedHeadersSettings.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>, ValidateForwardedHeadersSettings>();
        // Resolved when the pipeline is built, after start-up validation, so a bad entry is reported with the others.
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>, ILogger<ForwardedHeadersSettings>, IHostEnvironment>((options, settings, logger, environment) =>
        {
            var value = settings.Value;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            if (!value.Enabled)
            {
                options.ForwardedHeaders = ForwardedHeaders.None;
                return;
            }

            // The Host header is the one the browser sent (ingresses pass it through); X-Forwarded-Host is not believed.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in value.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in value.KnownNetworks)
            {
                options.KnownIPNetworks.Add(IPNetwork.Parse(network));
            }

            var narrowed = options.KnownProxies.Count + options.KnownIPNetworks.Count > 0;
            if (!narrowed)
            {
                foreach (var network in ForwardedHeadersSettings.PrivateNetworks)
                {
                    options.KnownIPNetworks.Add(network);
                }
            }

            if (narrowed)
            {
                var trusted = string.Join(", ", value.KnownProxies.Concat(value.KnownNetworks));
                LogEnabled(logger, trusted);
            }
            else
            {
                var level = environment.IsProduction() ? LogLevel.Warning : LogLevel.Information;
                LogTrustingPrivateNetworks(logger, level);
            }
        });
        return services;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Behind a proxy: X-Forwarded-Proto and X-Forwarded-For are believed from {Trusted}")]
    private static partial void LogEnabled(ILogger logger, string trusted);

    [LoggerMessage(Message = "Behind a proxy: X-Forwarded-Proto and X-Forwarded-For are believed from any private address. Set ForwardedHeaders:KnownNetworks (e.g. the pod network) or ForwardedHeaders:KnownProxies to the ingress alone.")]
    private static partial void LogTrustingPrivateNetworks(ILogger logger, LogLevel level);
}
