using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Tests.Model;

public class TextRulesTests
{
    public static TheoryData<string, string, bool, string?> Texts => new()
    {
        { "plain", "Move the orders pools to Azure Linux 3", true, null },
        { "accents and other scripts", "Müller · 日本 · עברית", true, null },
        { "emoji with a zero-width joiner", "Ops 👩‍💻 on call", true, null },
        { "line breaks in notes", "line 1\nline 2\ttabbed", true, null },
        { "line breaks in a one-line name", "year\nend", false, "contains control characters (such as line breaks or tabs)" },
        { "bell", "bad\u0007", true, "contains control characters" },
        { "right-to-left override", "Upgrade \u202Eexe.txt", true, "U+202E (right-to-left override)" },
        { "left-to-right isolate", "a\u2066b\u2069", true, "U+2066 (left-to-right isolate)" },
        { "zero width space", "Zero\u200Bwidth", true, "U+200B (zero width space)" },
        { "byte order mark", "\uFEFFtitle", true, "U+FEFF (zero width no-break space)" },
        { "right-to-left mark", "x\u200Fy", true, "U+200F (right-to-left mark)" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Problem_NamesWhatIsWrong(string _, string text, bool allowLineBreaks, string? expected)
    {
        var problem = TextRules.Problem(text, allowLineBreaks);

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }
}
