using System.Net;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Azure.Sample;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>The probes an orchestrator calls, and the Data Protection keys that must outlive a restart.</summary>
public abstract class HealthAndKeysTests(TestDatabaseProvider provider)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Probes_SignedOut_AnswerStatusWordOnly()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs(null);
        await factory.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(Ct);

        var live = await client.GetAsync("/healthz", Ct);
        var ready = await client.GetAsync("/readyz", Ct);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(Ct));
        Assert.Equal("no-store", ready.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", string.Join(",", ready.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Ready_DatabaseGone_503WhileLiveStaysUp()
    {
        await using var factory = new DashboardFactory(provider);
        var client = factory.CreateClientAs(null);
        await factory.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(Ct);
        var restore = await MakeDatabaseUnreachableAsync(factory.Database);
        try
        {
            var ready = await client.GetAsync("/readyz", Ct);
            var live = await client.GetAsync("/healthz", Ct);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync(Ct));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            restore();
        }
    }

    /// <summary>Takes the database away under the running app; returns how to tidy up after.</summary>
    private static async Task<Action> MakeDatabaseUnreachableAsync(TestDatabase database)
    {
        if (database.Provider == TestDatabaseProvider.PostgreSql)
        {
            PostgreSqlTestServer.DropDatabase(database.ConnectionString);
            return () => { };
        }

        // The database file is replaced by a directory: it can no longer be opened. (Background jobs may open, and so
        // re-create, the file between the two steps: try again until the directory stands.)
        var path = database.FilePath!;
        for (var attempt = 0; ; attempt++)
        {
            database.DeleteFiles();
            try
            {
                Directory.CreateDirectory(path);
                return () => Directory.Delete(path);
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(50, Ct);
            }
        }
    }

    [Theory]
    [InlineData(null, HealthStatus.Degraded)]
    [InlineData(0, HealthStatus.Healthy)]
    [InlineData(29, HealthStatus.Healthy)]
    [InlineData(31, HealthStatus.Degraded)]
    public async Task InventoryCheck_AgeOfTheLastLoad_Status(int? minutesSinceLoad, HealthStatus expected)
    {
        var time = TestFleet.Time();
        var store = new InventoryStore(new SampleInventorySource(time), TestFleet.Assessor(), time, NullLogger<InventoryStore>.Instance);
        if (minutesSinceLoad is { } minutes)
        {
            await store.RefreshAsync(Ct);
            time.Advance(TimeSpan.FromMinutes(minutes));
        }

        var check = new AksUpgradeDashboard.Health.InventoryReadyCheck(store, Options.Create(new InventoryOptions { RefreshInterval = TimeSpan.FromMinutes(15) }), time);

        var result = await check.CheckHealthAsync(new HealthCheckContext(), Ct);

        Assert.Equal(expected, result.Status);
    }

    // Hole: /readyz stayed 503 until the first inventory load succeeded, so a pod with a broken Azure credential never
    // became ready and nobody saw the page that explains the error. The app can serve: Degraded (200), with the reason.
    [Fact]
    public async Task InventoryCheck_FirstLoadFailed_DegradedWithTheReason()
    {
        var time = TestFleet.Time();
        var store = new InventoryStore(new FailingSource(), TestFleet.Assessor(), time, NullLogger<InventoryStore>.Instance);
        await store.RefreshAsync(Ct);
        var check = new AksUpgradeDashboard.Health.InventoryReadyCheck(store, Options.Create(new InventoryOptions()), time);

        var result = await check.CheckHealthAsync(new HealthCheckContext(), Ct);

        Assert.Null(store.Current);
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("ManagedIdentityCredential authentication unavailable", result.Description, StringComparison.Ordinal);
    }

    /// <summary>A source whose every load fails as Azure's does without a usable credential.</summary>
    private sealed class FailingSource : IInventorySource
    {
        public string Name => "Azure";

        public Task<AksUpgradeDashboard.Model.InventorySnapshot> LoadAsync(IProgress<InventoryLoadProgress>? progress, CancellationToken cancellationToken) =>
            throw new InventoryLoadException("Azure could not be read: ManagedIdentityCredential authentication unavailable. No Managed Identity endpoint found.");
    }

    // The key ring can be encrypted at rest with a certificate (a mounted PFX or PEM); keys written are then encrypted,
    // and a restart with the same certificate still reads what was protected.
    [Theory]
    [InlineData("pfx")]
    [InlineData("pem")]
    public async Task DataProtection_CertificateConfigured_KeysEncryptedAtRestAndStillReadable(string format)
    {
        using var database = TestDatabase.Create(provider);
        var folder = Directory.CreateTempSubdirectory("aks-dashboard-dp-").FullName;
        try
        {
            var path = WriteCertificate(folder, format);
            string protectedText;
            await using (var first = new DashboardFactory(provider).WithDatabase(database).With("DataProtection:CertificatePath", path))
            {
                _ = first.CreateClient();
                protectedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("signed-in");
            }

            await using var second = new DashboardFactory(provider).WithDatabase(database).With("DataProtection:CertificatePath", path);
            _ = second.CreateClient();

            Assert.Equal("signed-in", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText));
            await using var scope = second.Services.CreateAsyncScope();
            var keys = await scope.ServiceProvider.GetRequiredService<DashboardDbContext>().DataProtectionKeys.ToListAsync(Ct);
            Assert.NotEmpty(keys);
            Assert.All(keys, k => Assert.Contains("EncryptedData", k.Xml, StringComparison.Ordinal));
            Assert.All(keys, k => Assert.DoesNotContain("<masterKey", k.Xml, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void DataProtection_CertificateMissing_StartFailsNamingTheKey()
    {
        using var factory = new DashboardFactory(provider).With("DataProtection:CertificatePath", "/nonexistent/dashboard-keys.pfx");

        Assert.Contains(StartupTests.StartupErrors(factory), e => e.Contains("DataProtection:CertificatePath", StringComparison.Ordinal) && e.Contains("/nonexistent/dashboard-keys.pfx", StringComparison.Ordinal));
    }

    // The framework's "No XML encryptor configured" alarmed newcomers: one line says what it means and what to set.
    [Fact]
    public void DataProtection_NoCertificate_OneLineSaysWhatToSetInProduction()
    {
        using var factory = new DashboardFactory(provider);
        _ = factory.CreateClient();

        Assert.Contains(factory.Logs.Entries, e => e.Message.Contains("DataProtection:CertificatePath", StringComparison.Ordinal) && e.Message.Contains("unencrypted", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Message.Contains("No XML encryptor configured", StringComparison.Ordinal));
    }

    private static string WriteCertificate(string folder, string format)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=aks-dashboard-keys", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, "keys." + format);
        if (format == "pfx")
        {
            File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx));
        }
        else
        {
            File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem());
        }

        return path;
    }

    [Fact]
    public async Task DataProtection_AppRestartsOnSameDatabase_ProtectedDataStillReadable()
    {
        using var database = TestDatabase.Create(provider);
        string protectedText;
        await using (var first = new DashboardFactory(provider).WithDatabase(database))
        {
            _ = first.CreateClient();
            protectedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("signed-in");
        }

        await using var second = new DashboardFactory(provider).WithDatabase(database);
        _ = second.CreateClient();
        var unprotected = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText);

        Assert.Equal("signed-in", unprotected);
        await using var scope = second.Services.CreateAsyncScope();
        Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<DashboardDbContext>().DataProtectionKeys.ToListAsync(Ct));
    }

    [Fact]
    public async Task DataProtection_KeysPathSet_KeysWrittenThere()
    {
        var folder = Directory.CreateTempSubdirectory("aks-dashboard-keys-").FullName;
        try
        {
            await using var factory = new DashboardFactory(provider).With(AksUpgradeDashboard.Security.DataProtectionSetup.KeysPathKey, folder);
            _ = factory.CreateClient();

            factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");

            Assert.NotEmpty(Directory.GetFiles(folder, "key-*.xml"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

public sealed class SqliteHealthAndKeysTests() : HealthAndKeysTests(TestDatabaseProvider.Sqlite);

public sealed class PostgreSqlHealthAndKeysTests() : HealthAndKeysTests(TestDatabaseProvider.PostgreSql)
{
    [Fact]
    public async Task DatabaseCheck_ServerThatNeverAnswers_UnhealthyWithinTheCheckTimeout()
    {
        // A port that accepts connections and then says nothing, as a hung server would.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var services = new ServiceCollection();
        services.AddDbContext<DashboardDbContext, PostgreSqlDashboardDbContext>(db => db.UseNpgsql(
            $"Host=127.0.0.1;Port={port};Username=x;Password=x;Timeout=30", npgsql => npgsql.EnableRetryOnFailure()));
        services.AddLogging();
        AksUpgradeDashboard.Health.DashboardHealth.AddDashboardHealthChecks(services);
        await using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();

        var waited = System.Diagnostics.Stopwatch.StartNew();
        var report = await health.CheckHealthAsync(check => check.Name == "database", Ct);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(20));
    }
}
