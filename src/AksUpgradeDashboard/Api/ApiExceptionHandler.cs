using AksUpgradeDashboard.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace AksUpgradeDashboard.Api;

/// <summary>
/// Every API failure is problem details, never the HTML error page: a database that cannot take the request is 503 (and
/// nothing was saved), anything else 500 with a message that names no internals. Pages keep the app's error page.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!Authentication.DashboardAuthentication.IsApi(httpContext))
        {
            return false; // a page: the app's error page
        }

        var unavailable = DatabaseErrors.IsUnavailable(exception);
        if (unavailable)
        {
            LogDatabaseUnavailable(logger, DatabaseErrors.IsReadOnly(exception) ? "it is read-only" : "it cannot be used", httpContext.Request.Method, httpContext.Request.Path, exception.GetBaseException().Message);
        }
        else
        {
            LogFailed(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
        if (unavailable)
        {
            httpContext.Response.Headers.RetryAfter = "30";
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = unavailable
                ? new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "The database is not available.",
                    Detail = "The dashboard cannot use its database right now, so your change was not saved. Try again shortly; an administrator can see the reason in the log.",
                }
                : new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "Something went wrong.",
                    Detail = "The request failed on the server and nothing was changed. An administrator can see the reason in the log.",
                },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The database refused {Method} {Path}: {Reason} ({Error}). Answered 503; nothing was saved.")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string reason, string method, PathString path, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, PathString path);
}
