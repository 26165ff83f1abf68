using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Model;
using Microsoft.EntityFrameworkCore;

namespace AksUpgradeDashboard.Windows;

/// <summary>Walks the audit trail's hash chain in the database (see <see cref="AuditChain"/>).</summary>
public sealed class AuditChainVerifier(DashboardDbContext db)
{
    public async Task<AuditChainVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        // Streamed in sequence order: a long trail is read once, never held whole with its entities.
        var links = new List<AuditLink>();
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.ChainSequence).ThenBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            links.Add(new AuditLink(entry.Id, entry.ChainSequence ?? 0, entry.CanonicalContent(), entry.PreviousHash, entry.Hash));
        }

        return AuditChain.Verify(links);
    }
}
