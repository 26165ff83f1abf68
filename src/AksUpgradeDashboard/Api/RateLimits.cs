using System.Globalization;
using System.Threading.RateLimiting;
using AksUpgradeDashboard.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace AksUpgradeDashboard.Api;

/// <summary>
/// Limits on what costs Azure something: a refresh reads every subscription in ARM (and counts against ARM's
/// throttling), so each caller may start a few a minute. A refresh already running is joined, which costs nothing, but
/// still counts here.
/// </summary>
public static class RateLimits
{
    public const string InventoryRefresh = "inventory-refresh";
    public const int RefreshesPerMinute = 5;

    /// <summary>Personal calendar feeds are read without sign-in: limited per client address (apps poll hourly or so).</summary>
    public const string CalendarFeed = "calendar-feed";
    public const int CalendarFeedReadsPerMinute = 30;

    public static IServiceCollection AddDashboardRateLimits(this IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.AddPolicy(InventoryRefresh, context => RateLimitPartition.GetFixedWindowLimiter(
            // Per person or app; anonymous callers never get this far (the endpoint needs sign-in).
            context.User.Identity?.IsAuthenticated == true ? DashboardUser.ActorOf(context.User).Id : "anonymous",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = RefreshesPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        options.AddPolicy(CalendarFeed, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = CalendarFeedReadsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        options.OnRejected = async (rejected, cancellationToken) =>
        {
            var response = rejected.HttpContext.Response;
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = rejected.HttpContext,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = IsFeed(rejected.HttpContext) ? "Too many calendar feed requests." : "Too many refreshes.",
                    Detail = IsFeed(rejected.HttpContext)
                        ? $"A client address may read calendar feeds {CalendarFeedReadsPerMinute} times a minute; try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds."
                        : $"Each person may start {RefreshesPerMinute} inventory refreshes a minute; try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds. The inventory also refreshes by itself.",
                },
            });
        };
    });

    private static bool IsFeed(HttpContext context) => context.Request.Path.StartsWithSegments("/api/v1/calendar", StringComparison.OrdinalIgnoreCase);
}
