using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Execution;

public static class ExecutionServices
{
    /// <summary>Options, the AKS writes, the runner, people's actions and the one executor.</summary>
    public static IServiceCollection AddExecution(this IServiceCollection services)
    {
        services.AddOptions<ExecutionOptions>().BindConfiguration(ExecutionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExecutionOptions>, ValidateExecutionOptions>();
        services.AddScoped<AksWrites>()
            .AddScoped<ExecutionRunner>()
            .AddScoped<ExecutionService>();
        services.AddSingleton<UpgradeExecutor>();
        services.AddHostedService(sp => sp.GetRequiredService<UpgradeExecutor>());
        return services;
    }
}
