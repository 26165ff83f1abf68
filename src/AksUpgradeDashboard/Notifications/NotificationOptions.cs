using System.Globalization;
using AksUpgradeDashboard.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AksUpgradeDashboard.Notifications;

/// <summary>How the SMTP connection is secured (<c>Notifications:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The body a webhook receives (<c>Notifications:Webhooks:&lt;name&gt;:Format</c>).</summary>
public enum WebhookFormat
{
    /// <summary>Our own event document: <c>type</c>, <c>occurredAt</c>, <c>window</c>, <c>actor</c>, <c>url</c>.</summary>
    Json,

    /// <summary>A Slack incoming-webhook message (text and blocks).</summary>
    Slack,

    /// <summary>An adaptive card, as a Teams workflow's "When a Teams webhook request is received" trigger takes it.</summary>
    Teams,
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>AKS Upgrade Dashboard &lt;aks-upgrades@contoso.com&gt;</c>.</summary>
    public string? From { get; set; }
}

public sealed class WebhookOptions
{
    public string? Url { get; set; }

    public WebhookFormat Format { get; set; } = WebhookFormat.Json;

    /// <summary>Signs each body: <c>X-Dashboard-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>. Empty: unsigned.</summary>
    public string? Secret { get; set; }

    /// <summary>Event names to send (<see cref="NotificationKinds.EventName"/>); all when empty.</summary>
    public List<string> Events { get; set; } = [];

    public bool Wants(NotificationKind kind) =>
        Events.Count == 0 || Events.Any(e => NotificationKinds.FromEventName(e) == kind);
}

/// <summary>The <c>Notifications</c> section. Notifications are on when an SMTP host or a webhook is configured.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";
    public const int MinSecretLength = 16;

    public SmtpOptions Smtp { get; set; } = new();

    public Dictionary<string, WebhookOptions> Webhooks { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a delivery is retried (with back-off) before it is given up, its last error kept for admins.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the sending replica looks for work.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>When the weekly compliance digest goes out (UTC).</summary>
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;

    public int DigestHourUtc { get; set; } = 7;

    public bool EmailEnabled => !string.IsNullOrWhiteSpace(Smtp.Host);

    public bool Enabled => EmailEnabled || Webhooks.Count > 0;
}

/// <summary>Checks the section, naming the exact key to fix; also that <c>Dashboard:PublicUrl</c> is set when notifications are on.</summary>
public sealed class ValidateNotificationOptions(IOptions<DashboardOptions> dashboard, IHostEnvironment environment) : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var errors = new List<string>();
        var smtp = options.Smtp;
        if (options.EmailEnabled)
        {
            if (smtp.Port is < 1 or > 65535)
            {
                errors.Add($"Notifications:Smtp:Port is {smtp.Port}; it must be between 1 and 65535 (587 for StartTls, 465 for SslOnConnect, 25 for a relay).");
            }

            if (string.IsNullOrWhiteSpace(smtp.From) || !MailboxAddress.TryParse(smtp.From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
            {
                errors.Add($"Notifications:Smtp:From is {(string.IsNullOrWhiteSpace(smtp.From) ? "missing" : $"'{smtp.From}'")}; it must be the sender's address, e.g. \"AKS Upgrade Dashboard <aks-upgrades@contoso.com>\".");
            }

            if (!string.IsNullOrEmpty(smtp.Password) && smtp.Security == SmtpSecurity.None && !environment.IsDevelopment())
            {
                errors.Add("Notifications:Smtp:Security is None while a password is set: the password would cross the network in clear text. Use StartTls or SslOnConnect (None with credentials is allowed only in Development).");
            }

            if (string.IsNullOrEmpty(smtp.Username) != string.IsNullOrEmpty(smtp.Password))
            {
                errors.Add("Notifications:Smtp:Username and Notifications:Smtp:Password go together: set both to sign in to the SMTP server, or neither for a relay that needs no sign-in.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(smtp.From) || !string.IsNullOrWhiteSpace(smtp.Username) || !string.IsNullOrEmpty(smtp.Password))
        {
            errors.Add("Notifications:Smtp:Host is missing, but other Notifications:Smtp keys are set: set the host to send e-mail.");
        }

        foreach (var (hook, webhook) in options.Webhooks)
        {
            var key = $"Notifications:Webhooks:{hook}";
            if (string.IsNullOrWhiteSpace(webhook.Url) || !Uri.TryCreate(webhook.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"{key}:Url is {(string.IsNullOrWhiteSpace(webhook.Url) ? "missing" : $"'{webhook.Url}'")}; it must be the absolute https address to post to.");
            }
            else if (uri.Scheme != Uri.UriSchemeHttps && !environment.IsDevelopment())
            {
                errors.Add($"{key}:Url is '{webhook.Url}'; it must use https (plain http is allowed only in Development): the body says who decided what, and is signed with the secret.");
            }

            if (webhook.Secret is { Length: > 0 } secret && secret.Length < NotificationOptions.MinSecretLength)
            {
                errors.Add($"{key}:Secret is {secret.Length} characters long; use at least {NotificationOptions.MinSecretLength} random characters (or none).");
            }

            foreach (var unknown in webhook.Events.Where(e => NotificationKinds.FromEventName(e) is null))
            {
                errors.Add($"{key}:Events has '{unknown}', which is not an event; use any of {string.Join(", ", NotificationKinds.All.Select(NotificationKinds.EventName))}.");
            }
        }

        if (options.GiveUpAfter < TimeSpan.FromMinutes(1) || options.GiveUpAfter > TimeSpan.FromDays(14))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Notifications:GiveUpAfter is {options.GiveUpAfter}; it must be between 00:01:00 and 14.00:00:00 (how long a delivery is retried)."));
        }

        if (options.PollInterval < TimeSpan.FromSeconds(1) || options.PollInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Notifications:PollInterval is {options.PollInterval}; it must be between 00:00:01 and 00:10:00."));
        }

        if (options.DigestHourUtc is < 0 or > 23)
        {
            errors.Add($"Notifications:DigestHourUtc is {options.DigestHourUtc}; it must be an hour between 0 and 23 (UTC).");
        }

        var publicUrl = dashboard.Value.PublicUrl;
        if (DashboardOptions.PublicUrlProblem(publicUrl) is { } problem)
        {
            errors.Add(problem);
        }
        else if (options.Enabled && string.IsNullOrWhiteSpace(publicUrl))
        {
            errors.Add("Dashboard:PublicUrl is missing; it is required when notifications are on (Notifications:Smtp:Host or a Notifications:Webhooks entry is set), so messages can link to the dashboard, e.g. https://aks-upgrades.contoso.com.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
