using System.Globalization;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Notifications;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Tests.Notifications;

public class NotificationOptionsValidationTests
{
    private const string PublicUrl = "https://aks-upgrades.contoso.example";
    private const string From = "AKS Upgrade Dashboard <aks-upgrades@contoso.example>";
    private const string TeamsUrl = "https://prod-12.westeurope.logic.azure.com/workflows/0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-06-01&sig=abc";

    private sealed class TestHostEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "AksUpgradeDashboard";

        public string ContentRootPath { get; set; } = "/app";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static ValidateOptionsResult Validate(NotificationOptions options, string? publicUrl = PublicUrl, string environment = "Production") =>
        new ValidateNotificationOptions(Options.Create(new DashboardOptions { PublicUrl = publicUrl }), new TestHostEnvironment(environment)).Validate(null, options);

    private static NotificationOptions Email(Action<SmtpOptions>? configure = null)
    {
        var options = new NotificationOptions { Smtp = { Host = "smtp.contoso.example", Port = 587, Security = SmtpSecurity.StartTls, From = From } };
        configure?.Invoke(options.Smtp);
        return options;
    }

    private static NotificationOptions Webhook(string? url, string? secret = null, params string[] events) =>
        new() { Webhooks = { ["teams"] = new WebhookOptions { Url = url, Format = WebhookFormat.Teams, Secret = secret, Events = [.. events] } } };

    private static string SingleFailure(ValidateOptionsResult result)
    {
        Assert.True(result.Failed);
        return Assert.Single(result.Failures!);
    }

    // Review finding: a password with Security=None went over the network in clear text outside Development.
    [Theory]
    [InlineData("Production", true)]
    [InlineData("Development", false)]
    public void SmtpPasswordWithoutTls_RefusedOutsideDevelopment(string environment, bool refused)
    {
        var result = Validate(Email(s => { s.Security = SmtpSecurity.None; s.Port = 25; s.Username = "relay"; s.Password = "secret"; }), environment: environment);

        Assert.Equal(refused, result.Failed);
        if (refused)
        {
            Assert.StartsWith("Notifications:Smtp:Security is None while a password is set", SingleFailure(result), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_Defaults_NotificationsOff_Succeed() =>
        Assert.True(Validate(new NotificationOptions(), publicUrl: null).Succeeded);

    private static readonly Dictionary<string, NotificationOptions> s_valid = new()
    {
        ["Microsoft 365: smtp.office365.com, 587, StartTls, signed in"] = new NotificationOptions
        {
            Smtp = { Host = "smtp.office365.com", Port = 587, Security = SmtpSecurity.StartTls, Username = "aks-upgrades@contoso.example", Password = "app-password-from-key-vault", From = From },
        },
        ["a relay on port 25 without TLS or sign-in"] = new NotificationOptions
        {
            Smtp = { Host = "relay.contoso.internal", Port = 25, Security = SmtpSecurity.None, From = "aks-upgrades@contoso.example" },
        },
        ["SSL on connect, port 465"] = new NotificationOptions
        {
            Smtp = { Host = "smtp.contoso.example", Port = 465, Security = SmtpSecurity.SslOnConnect, From = From, Username = "u", Password = "p" },
        },
        ["a Teams workflow webhook over https"] = Webhook(TeamsUrl),
        ["a signed webhook for some events"] = Webhook("https://hooks.contoso.example/aks", "0123456789abcdef", "window.approved", " Window.Cancelled ", "compliance.weekly-digest"),
        ["e-mail and three webhooks, and the upper bounds"] = new NotificationOptions
        {
            Smtp = { Host = "smtp.office365.com", Port = 587, Username = "aks-upgrades@contoso.example", Password = "secret", From = From },
            Webhooks =
            {
                ["teams"] = new WebhookOptions { Url = TeamsUrl, Format = WebhookFormat.Teams },
                ["slack"] = new WebhookOptions { Url = "https://hooks.slack.com/services/T000/B000/XXXX", Format = WebhookFormat.Slack, Secret = new string('s', 16) },
                ["siem"] = new WebhookOptions { Url = "https://siem.contoso.example:8443/ingest", Events = ["window.approvals-voided"] },
            },
            GiveUpAfter = TimeSpan.FromDays(14), PollInterval = TimeSpan.FromMinutes(10), DigestDay = DayOfWeek.Sunday, DigestHourUtc = 23,
        },
        ["the lower bounds"] = new NotificationOptions { GiveUpAfter = TimeSpan.FromMinutes(1), PollInterval = TimeSpan.FromSeconds(1), DigestHourUtc = 0 },
    };

    public static TheoryData<string> ValidConfigurations => new(s_valid.Keys);

    [Theory]
    [MemberData(nameof(ValidConfigurations))]
    public void Validate_ValidConfiguration_Succeeds(string configuration)
    {
        var result = Validate(s_valid[configuration]);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-587)]
    [InlineData(65536)]
    public void Validate_SmtpPortOutOfRange_NamesPort(int port) =>
        Assert.Equal(
            $"Notifications:Smtp:Port is {port}; it must be between 1 and 65535 (587 for StartTls, 465 for SslOnConnect, 25 for a relay).",
            SingleFailure(Validate(Email(s => s.Port = port))));

    [Theory]
    [InlineData(null, "Notifications:Smtp:From is missing; it must be the sender's address, e.g. \"AKS Upgrade Dashboard <aks-upgrades@contoso.com>\".")]
    [InlineData("  ", "Notifications:Smtp:From is missing; it must be the sender's address, e.g. \"AKS Upgrade Dashboard <aks-upgrades@contoso.com>\".")]
    [InlineData("AKS Upgrade Dashboard <aks-upgrades@", "Notifications:Smtp:From is 'AKS Upgrade Dashboard <aks-upgrades@'; it must be the sender's address, e.g. \"AKS Upgrade Dashboard <aks-upgrades@contoso.com>\".")]
    [InlineData("aks-upgrades", "Notifications:Smtp:From is 'aks-upgrades'; it must be the sender's address, e.g. \"AKS Upgrade Dashboard <aks-upgrades@contoso.com>\".")] // no domain
    [InlineData("AKS Upgrades <aks-upgrades>", "Notifications:Smtp:From is 'AKS Upgrades <aks-upgrades>'; it must be the sender's address, e.g. \"AKS Upgrade Dashboard <aks-upgrades@contoso.com>\".")]
    public void Validate_SmtpFromMissingOrNotAnAddress_NamesFrom(string? from, string expected) =>
        Assert.Equal(expected, SingleFailure(Validate(Email(s => s.From = from))));

    [Theory]
    [InlineData("aks-upgrades@contoso.example")]
    [InlineData("AKS Upgrade Dashboard <aks-upgrades@contoso.example>")]
    [InlineData("\"Contoso, AKS\" <aks-upgrades@contoso.example>")]
    public void Validate_SmtpFromAnAddress_Succeeds(string from) =>
        Assert.True(Validate(Email(s => s.From = from)).Succeeded);

    [Theory]
    [InlineData("aks-upgrades@contoso.example", null)]
    [InlineData(null, "secret")]
    [InlineData("aks-upgrades@contoso.example", "")]
    public void Validate_SmtpUsernameWithoutPasswordOrTheOtherWay_NamesBoth(string? username, string? password) =>
        Assert.Equal(
            "Notifications:Smtp:Username and Notifications:Smtp:Password go together: set both to sign in to the SMTP server, or neither for a relay that needs no sign-in.",
            SingleFailure(Validate(Email(s => (s.Username, s.Password) = (username, password)))));

    [Theory]
    [InlineData(From, null, null)]
    [InlineData(null, "aks-upgrades@contoso.example", null)]
    [InlineData(null, null, "secret")]
    [InlineData(From, "aks-upgrades@contoso.example", "secret")]
    public void Validate_SmtpHostMissingWithOtherSmtpKeysSet_NamesHost(string? from, string? username, string? password)
    {
        var options = new NotificationOptions { Smtp = { From = from, Username = username, Password = password } };

        Assert.Equal(
            "Notifications:Smtp:Host is missing, but other Notifications:Smtp keys are set: set the host to send e-mail.",
            SingleFailure(Validate(options)));
    }

    [Theory]
    [InlineData(null, "Notifications:Webhooks:teams:Url is missing; it must be the absolute https address to post to.")]
    [InlineData("", "Notifications:Webhooks:teams:Url is missing; it must be the absolute https address to post to.")]
    [InlineData("hooks.contoso.example/aks", "Notifications:Webhooks:teams:Url is 'hooks.contoso.example/aks'; it must be the absolute https address to post to.")]
    [InlineData("/hooks/aks", "Notifications:Webhooks:teams:Url is '/hooks/aks'; it must be the absolute https address to post to.")]
    [InlineData("ftp://hooks.contoso.example/aks", "Notifications:Webhooks:teams:Url is 'ftp://hooks.contoso.example/aks'; it must be the absolute https address to post to.")]
    [InlineData("http://hooks.contoso.example/aks", "Notifications:Webhooks:teams:Url is 'http://hooks.contoso.example/aks'; it must use https (plain http is allowed only in Development): the body says who decided what, and is signed with the secret.")]
    public void Validate_WebhookUrlMissingNotAbsoluteOrNotHttps_NamesTheWebhooksUrl(string? url, string expected) =>
        Assert.Equal(expected, SingleFailure(Validate(Webhook(url))));

    [Theory]
    [InlineData("Development", true)]
    [InlineData("development", true)]
    [InlineData("Staging", false)]
    [InlineData("Production", false)]
    public void Validate_WebhookOverPlainHttp_AllowedOnlyInDevelopment(string environment, bool valid) =>
        Assert.Equal(valid, Validate(Webhook("http://127.0.0.1:5099/hook"), environment: environment).Succeeded);

    [Theory]
    [InlineData("short", false)]
    [InlineData("0123456789abcde", false)]
    [InlineData("0123456789abcdef", true)]
    [InlineData(null, true)] // unsigned
    public void Validate_WebhookSecret_AtLeast16Characters(string? secret, bool valid)
    {
        var result = Validate(Webhook(TeamsUrl, secret));

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Equal(
                string.Create(CultureInfo.InvariantCulture, $"Notifications:Webhooks:teams:Secret is {secret!.Length} characters long; use at least 16 random characters (or none)."),
                SingleFailure(result));
        }
    }

    [Theory]
    [InlineData("window.deleted")]
    [InlineData("Approved")] // the kind's name, not the event's
    [InlineData("window.approved,window.rejected")]
    public void Validate_WebhookUnknownEvent_NamesEventsAndListsTheKnownOnes(string unknown) =>
        Assert.Equal(
            $"Notifications:Webhooks:teams:Events has '{unknown}', which is not an event; use any of window.submitted, window.approved, window.rejected, window.cancelled, window.approvals-voided, window.reminder, window.escalated, window.not-reached, compliance.weekly-digest, window.execution-started, window.execution-failed, window.execution-completed.",
            SingleFailure(Validate(Webhook(TeamsUrl, null, "window.approved", unknown))));

    [Theory]
    [InlineData("00:00:59", false)]
    [InlineData("00:01:00", true)]
    [InlineData("14.00:00:00", true)]
    [InlineData("14.00:00:01", false)]
    [InlineData("-01:00:00", false)]
    public void Validate_GiveUpAfter_BetweenAMinuteAndTwoWeeks(string value, bool valid)
    {
        var giveUpAfter = TimeSpan.Parse(value, CultureInfo.InvariantCulture);

        var result = Validate(new NotificationOptions { GiveUpAfter = giveUpAfter });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Equal(
                $"Notifications:GiveUpAfter is {value}; it must be between 00:01:00 and 14.00:00:00 (how long a delivery is retried).",
                SingleFailure(result));
        }
    }

    [Theory]
    [InlineData("00:00:00", false)]
    [InlineData("00:00:00.5000000", false)]
    [InlineData("00:00:01", true)]
    [InlineData("00:10:00", true)]
    [InlineData("00:10:01", false)]
    public void Validate_PollInterval_BetweenASecondAndTenMinutes(string value, bool valid)
    {
        var result = Validate(new NotificationOptions { PollInterval = TimeSpan.Parse(value, CultureInfo.InvariantCulture) });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Equal($"Notifications:PollInterval is {value}; it must be between 00:00:01 and 00:10:00.", SingleFailure(result));
        }
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(23, true)]
    [InlineData(24, false)]
    public void Validate_DigestHourUtc_AnHourOfTheDay(int hour, bool valid)
    {
        var result = Validate(new NotificationOptions { DigestHourUtc = hour });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Equal($"Notifications:DigestHourUtc is {hour}; it must be an hour between 0 and 23 (UTC).", SingleFailure(result));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_PublicUrlMissing_WhenNotificationsAreOn_NamesPublicUrl(string? publicUrl)
    {
        const string expected = "Dashboard:PublicUrl is missing; it is required when notifications are on (Notifications:Smtp:Host or a Notifications:Webhooks entry is set), so messages can link to the dashboard, e.g. https://aks-upgrades.contoso.com.";

        Assert.Equal(expected, SingleFailure(Validate(Email(), publicUrl)));
        Assert.Equal(expected, SingleFailure(Validate(Webhook(TeamsUrl), publicUrl)));
        Assert.True(Validate(new NotificationOptions(), publicUrl).Succeeded); // off: not needed
    }

    [Theory]
    [InlineData("aks-upgrades.contoso.example", "it must be the absolute http(s) address people open the dashboard at, e.g. https://aks-upgrades.contoso.com.")]
    [InlineData("/aks-upgrades", "it must be the absolute http(s) address people open the dashboard at, e.g. https://aks-upgrades.contoso.com.")]
    [InlineData("ftp://aks-upgrades.contoso.example", "it must be the absolute http(s) address people open the dashboard at, e.g. https://aks-upgrades.contoso.com.")]
    [InlineData("https://aks-upgrades.contoso.example/?tenant=contoso", "it must have no query or fragment (links are made by adding paths to it).")]
    [InlineData("https://aks-upgrades.contoso.example/#home", "it must have no query or fragment (links are made by adding paths to it).")]
    public void Validate_PublicUrlInvalid_NamesPublicUrl_EvenWithNotificationsOff(string publicUrl, string why)
    {
        var expected = $"Dashboard:PublicUrl is '{publicUrl}'; {why}";

        Assert.Equal(expected, SingleFailure(Validate(new NotificationOptions(), publicUrl)));
        Assert.Equal(expected, SingleFailure(Validate(Email(), publicUrl)));
    }

    [Theory]
    [InlineData("https://aks-upgrades.contoso.example")]
    [InlineData("https://aks-upgrades.contoso.example/")]
    [InlineData("https://contoso.example/aks-upgrades/")]
    [InlineData("http://localhost:5000")]
    public void Validate_PublicUrlAbsoluteHttp_Succeeds(string publicUrl) =>
        Assert.True(Validate(Email(), publicUrl).Succeeded);

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryOne()
    {
        var options = Email(s => (s.Port, s.From, s.Username) = (0, null, "user"));
        options.Webhooks["ops"] = new WebhookOptions { Url = "http://hooks.contoso.example", Secret = "short", Events = ["nope"] };
        options.GiveUpAfter = TimeSpan.Zero;
        options.PollInterval = TimeSpan.Zero;
        options.DigestHourUtc = 24;

        var failures = Validate(options, publicUrl: "ftp://x").Failures!.ToList();

        Assert.Equal(
            ["Notifications:Smtp:Port", "Notifications:Smtp:From", "Notifications:Smtp:Username", "Notifications:Webhooks:ops:Url", "Notifications:Webhooks:ops:Secret",
             "Notifications:Webhooks:ops:Events", "Notifications:GiveUpAfter", "Notifications:PollInterval", "Notifications:DigestHourUtc", "Dashboard:PublicUrl"],
            failures.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]));
    }
}
