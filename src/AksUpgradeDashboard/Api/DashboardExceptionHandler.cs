using System.Text.Json;
using AksUpgradeDashboard.Authentication;
using AksUpgradeDashboard.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace AksUpgradeDashboard.Api;

/// <summary>
/// Every failure gets a clear answer. API: problem details, never the HTML error page: a request the server cannot read
/// is 400 naming the JSON path and what was expected, a database that cannot take the request 503 (nothing was saved),
/// anything else 500 with a message that names no internals. Pages: a form the server cannot accept (no or an expired
/// antiforgery token) is 400 with a plain message; other page errors keep the app's error page.
/// </summary>
public sealed partial class DashboardExceptionHandler(IProblemDetailsService problemDetails, ILogger<DashboardExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var badRequest = exception as BadHttpRequestException;
        if (!DashboardAuthentication.IsApi(httpContext))
        {
            if (badRequest is null)
            {
                return false; // the app's error page
            }

            httpContext.Response.StatusCode = badRequest.StatusCode;
            httpContext.Response.ContentType = "text/plain; charset=utf-8";
            await httpContext.Response.WriteAsync(badRequest.InnerException is Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException
                    || badRequest.Message.Contains("antiforgery", StringComparison.OrdinalIgnoreCase)
                ? "The form could not be accepted: it was not sent from this site's page, or the page has expired. Go back, reload the page and try again."
                : $"The request could not be accepted ({badRequest.StatusCode}). Go back and try again.", cancellationToken);
            return true;
        }

        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read.",
                Describe(bad, httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType)),
            _ when DatabaseErrors.IsUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "The database is not available.",
                "The dashboard cannot use its database right now, so your change was not saved. Try again shortly; an administrator can see the reason in the log."),
            _ => (StatusCodes.Status500InternalServerError, "Something went wrong.",
                "The request failed on the server and nothing was changed. An administrator can see the reason in the log."),
        };

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            LogDatabaseUnavailable(logger, exception, DatabaseErrors.IsReadOnly(exception) ? "it is read-only" : "it cannot be used", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = "30";
        }
        else if (status >= StatusCodes.Status500InternalServerError)
        {
            LogFailed(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (!await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem }))
        {
            // A client that asked for something else (Accept: text/calendar) still gets the problem, not the HTML error page.
            await httpContext.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        }

        return true;
    }

    /// <summary>What was wrong with the request, naming the JSON path and what was expected there.</summary>
    internal static string Describe(BadHttpRequestException exception, Type? bodyType)
    {
        if (exception.InnerException is not JsonException json)
        {
            return exception.Message;
        }

        var path = json.Path ?? "$";
        var where = json.LineNumber is { } line && json.BytePositionInLine is { } position ? $" (line {line + 1}, position {position + 1})" : "";
        if (!json.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"The request body is not valid JSON: the problem is at {path}{where}.";
        }

        var (type, badKey) = TypeAt(bodyType, path);
        return badKey is { } key
            ? $"The key '{key.Name}' in {path[..^(key.Name.Length + 1)]} is not {Expected(key.Type)}{where}."
            : $"The value at {path} is not {Expected(type)}{where}.";
    }

    // The type the body's property at a JSON path has, e.g. $.nodePools of WindowBody: List<string>. In a map (a wave
    // decision's revisions, by window id) a segment is a key: one not of the key's kind is what is wrong, else its value.
    private static (Type? Type, (string Name, Type Type)? BadKey) TypeAt(Type? type, string path)
    {
        foreach (var segment in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Split('[')[0];
            if (type?.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)) is { } map)
            {
                var (keyType, valueType) = (map.GetGenericArguments()[0], map.GetGenericArguments()[1]);
                if ((keyType == typeof(Guid) && !Guid.TryParse(name, out _)) || (keyType == typeof(int) && !int.TryParse(name, out _)))
                {
                    return (null, (name, keyType));
                }

                type = valueType;
                continue;
            }

            type = type?.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)?.PropertyType;
            if (segment.Contains('[', StringComparison.Ordinal) && type is not null)
            {
                type = type.IsArray ? type.GetElementType() : type.GetGenericArguments().FirstOrDefault();
            }
        }

        return (type, null);
    }

    // People and scripts think in JSON kinds, not .NET types.
    private static string Expected(Type? type)
    {
        type = Nullable.GetUnderlyingType(type ?? typeof(object)) ?? type;
        return type switch
        {
            null => "what was expected",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
            _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(Guid) => "a GUID string",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "an ISO 8601 date and time string",
            _ when type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) => "an array",
            _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
            _ => "an object",
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The database refused {Method} {Path}: {Reason}. Answered 503; nothing was saved.")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception, string reason, string method, PathString path);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, PathString path);
}
