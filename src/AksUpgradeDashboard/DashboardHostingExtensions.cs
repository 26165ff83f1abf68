using System.Text.Json.Serialization;
using AksUpgradeDashboard.Api;
using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Azure;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Compliance;
using AksUpgradeDashboard.Components;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Execution;
using AksUpgradeDashboard.Health;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Azure.Sample;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Notifications;
using AksUpgradeDashboard.Rollouts;
using AksUpgradeDashboard.Security;
using AksUpgradeDashboard.Telemetry;
using AksUpgradeDashboard.Windows;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace AksUpgradeDashboard;

/// <summary>All service registration and the request pipeline, so Program.cs stays a few lines.</summary>
public static partial class DashboardHostingExtensions
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        OsCatalog.AddDefaults(builder.Configuration);
        builder.AddDashboardTelemetry();

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        // First, so its migrator is the first hosted service to start: Data Protection (added with authentication)
        // reads its key ring from the database at start-up.
        services.AddDashboardDatabase(builder.Configuration);
        builder.AddDashboardAuthentication();

        services.AddOptions<InventoryOptions>().BindConfiguration(InventoryOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InventoryOptions>, ValidateInventoryOptions>();
        services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApprovalOptions>, ValidateApprovalOptions>();
        services.AddOptions<WindowOptions>().BindConfiguration(WindowOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WindowOptions>, ValidateWindowOptions>();
        services.AddOptions<ComplianceOptions>().BindConfiguration(ComplianceOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ComplianceOptions>, ValidateComplianceOptions>();
        services.AddOptions<AssessmentOptions>().BindConfiguration(AssessmentOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AssessmentOptions>, ValidateAssessmentOptions>();
        services.AddOptions<OsCatalogOptions>().BindConfiguration(OsCatalogOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OsCatalogOptions>, ValidateOsCatalogOptions>();

        services.AddSingleton(sp => OsCatalog.Create(sp.GetRequiredService<IOptions<OsCatalogOptions>>().Value, out _)
            ?? throw new InvalidOperationException("The OS catalog is invalid; start-up validation reports why."));
        services.AddSingleton(sp => new PoolAssessor(
            sp.GetRequiredService<OsCatalog>(),
            new AssessmentPolicy(sp.GetRequiredService<IOptions<AssessmentOptions>>().Value.RetiringHorizonDays)));

        services.AddOptions<AzureOptions>().BindConfiguration(AzureOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AzureOptions>, ValidateAzureOptions>();
        // Both sources are registered lazily and the configured one is picked when first resolved, so nothing
        // Azure-related (credential, client) is ever created for the sample. Tests replace the TokenCredential (a fake)
        // and add an HttpPipelineTransport that trusts the local emulator.
        services.TryAddSingleton(sp => AzureCredentialFactory.Create(sp.GetRequiredService<IOptions<AzureOptions>>().Value));
        services.AddSingleton(sp => new ArmRestClient(
            sp.GetRequiredService<IOptions<AzureOptions>>().Value,
            sp.GetRequiredService<TokenCredential>(),
            sp.GetService<HttpPipelineTransport>()));
        services.AddSingleton<IInventorySource>(sp => UseAzure(sp)
            ? ActivatorUtilities.CreateInstance<AzureInventorySource>(sp)
            : ActivatorUtilities.CreateInstance<SampleInventorySource>(sp));
        services.AddSingleton<IMaintenanceConfigurationReader>(sp => UseAzure(sp)
            ? ActivatorUtilities.CreateInstance<AzureMaintenanceConfigurationReader>(sp)
            : new SampleMaintenanceConfigurationReader());
        services.AddUpgradeWindows();
        services.AddRollouts();
        services.AddNotifications();
        services.AddExecution();

        services.AddSingleton<InventoryStore>();
        services.AddScoped<InventoryReplication>();
        services.AddSingleton<InventoryRefreshService>();
        services.AddHostedService(sp => sp.GetRequiredService<InventoryRefreshService>());
        services.AddSingleton<WindowCompletionService>();
        services.AddHostedService(sp => sp.GetRequiredService<WindowCompletionService>());
        services.AddScoped<CompliancePolicyService>();
        services.AddScoped<ComplianceHistory>();
        services.AddScoped<ComplianceReportService>();
        services.AddSingleton<ComplianceSnapshotService>();
        services.AddHostedService(sp => sp.GetRequiredService<ComplianceSnapshotService>());
        services.AddDashboardDataProtection(builder.Configuration);
        services.AddDashboardHealthChecks();

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddProblemDetails();
        services.AddExceptionHandler<DashboardExceptionHandler>();
        services.AddDashboardRateLimits();
        // A body the API cannot read is thrown, so the handler above can say what and where, instead of a bare 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddDashboardAzureSignalR(builder.Configuration);
        services.AddDashboardForwardedHeaders();
        services.AddMudServices();
        services.AddScoped<Components.Controls.DismissedNotices>();
        return builder;
    }

    private static bool UseAzure(IServiceProvider services) => string.Equals(
        services.GetRequiredService<IOptions<InventoryOptions>>().Value.Source, InventoryOptions.AzureSource, StringComparison.OrdinalIgnoreCase);

    public static WebApplication MapDashboard(this WebApplication app)
    {
        // First, so everything after it sees the browser's scheme and address (a no-op unless ForwardedHeaders:Enabled).
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        // API failures are problem details in every environment (Development's exception page is for pages).
        app.UseWhen(DashboardAuthentication.IsApi, api => api.UseExceptionHandler());

        // Empty error responses become the not-found page for people and RFC 7807 problem JSON for API clients (a
        // bearer-token 401 or 403 has no body of its own; re-executing it as a page would answer HTML, or worse).
        // The inner handler answers API requests first, so the outer one sees a body and leaves them alone.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseWhen(DashboardAuthentication.IsApi, api => api.UseStatusCodePages());
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapDashboardHealthChecks();
        app.MapAccountEndpoints();
        app.MapOpenApi().RequireAuthorization(DashboardPolicies.Read);
        app.MapInventoryApi();
        app.MapWindowsApi();
        app.MapExecutionApi();
        app.MapRolloutsApi();
        app.MapBlackoutPeriodsApi();
        app.MapWindowExports();
        app.MapComplianceApi();
        // Our Content-Security-Policy already says frame-ancestors 'none'; Blazor's own header would only add a weaker copy.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    /// <summary>
    /// Validates every option first (all errors at once, each naming its key) and only then starts the host, so bad
    /// configuration ends with exit code 1 and plain messages instead of a half-started app and a stack trace.
    /// </summary>
    public static async Task<int> RunDashboardAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AksUpgradeDashboard.Startup");
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception ex) when (ConfigurationErrors(ex).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } errors)
        {
            foreach (var error in errors)
            {
                LogConfigurationError(logger, error);
            }

            LogNotStarted(logger, errors.Count);
            return 1;
        }

        await app.RunAsync();
        return 0;
    }

    internal static IReadOnlyList<string> ConfigurationErrors(Exception exception) => exception switch
    {
        OptionsValidationException v => [.. v.Failures],
        AggregateException a => [.. a.InnerExceptions.SelectMany(ConfigurationErrors)],
        // The binder's own message names the key and the value it could not convert.
        InvalidOperationException i when i.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => [i.Message],
        _ => [],
    };

    [LoggerMessage(Level = LogLevel.Critical, Message = "Configuration error: {Error}")]
    private static partial void LogConfigurationError(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The dashboard did not start: {Count} configuration error(s). Fix the keys named above.")]
    private static partial void LogNotStarted(ILogger logger, int count);
}
