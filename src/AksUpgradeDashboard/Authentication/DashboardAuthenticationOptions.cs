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

    public AuthenticationMode Mode { get; set; } = AuthenticationMode.Local;

    /// <summary>Lets <see cref="AuthenticationMode.Local"/> run where the environment is Production (e.g. a public demo).</summary>
    public bool AllowLocalInProduction { get; set; }
}
