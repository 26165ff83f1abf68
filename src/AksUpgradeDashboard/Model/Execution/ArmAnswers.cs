using System.Text.Json;
using System.Text.RegularExpressions;

namespace AksUpgradeDashboard.Model.Execution;

public enum OperationState
{
    InProgress,
    Succeeded,
    Failed,
    Canceled,
}

/// <summary>A long-running operation's status document (<c>Azure-AsyncOperation</c>): its state and, when it failed, ARM's error.</summary>
public sealed record OperationStatus(OperationState State, string? ErrorCode, string? ErrorMessage);

public enum WriteAnswer
{
    /// <summary>200, 201, 202 or 204: the change was accepted (and may run on as an operation).</summary>
    Accepted,

    /// <summary>409 <c>OperationNotAllowed</c> (or another conflict with a running operation) or 429: wait, then try again.</summary>
    Busy,

    /// <summary>412: the resource changed since it was read; read it again and retry.</summary>
    Stale,

    /// <summary>403: the dashboard's identity lacks a permission; retrying cannot help.</summary>
    Forbidden,

    /// <summary>Anything else: stop, with ARM's code and message.</summary>
    Failed,
}

/// <summary>What an ARM write's answer means for the step, and the text the window shows.</summary>
public sealed record WriteVerdict(WriteAnswer Answer, string? ErrorCode, string Explanation);

/// <summary>Reads ARM's answers to writes by what they mean. Pure; the statuses, codes and messages are ARM's.</summary>
public static partial class ArmAnswers
{
    public static WriteVerdict Classify(int status, string? errorCode, string? errorMessage)
    {
        var what = errorCode is null ? $"HTTP {status}" : $"{errorCode} (HTTP {status})";
        var message = string.IsNullOrWhiteSpace(errorMessage) ? "" : $": {errorMessage.Trim()}";
        return status switch
        {
            >= 200 and < 300 => new(WriteAnswer.Accepted, null, "Accepted by Azure."),
            409 when errorCode is "OperationNotAllowed" or "OperationPreempted" or "Conflict" or "AnotherOperationInProgress"
                => new(WriteAnswer.Busy, errorCode, $"Another operation is running on the cluster ({what}); waiting to try again{message}"),
            429 => new(WriteAnswer.Busy, errorCode, $"Azure is throttling writes ({what}); waiting to try again."),
            412 => new(WriteAnswer.Stale, errorCode, $"The resource changed since it was read ({what}); reading it again."),
            403 => new(WriteAnswer.Forbidden, errorCode, MissingPermission(errorMessage) is { } action
                ? $"The dashboard's identity may not perform {action} ({what}). Grant it the Azure Kubernetes Service Contributor Role on the cluster, or a custom role with that action."
                : $"The dashboard's identity is not allowed to change the cluster ({what}){message}"),
            _ => new(WriteAnswer.Failed, errorCode, $"Azure refused the change ({what}){message}"),
        };
    }

    /// <summary>
    /// The action an <c>AuthorizationFailed</c> message says is missing ("… does not have authorization to perform action 'X'
    /// over scope …"), if any; for <c>LinkedAuthorizationFailed</c> ("… has permission to perform action 'A' …; however, it
    /// does not have permission to perform action(s) 'B' on the linked scope(s) …") that is B, not A.
    /// </summary>
    public static string? MissingPermission(string? message) =>
        message is not null && ActionPattern().Match(message) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>Reads an operation status document: <c>{"status": "InProgress"|"Succeeded"|"Failed"|"Canceled", "error": {…}}</c>.</summary>
    public static OperationStatus ParseOperation(JsonElement body)
    {
        var status = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var state = status?.ToUpperInvariant() switch
        {
            "SUCCEEDED" => OperationState.Succeeded,
            "FAILED" => OperationState.Failed,
            "CANCELED" or "CANCELLED" => OperationState.Canceled,
            _ => OperationState.InProgress, // "InProgress", "Accepted", "Running", …: not finished
        };
        string? code = null, text = null;
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            text = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        }

        return new OperationStatus(state, code, text);
    }

    /// <summary>
    /// Reads one poll of an operation, whichever URL ARM gave: the <c>Azure-AsyncOperation</c> status document, a
    /// <c>Location</c> (202 while running, 200/204 when done), or the resource itself (its <c>provisioningState</c>).
    /// </summary>
    /// <remarks>
    /// A 408, 429 or 5xx that outlived the pipeline's retries says nothing about the operation, which runs on in Azure:
    /// still in progress, ask again. A 404 of the resource itself, when the step deletes it, means it is gone: done.
    /// </remarks>
    public static OperationStatus ReadPoll(int status, string? errorCode, string? errorMessage, string? body, bool followingDeletion = false)
    {
        if (status is 408 or 429 or >= 500)
        {
            return new OperationStatus(OperationState.InProgress, null, null);
        }

        if (status == 404 && followingDeletion)
        {
            return new OperationStatus(OperationState.Succeeded, null, null);
        }

        if (status >= 400)
        {
            return new OperationStatus(OperationState.Failed, errorCode ?? $"Http{status}", errorMessage);
        }

        if (status == 202 || string.IsNullOrWhiteSpace(body))
        {
            return new OperationStatus(status == 202 ? OperationState.InProgress : OperationState.Succeeded, null, null);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return new OperationStatus(OperationState.Succeeded, null, null); // a 200 whose body we cannot read: done
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out _))
        {
            return ParseOperation(root);
        }

        var provisioning = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("provisioningState", out var ps) && ps.ValueKind == JsonValueKind.String ? ps.GetString() : null;
        return provisioning?.ToUpperInvariant() switch
        {
            null or "SUCCEEDED" => new OperationStatus(OperationState.Succeeded, null, null),
            "FAILED" => new OperationStatus(OperationState.Failed, "ProvisioningFailed", "The resource's provisioning state is Failed."),
            "CANCELED" or "CANCELLED" => new OperationStatus(OperationState.Canceled, null, null),
            _ => new OperationStatus(OperationState.InProgress, null, null),
        };
    }

    [GeneratedRegex(@"does not have (?:authorization|permission) to perform action(?:\(s\))? '([^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex ActionPattern();
}
