using System.Diagnostics;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Tests.Integration;

public class StartupTests
{
    [Fact]
    public void Start_InvalidSettings_FailsNamingEveryKey()
    {
        using var factory = new DashboardFactory()
            .With("Inventory:Source", "Spreadsheet")
            .With("Assessment:RetiringHorizonDays", "-5")
            .With("OsCatalog:OsSkus:Ubuntu:Rules:0:Os", "Ubuntu2504");

        // The app refuses to start (RunDashboardAsync returns 1), so the test server never comes up.
        var critical = StartupErrors(factory);
        Assert.Contains(critical, e => e.StartsWith("Configuration error: Inventory:Source 'Spreadsheet' is not recognised", StringComparison.Ordinal));
        Assert.Contains(critical, e => e.StartsWith("Configuration error: Assessment:RetiringHorizonDays must be between 0 and 3650", StringComparison.Ordinal));
        Assert.Contains(critical, e => e.StartsWith("Configuration error: OsCatalog:OsSkus:Ubuntu:Rules:0:Os 'Ubuntu2504'", StringComparison.Ordinal));
        Assert.Contains(critical, e => e.Contains("3 configuration error(s)", StringComparison.Ordinal));
        Assert.Equal(critical.Count, critical.Distinct().Count());
    }

    [Fact]
    public void ConfigurationErrors_UnrelatedException_IsNotAConfigurationError() =>
        Assert.Empty(DashboardHostingExtensions.ConfigurationErrors(new InvalidOperationException("boom")));

    [Fact]
    public void ConfigurationErrors_ValidationException_ListsFailures() =>
        Assert.Equal(["a", "b"], DashboardHostingExtensions.ConfigurationErrors(new OptionsValidationException("x", typeof(object), ["a", "b"])));

    [Fact]
    public async Task RunBuiltApp_InvalidSetting_ExitsNonZeroAndNamesTheKey()
    {
        // The real executable as an operator runs it: a bad value must stop it with a message, not a stack trace.
        var app = Path.Combine(AppContext.BaseDirectory, "AksUpgradeDashboard.dll");
        var start = new ProcessStartInfo("dotnet", [app, "--urls", "http://127.0.0.1:0", "--Inventory:RefreshInterval", "00:00:05"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var text = await output + await error;

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("Inventory:RefreshInterval must be between 00:01:00 and 1.00:00:00 (was 00:00:05).", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    // Hole: Local mode (password-less; X-Dashboard-User: ada is Admin) ran unguarded in every environment but Production,
    // so a Staging deployment with default settings was open to anyone.
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Test")]
    public void Start_LocalSignInOutsideDevelopment_RefusedNamingTheKeys(string environment)
    {
        using var factory = new DashboardFactory().WithEnvironment(environment);

        var critical = StartupErrors(factory);
        Assert.Contains(critical, e => e.Contains($"Authentication:Mode is Local", StringComparison.Ordinal)
            && e.Contains($"the environment is {environment}", StringComparison.Ordinal)
            && e.Contains("Authentication:AllowLocalOutsideDevelopment=true", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_LocalSignInOutsideDevelopmentAllowed_Starts()
    {
        using var factory = new DashboardFactory().WithEnvironment("Staging").With("Authentication:AllowLocalOutsideDevelopment", "true");

        var client = factory.CreateClient();

        Assert.NotNull(client);
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Level == LogLevel.Critical);
    }

    // The key's old name still works, with a warning naming the new one.
    [Fact]
    public void Start_OldAllowLocalInProductionKey_AcceptedWithAWarning()
    {
        using var factory = new DashboardFactory().WithEnvironment("Production").With("Authentication:AllowLocalInProduction", "true");

        Assert.NotNull(factory.CreateClient());
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Level == LogLevel.Critical);
        Assert.Contains(factory.Logs.Entries, e => e.Level == LogLevel.Warning
            && e.Message.Contains("Authentication:AllowLocalInProduction", StringComparison.Ordinal)
            && e.Message.Contains("Authentication:AllowLocalOutsideDevelopment", StringComparison.Ordinal));
    }

    // Demo sign-in in front of a real fleet's data: refused even in Development unless the flag says it is meant.
    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Development", "true", false)]
    public void Start_LocalSignInWithTheAzureInventory_RefusedUnlessAllowed(string environment, string? allow, bool refused)
    {
        // Azure that nothing answers (a closed local port) and a fake credential: no test reaches Azure.
        using var factory = new DashboardFactory().WithEnvironment(environment)
            .With("Inventory:Source", "Azure")
            .With("Azure:Credential", "AzureCli")
            .With("Azure:ResourceManagerEndpoint", "https://127.0.0.1:9/")
            .With("Azure:ResourceManagerAudience", AzureTestSetup.ArmAudience)
            .With("Authentication:AllowLocalOutsideDevelopment", allow)
            .WithServices(services =>
            {
                services.RemoveAll<global::Azure.Core.TokenCredential>();
                services.AddSingleton<global::Azure.Core.TokenCredential>(new FakeTokenCredential());
            });

        if (refused)
        {
            Assert.Contains(StartupErrors(factory), e => e.Contains("Inventory:Source is Azure", StringComparison.Ordinal)
                && e.Contains("Authentication:AllowLocalOutsideDevelopment=true", StringComparison.Ordinal));
        }
        else
        {
            Assert.NotNull(factory.CreateClient());
            Assert.DoesNotContain(factory.Logs.Entries, e => e.Level == LogLevel.Critical);
        }
    }

    [Fact]
    public void Start_ComplianceOutOfRange_FailsNamingEachKey()
    {
        using var factory = new DashboardFactory()
            .With("Compliance:MaxDaysBehindLatest", "-1")
            .With("Compliance:HistoryRetentionDays", "2");

        var critical = StartupErrors(factory);
        Assert.Contains(critical, e => e.Contains("Compliance:MaxDaysBehindLatest is -1; it must be between 0 and 365", StringComparison.Ordinal));
        Assert.Contains(critical, e => e.Contains("Compliance:HistoryRetentionDays is 2; it must be between 7 and 3650.", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_EntraIdWithoutAzureAd_FailsNamingEveryMissingKey()
    {
        using var factory = new DashboardFactory()
            .With("Authentication:Mode", "EntraId")
            .With("AzureAd:ClientId", "not-a-guid")
            .With("Approvals:Required", "0");

        var critical = StartupErrors(factory);
        Assert.Contains(critical, e => e.Contains("AzureAd:Instance must be the https sign-in authority", StringComparison.Ordinal));
        Assert.Contains(critical, e => e.Contains("AzureAd:TenantId is required", StringComparison.Ordinal));
        Assert.Contains(critical, e => e.Contains("AzureAd:ClientId must be the app registration's application (client) id", StringComparison.Ordinal));
        Assert.Contains(critical, e => e.Contains("AzureAd:ClientSecret or AzureAd:ClientCertificates is required", StringComparison.Ordinal));
        Assert.Contains(critical, e => e.Contains("Approvals:Required is 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_UnknownAuthenticationMode_FailsNamingTheKey()
    {
        using var factory = new DashboardFactory().With("Authentication:Mode", "Kerberos");

        Assert.Contains(StartupErrors(factory), e => e.Contains("Authentication:Mode is 'Kerberos'; use Local or EntraId.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Oracle", "Host=db", "Database:Provider 'Oracle' is not recognised. Use 'Sqlite' or 'PostgreSql'.")]
    [InlineData("PostgreSql", "", "ConnectionStrings:Dashboard is required when Database:Provider is PostgreSql")]
    [InlineData("PostgreSql", "Host=db;Password=hunter2;Colour=blue", "ConnectionStrings:Dashboard is not a valid PostgreSQL connection string: a keyword is unknown")]
    [InlineData("PostgreSql", "Database=aks;Password=hunter2", "ConnectionStrings:Dashboard is not a valid PostgreSQL connection string: it names no Host.")]
    [InlineData("Sqlite", "Filename=x.db;Password=hunter2;Colour=blue", "ConnectionStrings:Dashboard is not a valid SQLite connection string")]
    public void Start_BadDatabaseSettings_FailsNamingTheKeyWithoutEchoingSecrets(string provider, string connectionString, string expected)
    {
        using var factory = new DashboardFactory()
            .With("Database:Provider", provider)
            .With("ConnectionStrings:Dashboard", connectionString);

        var critical = StartupErrors(factory);
        Assert.Contains(critical, e => e.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(critical, e => e.Contains("hunter2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sqlite", "Data Source=x.db", "Database:PostgreSqlAuthentication is EntraId, which needs Database:Provider PostgreSql.")]
    [InlineData("PostgreSql", "Host=db;Username=app;Password=hunter2", "ConnectionStrings:Dashboard has a Password, but Database:PostgreSqlAuthentication is EntraId")]
    [InlineData("PostgreSql", "Host=db", "ConnectionStrings:Dashboard needs Username=")]
    public void Start_EntraIdDatabaseSignInMisconfigured_FailsNamingTheKey(string provider, string connectionString, string expected)
    {
        using var factory = new DashboardFactory()
            .With("Database:Provider", provider)
            .With("Database:PostgreSqlAuthentication", "EntraId")
            .With("Azure:Credential", "WorkloadIdentity")
            .With("ConnectionStrings:Dashboard", connectionString);

        var critical = StartupErrors(factory);
        Assert.Contains(critical, e => e.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(critical, e => e.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_EntraIdDatabaseSignInWithoutAzureCredential_FailsNamingAzureCredential()
    {
        using var factory = new DashboardFactory()
            .With("Database:Provider", "PostgreSql")
            .With("Database:PostgreSqlAuthentication", "EntraId")
            .With("ConnectionStrings:Dashboard", "Host=db;Username=app");

        Assert.Contains(StartupErrors(factory), e => e.Contains("Azure:Credential must name the identity that signs in to PostgreSQL", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_ForwardedHeadersProxyNotAnAddress_FailsNamingTheKey()
    {
        using var factory = new DashboardFactory()
            .With("ForwardedHeaders:Enabled", "true")
            .With("ForwardedHeaders:KnownProxies:0", "ingress.contoso.example")
            .With("ForwardedHeaders:KnownNetworks:0", "10.244.0.0/33");

        var critical = StartupErrors(factory);
        Assert.Contains(critical, e => e.Contains("ForwardedHeaders:KnownProxies:0 is 'ingress.contoso.example'; it must be an IP address", StringComparison.Ordinal));
        Assert.Contains(critical, e => e.Contains("ForwardedHeaders:KnownNetworks:0 is '10.244.0.0/33'; it must be a network in CIDR form", StringComparison.Ordinal));
    }

    // Hole: the console printed about 265 lines of EF Core SQL before "Now listening on"; a newcomer could not find the
    // URL. The SQL is logged at Debug: the first run says where the data is and little else.
    [Fact]
    public async Task FirstRun_DefaultLogging_NoSqlAtInformationAndTheDataFolderSaid()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();
        await client.GetAsync("/api/v1/windows", TestContext.Current.CancellationToken);

        Assert.DoesNotContain(factory.Logs.Entries, e => e.Category == "Microsoft.EntityFrameworkCore.Database.Command" && e.Level >= LogLevel.Information);
        Assert.Contains(factory.Logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("SQLite", StringComparison.Ordinal) && e.Message.Contains(factory.Database.FilePath!, StringComparison.Ordinal));
    }

    // Hole: the SQLite file lived under bin/…/data/, so cleaning the build lost every planned window. Without a
    // connection string it is data/dashboard.db under the folder the app is started in (the project folder with
    // dotnet run), created on the first run, and the start-up log says where.
    [Fact]
    public async Task RunBuiltApp_NoConnectionString_DatabaseInDataUnderTheWorkingFolderAndSaid()
    {
        var folder = Directory.CreateTempSubdirectory("aks-dashboard-first-run-").FullName;
        try
        {
            var app = Path.Combine(AppContext.BaseDirectory, "AksUpgradeDashboard.dll");
            var start = new ProcessStartInfo("dotnet", [app, "--urls", "http://127.0.0.1:0"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment.Remove("ConnectionStrings__Dashboard");
            var expected = Path.Combine(folder, "data", "dashboard.db");

            using var process = Process.Start(start)!;
            var output = new System.Text.StringBuilder();
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }

                if (e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
                {
                    listening.TrySetResult();
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                await listening.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            Assert.True(File.Exists(expected), $"No database at {expected}.");
            Assert.Contains(expected, output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Starting fails; these are the critical messages it logged, one per configuration error.</summary>
    internal static List<string> StartupErrors(DashboardFactory factory)
    {
        Assert.ThrowsAny<InvalidOperationException>(() => factory.CreateClient());
        return [.. factory.Logs.Entries.Where(e => e.Level == LogLevel.Critical).Select(e => e.Message)];
    }
}
