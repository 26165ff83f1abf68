using AksUpgradeDashboard.Configuration;
using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Notifications;

public static class NotificationServices
{
    /// <summary>Options, the outbox, the people directory, the channels and the one sender.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName);
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, ValidateNotificationOptions>();
        // No request logging: it would write the webhook URL, secret and all, at Information.
        services.AddHttpClient(WebhookChannel.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15)).RemoveAllLoggers();
        services.AddScoped<NotificationOutbox>()
            .AddScoped<PeopleDirectory>()
            .AddScoped<NotificationScheduler>()
            .AddScoped<NotificationFanOut>()
            .AddScoped<NotificationDelivery>()
            .AddScoped<NotificationHealth>()
            .AddScoped<EmailChannel>()
            .AddScoped<WebhookChannel>();
        services.AddSingleton<NotificationSender>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationSender>());
        return services;
    }
}
