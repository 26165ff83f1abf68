using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AksUpgradeDashboard.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Security;

/// <summary>The <c>DataProtection</c> section.</summary>
public sealed class DataProtectionSettings
{
    public const string SectionName = "DataProtection";

    /// <summary>A mounted folder for the key ring instead of the database.</summary>
    public string? KeysPath { get; set; }

    /// <summary>A certificate with its private key (PFX/PKCS#12, or PEM) that encrypts the key ring at rest.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX's password, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>For a PEM certificate whose private key is in a file of its own.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>Loads the certificate; throws (with a message to show) when it cannot be used.</summary>
    public X509Certificate2 LoadCertificate()
    {
        var path = CertificatePath!;
        var certificate = Path.GetExtension(path).ToLowerInvariant() is ".pem" or ".crt" or ".cer"
            ? X509Certificate2.CreateFromPemFile(path, CertificateKeyPath)
            : X509CertificateLoader.LoadPkcs12FromFile(path, CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new CryptographicException("it has no private key, which decrypting the key ring needs");
        }

        return certificate;
    }
}

public sealed class ValidateDataProtectionSettings : IValidateOptions<DataProtectionSettings>
{
    public ValidateOptionsResult Validate(string? name, DataProtectionSettings options)
    {
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return ValidateOptionsResult.Success;
        }

        if (!File.Exists(options.CertificatePath))
        {
            return ValidateOptionsResult.Fail($"DataProtection:CertificatePath '{options.CertificatePath}' does not exist (mount the PFX or PEM certificate that encrypts the key ring there).");
        }

        try
        {
            options.LoadCertificate().Dispose();
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return ValidateOptionsResult.Fail($"DataProtection:CertificatePath '{options.CertificatePath}' cannot be used: {ex.Message} (for a PFX set DataProtection:CertificatePassword; for a PEM with a separate key, DataProtection:CertificateKeyPath).");
        }
    }
}

/// <summary>
/// ASP.NET Core Data Protection keys (they sign the sign-in cookie and antiforgery tokens) kept where every replica
/// and every restart finds them: in the dashboard's database by default, or in a mounted folder
/// (<c>DataProtection:KeysPath</c>). One application name, so replicas share one key ring. With
/// <c>DataProtection:CertificatePath</c> the keys are encrypted at rest with that certificate.
/// </summary>
public static partial class DataProtectionSetup
{
    public const string ApplicationName = "AksUpgradeDashboard";
    public const string KeysPathKey = "DataProtection:KeysPath";

    public static IServiceCollection AddDashboardDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DataProtectionSettings>().BindConfiguration(DataProtectionSettings.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DataProtectionSettings>, ValidateDataProtectionSettings>();
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (configuration[KeysPathKey] is { Length: > 0 } path)
        {
            builder.PersistKeysToFileSystem(new DirectoryInfo(path));
        }
        else
        {
            builder.PersistKeysToDbContext<DashboardDbContext>();
        }

        // The certificate is needed while registering; one that cannot be loaded is left out here and named by start-up
        // validation, which stops the app before anything is protected without it.
        var settings = configuration.GetSection(DataProtectionSettings.SectionName).Get<DataProtectionSettings>() ?? new DataProtectionSettings();
        if (settings.CertificatePath is { Length: > 0 } && new ValidateDataProtectionSettings().Validate(null, settings).Succeeded)
        {
            var certificate = settings.LoadCertificate();
            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
            return services;
        }

        // Instead of the framework's "No XML encryptor configured" (filtered in appsettings.json), what it means.
        services.AddOptions<KeyManagementOptions>().Configure<ILoggerFactory, IHostEnvironment>((_, loggers, environment) =>
        {
            var folder = configuration[KeysPathKey];
            var where = string.IsNullOrEmpty(folder) ? "the dashboard's database" : folder;
            var logger = loggers.CreateLogger(typeof(DataProtectionSetup).FullName!);
            var level = environment.IsProduction() ? LogLevel.Warning : LogLevel.Information;
            LogUnencrypted(logger, level, where);
        });
        return services;
    }

    [LoggerMessage(Message = "The keys that sign sign-in cookies and form tokens are stored unencrypted in {Where}: fine to try the dashboard. In production set DataProtection:CertificatePath to a certificate with its private key (a mounted PFX or PEM) so they are encrypted at rest.")]
    private static partial void LogUnencrypted(ILogger logger, LogLevel level, string where);
}
