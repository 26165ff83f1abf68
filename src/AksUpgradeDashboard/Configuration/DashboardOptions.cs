namespace AksUpgradeDashboard.Configuration;

/// <summary>The <c>Dashboard</c> section: facts about this deployment as its users reach it.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>
    /// The address people open the dashboard at (e.g. <c>https://aks-upgrades.contoso.com</c>), for links that leave the
    /// browser: e-mails, webhooks and calendar feeds. Required when notifications are on; validated with them.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>The public address without a trailing slash, or null when none (or an invalid one) is set.</summary>
    public string? PublicBaseUrl => PublicUrlProblem(PublicUrl) is null && PublicUrl is { Length: > 0 } url ? url.TrimEnd('/') : null;

    /// <summary>Why <paramref name="value"/> is not a usable public address, or null when it is (or is empty).</summary>
    public static string? PublicUrlProblem(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : !Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            ? $"Dashboard:PublicUrl is '{value}'; it must be the absolute http(s) address people open the dashboard at, e.g. https://aks-upgrades.contoso.com."
        : uri.Query.Length > 0 || uri.Fragment.Length > 0
            ? $"Dashboard:PublicUrl is '{value}'; it must have no query or fragment (links are made by adding paths to it)."
            : null;
}
