using System.Globalization;
using System.Text.RegularExpressions;

namespace AksUpgradeDashboard.Api;

/// <summary>
/// Times in API bodies: ISO 8601 with an offset, nothing else. A time without an offset is ambiguous (whose midnight?),
/// so the API refuses it rather than guess. One parser for every endpoint that takes times.
/// </summary>
internal static partial class IsoTime
{
    /// <summary>
    /// Null and no error for an empty value (the caller's rules say whether it is required); the time; or null with an
    /// error naming <paramref name="label"/> (may be empty) and showing <paramref name="example"/>.
    /// </summary>
    public static DateTimeOffset? Parse(string? value, string label, string example, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // [0-9], not \d: \d also matches digits of other scripts, which DateTimeOffset would not read the same way.
        if (IsoWithOffset().IsMatch(value.Trim())
            && DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return parsed;
        }

        error = $"{(label.Length == 0 ? "" : label + " ")}'{value}' is not an ISO 8601 time with an offset, such as {example}.";
        return null;
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWithOffset();
}
