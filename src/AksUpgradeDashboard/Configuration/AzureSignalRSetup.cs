using System.Data.Common;
using Microsoft.Azure.SignalR;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Configuration;

/// <summary>
/// Blazor circuits through Azure SignalR Service when <c>Azure:SignalR:ConnectionString</c> is set: the browsers'
/// WebSockets then end at the service, and replicas behind a plain load balancer need no sticky sessions for them.
/// A circuit lives on one replica, so the service must route each browser back to the replica that negotiated it
/// (<see cref="ServerStickyMode.Required"/>). Unset, circuits are served by the app itself as usual.
/// </summary>
public static class AzureSignalRSetup
{
    public const string ConnectionStringKey = "Azure:SignalR:ConnectionString";

    public static IServiceCollection AddDashboardAzureSignalR(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[ConnectionStringKey]))
        {
            return services;
        }

        services.AddSignalR().AddAzureSignalR(options =>
        {
            options.ConnectionString = configuration[ConnectionStringKey];
            options.ServerStickyMode = ServerStickyMode.Required;
        });
        services.AddOptions<AzureSignalRSettings>().Configure(s => s.ConnectionString = configuration[ConnectionStringKey]).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AzureSignalRSettings>, ValidateAzureSignalRSettings>();
        return services;
    }
}

/// <summary>The one setting, as an options type so start-up validation checks it with the others.</summary>
public sealed class AzureSignalRSettings
{
    public string? ConnectionString { get; set; }
}

/// <summary>Names the key; never echoes the connection string, whose AccessKey is a secret.</summary>
public sealed class ValidateAzureSignalRSettings : IValidateOptions<AzureSignalRSettings>
{
    public ValidateOptionsResult Validate(string? name, AzureSignalRSettings options)
    {
        var parsed = new DbConnectionStringBuilder();
        try
        {
            parsed.ConnectionString = options.ConnectionString;
        }
        catch (ArgumentException)
        {
            return Fail("it is not a list of key=value pairs separated by semicolons.");
        }

        if (!parsed.TryGetValue("Endpoint", out var endpoint)
            || !Uri.TryCreate(endpoint as string, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("https" or "http"))
        {
            return Fail("Endpoint=https://<name>.service.signalr.net is missing or not an http(s) address.");
        }

        return parsed.ContainsKey("AccessKey") || parsed.ContainsKey("AuthType")
            ? ValidateOptionsResult.Success
            : Fail("it has neither AccessKey nor AuthType (e.g. AuthType=azure.msi for a managed identity).");
    }

    private static ValidateOptionsResult Fail(string problem) =>
        ValidateOptionsResult.Fail($"{AzureSignalRSetup.ConnectionStringKey} is not a valid Azure SignalR connection string: {problem} Copy it from the resource's Keys blade.");
}
