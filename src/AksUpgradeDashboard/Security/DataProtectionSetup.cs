using AksUpgradeDashboard.Data;
using Microsoft.AspNetCore.DataProtection;

namespace AksUpgradeDashboard.Security;

/// <summary>
/// ASP.NET Core Data Protection keys (they sign the sign-in cookie and antiforgery tokens) kept where every replica
/// and every restart finds them: in the dashboard's database by default, or in a mounted folder
/// (<c>DataProtection:KeysPath</c>). One application name, so replicas share one key ring.
/// </summary>
public static class DataProtectionSetup
{
    public const string ApplicationName = "AksUpgradeDashboard";
    public const string KeysPathKey = "DataProtection:KeysPath";

    public static IServiceCollection AddDashboardDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (configuration[KeysPathKey] is { Length: > 0 } path)
        {
            builder.PersistKeysToFileSystem(new DirectoryInfo(path));
        }
        else
        {
            builder.PersistKeysToDbContext<DashboardDbContext>();
        }

        return services;
    }
}
