using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Tests.Model;

public class AuditChainTests
{
    private static List<AuditLink> Chain(int count, long firstId = 10)
    {
        var links = new List<AuditLink>();
        string? previous = null;
        for (var i = 0; i < count; i++)
        {
            var content = AuditChain.Canonical($"entry {i}");
            var hash = AuditChain.Hash(previous, content);
            links.Add(new AuditLink(firstId + i, i + 1, content, previous ?? "", hash));
            previous = hash;
        }

        return links;
    }

    [Fact]
    public void Verify_UnbrokenChainWithOlderUnchainedRows_Valid()
    {
        var links = Chain(3);
        links.Insert(0, new AuditLink(1, 0, AuditChain.Canonical("before the chain"), null, null));

        var result = AuditChain.Verify(links);

        Assert.Equal(new AuditChainVerification(3, true, null, null, 1), result);
    }

    [Theory]
    [InlineData("content", 11L, "does not match its hash")]
    [InlineData("removed", 12L, "is number 3 in the chain where 2 was expected")]
    [InlineData("unlinked", 12L, "was taken out of the chain")]
    [InlineData("reordered", 11L, "does not follow the entry before it")]
    public void Verify_Tampered_NamesTheFirstEntryThatNoLongerMatches(string tampering, long brokenId, string problem)
    {
        var links = Chain(4);
        switch (tampering)
        {
            case "content":
                links[1] = links[1] with { Content = AuditChain.Canonical("rewritten") };
                break;
            case "removed":
                links.RemoveAt(1);
                break;
            case "unlinked":
                // The chain's newer rows taken out (sequence and hashes cleared) so the rest still links up.
                links[2] = links[2] with { Sequence = 0, PreviousHash = null, Hash = null };
                links[3] = links[3] with { Sequence = 0, PreviousHash = null, Hash = null };
                break;
            default:
                links[1] = links[1] with { PreviousHash = links[2].Hash };
                break;
        }

        var result = AuditChain.Verify(links);

        Assert.False(result.Valid);
        Assert.Equal(brokenId, result.FirstBrokenId);
        Assert.Contains(problem, result.Problem, StringComparison.Ordinal);
    }

    // Review finding: a long name cut in the middle of a surrogate pair (an emoji) kept half a character, which SQLite
    // stores as another and PostgreSQL refuses, so the entry's hash would no longer match what is read back.
    [Theory]
    [InlineData(10, "Application 🚀🚀", "Applicati…")]
    [InlineData(14, "Application 🚀🚀", "Application …")]
    [InlineData(15, "Application 🚀🚀", "Application 🚀…")]
    [InlineData(16, "Application 🚀🚀", "Application 🚀🚀")]
    public void Shortened_NeverSplitsASurrogatePair(int maxLength, string text, string expected)
    {
        var shortened = AksUpgradeDashboard.Data.AuditEntryEntity.Shortened(text, maxLength);

        Assert.Equal(expected, shortened);
        Assert.True(shortened.Length <= maxLength);
        Assert.Equal(shortened, System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(shortened)));
    }
}
