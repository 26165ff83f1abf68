namespace AksUpgradeDashboard.Components.Pages;

/// <summary>A column of the pools grid a person may show or hide.</summary>
public sealed record PoolColumn(string Key, string Title, bool ShownByDefault);

/// <summary>
/// The pools grid's optional columns. Status, cluster and pool are always shown; the defaults fit a 1,440-pixel screen
/// beside the menu; the rest are a choice, remembered per person in their browser.
/// </summary>
public static class PoolColumns
{
    public const string Os = "os";
    public const string Kubernetes = "kubernetes";
    public const string ImageAge = "image-age";
    public const string EndOfSupport = "end-of-support";
    public const string NextStep = "next-step";
    public const string Subscription = "subscription";
    public const string Region = "region";
    public const string NodeImage = "node-image";
    public const string Latest = "latest";
    public const string NextOs = "next-os";

    public static readonly IReadOnlyList<PoolColumn> Optional =
    [
        new(Os, "OS", true),
        new(Kubernetes, "Kubernetes", true),
        new(ImageAge, "Image age", true),
        new(EndOfSupport, "End of support", true),
        new(NextStep, "Next step", true),
        new(Subscription, "Subscription", false),
        new(Region, "Region", false),
        new(NodeImage, "Node image", false),
        new(Latest, "Latest image", false),
        new(NextOs, "Next OS", false),
    ];

    public static IReadOnlySet<string> Defaults { get; } = Optional.Where(c => c.ShownByDefault).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>The stored choice ("os,kubernetes,…"), keeping only known keys; the defaults when there is none.</summary>
    public static HashSet<string> Parse(string? stored) =>
        stored is null
            ? [.. Defaults]
            : [.. stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(k => Optional.Any(c => c.Key == k))];

    public static string Format(IEnumerable<string> shown) => string.Join(',', Optional.Select(c => c.Key).Where(shown.Contains));
}
