using System.Text.Json;

namespace AksUpgradeDashboard.Windows;

/// <summary>The "what changed" of an audit entry: before and after of each field that differs, as JSON.</summary>
public static class WindowAudit
{
    public sealed record FieldChange(string? Before, string? After);

    /// <summary>JSON of the changed fields, or null when nothing changed.</summary>
    public static string? Diff(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after)
    {
        var changes = after
            .Where(kv => !string.Equals(before.GetValueOrDefault(kv.Key), kv.Value, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => new FieldChange(before.GetValueOrDefault(kv.Key), kv.Value), StringComparer.Ordinal);
        return changes.Count == 0 ? null : JsonSerializer.Serialize(changes, JsonSerializerOptions.Web);
    }

    /// <summary>Reads <see cref="Diff"/>'s JSON back; empty for null or unreadable text.</summary>
    public static IReadOnlyDictionary<string, FieldChange> Read(string? changes)
    {
        if (string.IsNullOrWhiteSpace(changes))
        {
            return new Dictionary<string, FieldChange>();
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, FieldChange>>(changes, JsonSerializerOptions.Web) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, FieldChange>();
        }
    }
}
