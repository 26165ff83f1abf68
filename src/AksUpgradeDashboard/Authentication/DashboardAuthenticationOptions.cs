namespace AksUpgradeDashboard.Authentication;

public enum AuthenticationMode
{
    /// <summary>Built-in demo people to switch between: for trying the product, never for production.</summary>
    Local,

    /// <summary>Microsoft Entra ID sign-in (OpenID Connect) and bearer tokens, from the <c>AzureAd</c> section.</summary>
    EntraId,
}

/// <summary>The <c>Authentication</c> section.</summary>
public sealed class DashboardAuthenticationOptions
{
    public const string SectionName = "Authentication";

    /// <summary><c>Local</c> or <c>EntraId</c>; text, so a wrong value gets our message naming the key, not a binder error.</summary>
    public string Mode { get; set; } = nameof(AuthenticationMode.Local);

    /// <summary>The mode; Local when <see cref="Mode"/> is not recognised (start-up validation stops the app then).</summary>
    public AuthenticationMode Resolved => Enum.TryParse<AuthenticationMode>(Mode, ignoreCase: true, out var mode) && Enum.IsDefined(mode) ? mode : AuthenticationMode.Local;

    /// <summary>
    /// Lets <see cref="AuthenticationMode.Local"/> run outside the Development environment, and in front of the Azure
    /// inventory (e.g. a public demo). Without it, Local mode starts only in Development on the sample fleet.
    /// </summary>
    public bool AllowLocalOutsideDevelopment { get; set; }

    /// <summary>The old name of <see cref="AllowLocalOutsideDevelopment"/>; still honoured, with a start-up warning.</summary>
    public bool AllowLocalInProduction { get; set; }

    public bool LocalAllowedOutsideDevelopment => AllowLocalOutsideDevelopment || AllowLocalInProduction;
}
