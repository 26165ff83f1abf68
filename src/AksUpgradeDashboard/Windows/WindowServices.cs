namespace AksUpgradeDashboard.Windows;

public static class WindowServices
{
    /// <summary>The upgrade windows' services, each scoped so an operation gets its own DbContext.</summary>
    public static IServiceCollection AddUpgradeWindows(this IServiceCollection services) => services
        .AddScoped<WindowChecker>()
        .AddScoped<WindowAuditLog>()
        .AddScoped<UpgradeWindowService>()
        .AddScoped<WindowDecisionService>()
        .AddScoped<WindowTransitionService>()
        .AddScoped<BlackoutPeriodService>()
        .AddScoped<CalendarFeedService>()
        .AddScoped<AuditChainVerifier>()
        .AddScoped<ViewerTimeZone>()
        .AddScoped<WindowChangeNotifier>();
}
