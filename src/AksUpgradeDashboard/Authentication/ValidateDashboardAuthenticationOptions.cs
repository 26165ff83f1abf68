using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Authentication;

/// <summary>
/// Start-up checks of sign-in: every missing or wrong key is named, all at once. Reads <c>AzureAd</c> straight from
/// configuration because Microsoft.Identity.Web binds it itself.
/// </summary>
public sealed partial class ValidateDashboardAuthenticationOptions(IConfiguration configuration, IHostEnvironment environment, ILogger<ValidateDashboardAuthenticationOptions> logger)
    : IValidateOptions<DashboardAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardAuthenticationOptions options)
    {
        var errors = new List<string>();
        if (options.AllowLocalInProduction)
        {
            LogRenamedKey(logger);
        }

        if (!Enum.TryParse<AuthenticationMode>(options.Mode, ignoreCase: true, out var mode) || !Enum.IsDefined(mode) || int.TryParse(options.Mode, out _))
        {
            errors.Add($"Authentication:Mode is '{options.Mode}'; use Local or EntraId.");
        }
        else if (options.Resolved == AuthenticationMode.Local)
        {
            errors.AddRange(LocalModeErrors(options));
        }
        else
        {
            errors.AddRange(EntraIdErrors(configuration));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // Local mode has no passwords (anyone may say "I am ada, the admin"): it is for a developer's machine and the sample
    // fleet. Anywhere else, or in front of a real fleet's data, someone must have said so on purpose.
    private IEnumerable<string> LocalModeErrors(DashboardAuthenticationOptions options)
    {
        if (options.LocalAllowedOutsideDevelopment)
        {
            yield break;
        }

        if (!environment.IsDevelopment())
        {
            yield return $"Authentication:Mode is Local (built-in demo people, no passwords: anyone can act as an admin) and the environment is {environment.EnvironmentName}; "
                + "Local mode starts only in Development. Set Authentication:Mode=EntraId with the AzureAd section, or Authentication:AllowLocalOutsideDevelopment=true for a demo.";
        }
        else if (string.Equals(configuration["Inventory:Source"], Configuration.InventoryOptions.AzureSource, StringComparison.OrdinalIgnoreCase))
        {
            yield return "Authentication:Mode is Local (built-in demo people, no passwords) and Inventory:Source is Azure, which would show a real fleet to anyone. "
                + "Set Authentication:Mode=EntraId with the AzureAd section, or Authentication:AllowLocalOutsideDevelopment=true if that is meant.";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication:AllowLocalInProduction is the old name of Authentication:AllowLocalOutsideDevelopment; it is still honoured, but rename it (environment variable Authentication__AllowLocalOutsideDevelopment).")]
    private static partial void LogRenamedKey(ILogger logger);

    /// <summary>What the <c>AzureAd</c> section lacks for sign-in; empty when it is complete.</summary>
    public static IEnumerable<string> EntraIdErrors(IConfiguration configuration)
    {
        var section = configuration.GetSection("AzureAd");
        if (!Uri.TryCreate(section["Instance"], UriKind.Absolute, out var instance) || instance.Scheme != Uri.UriSchemeHttps)
        {
            yield return "AzureAd:Instance must be the https sign-in authority, e.g. https://login.microsoftonline.com/.";
        }

        if (string.IsNullOrWhiteSpace(section["TenantId"]))
        {
            yield return "AzureAd:TenantId is required for Authentication:Mode=EntraId (the directory id or domain).";
        }

        if (!Guid.TryParse(section["ClientId"], out _))
        {
            yield return "AzureAd:ClientId must be the app registration's application (client) id, a GUID.";
        }

        if (string.IsNullOrWhiteSpace(section["ClientSecret"]) && !section.GetSection("ClientCertificates").GetChildren().Any()
            && !section.GetSection("ClientCredentials").GetChildren().Any())
        {
            yield return "AzureAd:ClientSecret or AzureAd:ClientCertificates is required for Authentication:Mode=EntraId (the web app signs in with a confidential client).";
        }

        if (section["CallbackPath"] is { } callback && !callback.StartsWith('/'))
        {
            yield return $"AzureAd:CallbackPath is '{callback}'; it must be a path starting with '/', e.g. /signin-oidc.";
        }
    }
}
