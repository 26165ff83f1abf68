using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Windows;

/// <summary>Walks the audit trail's hash chain in the database (see <see cref="AuditChain"/>).</summary>
public sealed class AuditChainVerifier(DashboardDbContext db)
{
    public async Task<AuditChainVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        // Read without tracking, one pass; only the canonical text and hashes are kept, not the entities.
        var links = new List<AuditLink>();
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.ChainSequence).ThenBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            links.Add(new AuditLink(entry.Id, entry.ChainSequence ?? 0, entry.CanonicalContent(), entry.PreviousHash, entry.Hash));
        }

        return AuditChain.Verify(links);
    }
}
