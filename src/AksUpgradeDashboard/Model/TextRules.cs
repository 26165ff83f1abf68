using System.Collections.Frozen;

namespace AksUpgradeDashboard.Model;

/// <summary>
/// What people may write in titles, notes, comments and names: no control characters (PostgreSQL cannot even store a
/// NUL), and none of the invisible characters that make text display differently from what it says (a right-to-left
/// override turns "Upgrade \u202Eexe.txt" into "Upgrade txt.exe"). The zero-width joiner stays allowed: emoji use it. Pure.
/// </summary>
public static class TextRules
{
    private static readonly FrozenDictionary<char, string> s_invisible = new Dictionary<char, string>
    {
        ['\u061C'] = "arabic letter mark",
        ['\u200B'] = "zero width space",
        ['\u200C'] = "zero width non-joiner",
        ['\u200E'] = "left-to-right mark",
        ['\u200F'] = "right-to-left mark",
        ['\u202A'] = "left-to-right embedding",
        ['\u202B'] = "right-to-left embedding",
        ['\u202C'] = "pop directional formatting",
        ['\u202D'] = "left-to-right override",
        ['\u202E'] = "right-to-left override",
        ['\u2060'] = "word joiner",
        ['\u2066'] = "left-to-right isolate",
        ['\u2067'] = "right-to-left isolate",
        ['\u2068'] = "first strong isolate",
        ['\u2069'] = "pop directional isolate",
        ['\uFEFF'] = "zero width no-break space",
    }.ToFrozenDictionary();

    /// <summary>Why <paramref name="text"/> may not be stored ("contains …"), or null when it may.</summary>
    /// <param name="text">What someone wrote.</param>
    /// <param name="allowLineBreaks">Notes and comments may hold line breaks and tabs; one-line names may not.</param>
    public static string? Problem(string text, bool allowLineBreaks = true)
    {
        if (text.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t')))
        {
            return allowLineBreaks ? "contains control characters" : "contains control characters (such as line breaks or tabs)";
        }

        return text.FirstOrDefault(s_invisible.ContainsKey) is var c && c != default
            ? $"contains the invisible character U+{(int)c:X4} ({s_invisible[c]}), which makes text display differently from what it says"
            : null;
    }
}
