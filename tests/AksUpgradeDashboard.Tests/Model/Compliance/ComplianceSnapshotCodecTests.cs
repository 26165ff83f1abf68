using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Compliance;

namespace AksUpgradeDashboard.Tests.Model.Compliance;

public class ComplianceSnapshotCodecTests
{
    [Fact]
    public void Decode_EncodedRows_SameRowsSortedById()
    {
        PoolSnapshotRow[] rows =
        [
            new("/subscriptions/b/pools/z", PoolStatus.Unsupported, ComplianceOutcome.NonCompliant, "Azure Linux 2.0", "1.31.1", "AKSAzureLinux-V2gen2-202509.11.0", 120),
            new("/subscriptions/a/pools/y", PoolStatus.Unknown, ComplianceOutcome.Unknown, "Unknown", null, null, null),
            new("/subscriptions/a/pools/x\twith tab", PoolStatus.Current, ComplianceOutcome.Compliant, "Ubuntu 24.04", "1.34.0", "AKSUbuntu-2404gen2containerd-202511.05.0", 0),
        ];

        var decoded = ComplianceSnapshotCodec.Decode(ComplianceSnapshotCodec.Encode(rows));

        Assert.Equal(3, decoded.Count);
        Assert.Equal(rows[1], decoded[1]);
        Assert.Equal(rows[0], decoded[2]);
        Assert.Equal("/subscriptions/a/pools/x with tab", decoded[0].PoolId);
    }

    [Fact]
    public void Decode_CorruptData_Throws()
    {
        Assert.ThrowsAny<Exception>(() => ComplianceSnapshotCodec.Decode([1, 2, 3, 4]));
    }
}
