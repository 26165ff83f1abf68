using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace AksUpgradeDashboard.Model.Compliance;

/// <summary>One pool in a daily compliance snapshot.</summary>
public sealed record PoolSnapshotRow(
    string PoolId,
    PoolStatus Status,
    ComplianceOutcome Outcome,
    string Os,
    string? KubernetesVersion,
    string? NodeImageVersion,
    int? DaysBehindLatest)
{
    public static PoolSnapshotRow From(PoolViewModel pool, CompliancePolicy policy) => new(
        pool.Id, pool.Status, policy.Evaluate(pool).Outcome, pool.OsDisplayName, pool.KubernetesVersion, pool.NodeImageVersion,
        pool.Assessment.DaysBehindLatest);
}

/// <summary>
/// The per-pool rows of a daily snapshot as Brotli-compressed tab-separated text, sorted by pool id so the long,
/// shared ARM id prefixes sit together and compress to almost nothing (10,000 pools: well under 1 MB a day).
/// </summary>
public static class ComplianceSnapshotCodec
{
    private const int FieldCount = 7;

    // The first line names the format, so a damaged or foreign blob fails loudly instead of reading as no pools.
    private const string Header = "aks-upgrade-dashboard compliance v1";

    public static byte[] Encode(IEnumerable<PoolSnapshotRow> rows)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var row in rows.OrderBy(r => r.PoolId, StringComparer.OrdinalIgnoreCase))
        {
            text.Append(Clean(row.PoolId)).Append('\t')
                .Append((int)row.Status).Append('\t')
                .Append((int)row.Outcome).Append('\t')
                .Append(Clean(row.Os)).Append('\t')
                .Append(Clean(row.KubernetesVersion)).Append('\t')
                .Append(Clean(row.NodeImageVersion)).Append('\t')
                .Append(row.DaysBehindLatest?.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        using var buffer = new MemoryStream();
        using (var brotli = new BrotliStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            brotli.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }

        return buffer.ToArray();
    }

    public static IReadOnlyList<PoolSnapshotRow> Decode(byte[] data)
    {
        using var input = new BrotliStream(new MemoryStream(data), CompressionMode.Decompress);
        using var reader = new StreamReader(input, Encoding.UTF8);
        if (reader.ReadLine() != Header)
        {
            throw new InvalidDataException("This is not a compliance snapshot (its header is missing).");
        }

        var rows = new List<PoolSnapshotRow>();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            if (f.Length != FieldCount)
            {
                throw new InvalidDataException($"A compliance snapshot row has {f.Length} fields instead of {FieldCount}.");
            }

            rows.Add(new PoolSnapshotRow(
                f[0],
                (PoolStatus)int.Parse(f[1], CultureInfo.InvariantCulture),
                (ComplianceOutcome)int.Parse(f[2], CultureInfo.InvariantCulture),
                f[3],
                NullIfEmpty(f[4]),
                NullIfEmpty(f[5]),
                f[6].Length == 0 ? null : int.Parse(f[6], CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    // ARM names cannot hold tabs or line breaks; this only keeps a malformed value from breaking the row.
    private static string Clean(string? value) => value is null ? "" : value.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
