namespace AksUpgradeDashboard.Azure;

/// <summary>The parts of an ARM resource id we use: <c>/subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}</c>.</summary>
public sealed record ResourceId(string SubscriptionId, string ResourceGroup, string Name)
{
    public static ResourceId? Parse(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        var segments = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 8
            || !segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
            || !segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)
            || !segments[4].Equals("providers", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return new ResourceId(segments[1], segments[3], segments[^1]);
    }

    public static string? SubscriptionOf(string? id)
    {
        var segments = id?.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is { Length: >= 2 } && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
            ? segments[1]
            : null;
    }
}
