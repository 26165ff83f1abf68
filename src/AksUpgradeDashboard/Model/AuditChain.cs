using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AksUpgradeDashboard.Model;

/// <summary>One audit entry as the chain sees it: its place, its content in canonical form and the two hashes stored.</summary>
public sealed record AuditLink(long Id, long Sequence, string Content, string? PreviousHash, string? Hash);

/// <summary>The outcome of walking the chain: how many entries, whether all match, and the first that does not.</summary>
public sealed record AuditChainVerification(int Entries, bool Valid, long? FirstBrokenId, string? Problem, int Unchained);

/// <summary>
/// Makes the audit trail tamper-evident. Each entry stores SHA-256 over its content and the previous entry's hash, so
/// rewriting, deleting or reordering an entry behind the app's back breaks every link after it, and a walk of the chain
/// names the first entry that no longer matches. Database triggers stop mistakes; this makes tampering visible. (Someone
/// who rewrites the database can also recompute every hash after their change: keep backups or export the chain's last
/// hash elsewhere to prove that too.) Pure.
/// </summary>
public static class AuditChain
{
    /// <summary>The hash of an entry whose canonical content is <paramref name="content"/>, following <paramref name="previousHash"/>.</summary>
    public static string Hash(string? previousHash, string content) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((previousHash ?? "") + "\n" + content)));

    /// <summary>Canonical content: the fields as a JSON array of strings, so no field can bleed into another.</summary>
    public static string Canonical(params string?[] fields) => JsonSerializer.Serialize(fields, AuditChainJsonContext.Default.StringArray);

    /// <summary>Walks the links in sequence order; entries written before the chain existed (no sequence) are counted apart.</summary>
    public static AuditChainVerification Verify(IEnumerable<AuditLink> links)
    {
        var all = links.ToList();
        var chained = all.Where(l => l.Sequence > 0).OrderBy(l => l.Sequence).ToList();

        // Only rows older than the chain's first entry may be unchained; a newer one was taken out of the chain.
        if (chained.Count > 0 && all.Where(l => l.Sequence <= 0 && l.Id > chained.Min(c => c.Id)).MinBy(l => l.Id) is { } unlinked)
        {
            return new(chained.Count, false, unlinked.Id, $"Entry {unlinked.Id} was written after the chain began but is not in it: it was taken out of the chain.", all.Count - chained.Count);
        }

        string? previous = null;
        long expectedSequence = chained.Count > 0 ? chained[0].Sequence : 1;
        foreach (var link in chained)
        {
            if (link.Sequence != expectedSequence)
            {
                return new(chained.Count, false, link.Id, $"Entry {link.Id} is number {link.Sequence} in the chain where {expectedSequence} was expected: an entry is missing.", all.Count - chained.Count);
            }

            if (!string.Equals(link.PreviousHash ?? "", previous ?? "", StringComparison.Ordinal))
            {
                return new(chained.Count, false, link.Id, $"Entry {link.Id} does not follow the entry before it: an entry was removed, inserted or rewritten.", all.Count - chained.Count);
            }

            if (!string.Equals(link.Hash, Hash(previous, link.Content), StringComparison.Ordinal))
            {
                return new(chained.Count, false, link.Id, $"Entry {link.Id} does not match its hash: its content was changed.", all.Count - chained.Count);
            }

            previous = link.Hash;
            expectedSequence++;
        }

        return new(chained.Count, true, null, null, all.Count - chained.Count);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class AuditChainJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
