namespace AksUpgradeDashboard.Rollouts;

public static class RolloutServices
{
    /// <summary>The rollouts' services (issue 18), each scoped so an operation gets its own DbContext.</summary>
    public static IServiceCollection AddRollouts(this IServiceCollection services) => services
        .AddScoped<RolloutPlanner>()
        .AddScoped<RolloutService>()
        .AddScoped<RolloutReader>();
}
