using System.Globalization;
using AksUpgradeDashboard.Model;
using F = AksUpgradeDashboard.Model.NodeImageFeatures;
using Fam = AksUpgradeDashboard.Model.NodeImageFamily;
using Fmt = AksUpgradeDashboard.Model.NodeImageVersionFormat;

namespace AksUpgradeDashboard.Tests.Model;

public class NodeImageVersionParserTests
{
    // Every Linux string named in aks-os-upgrades.md / arm-rest.md, and every SKU of the §3.1 table with a plausible version.
    [Theory]
    // AKSUbuntu, current YYYYMM.DD.patch
    [InlineData("AKSUbuntu-2204gen2containerd-202509.11.0", Fam.Ubuntu, "AKSUbuntu", "2204gen2containerd", "Ubuntu2204", Fmt.DatedBuild, "202509.11.0", "2025-09-11", 0, F.Gen2, null, "AKSUbuntu-2204gen2containerd")]
    [InlineData("AKSUbuntu-2204gen2containerd-202509.18.0", Fam.Ubuntu, "AKSUbuntu", "2204gen2containerd", "Ubuntu2204", Fmt.DatedBuild, "202509.18.0", "2025-09-18", 0, F.Gen2, null, "AKSUbuntu-2204gen2containerd")]
    [InlineData("AKSUbuntu-2204gen2containerd-202307.12.0", Fam.Ubuntu, "AKSUbuntu", "2204gen2containerd", "Ubuntu2204", Fmt.DatedBuild, "202307.12.0", "2023-07-12", 0, F.Gen2, null, "AKSUbuntu-2204gen2containerd")]
    [InlineData("AKSUbuntu-2204gen2containerd-202405.03.0", Fam.Ubuntu, "AKSUbuntu", "2204gen2containerd", "Ubuntu2204", Fmt.DatedBuild, "202405.03.0", "2024-05-03", 0, F.Gen2, null, "AKSUbuntu-2204gen2containerd")]
    [InlineData("AKSUbuntu-2204gen2containerd-202603.18.1", Fam.Ubuntu, "AKSUbuntu", "2204gen2containerd", "Ubuntu2204", Fmt.DatedBuild, "202603.18.1", "2026-03-18", 1, F.Gen2, null, "AKSUbuntu-2204gen2containerd")]
    [InlineData("AKSUbuntu-2204gen2containerd-202605.05.1", Fam.Ubuntu, "AKSUbuntu", "2204gen2containerd", "Ubuntu2204", Fmt.DatedBuild, "202605.05.1", "2026-05-05", 1, F.Gen2, null, "AKSUbuntu-2204gen2containerd")]
    [InlineData("AKSUbuntu-2204gen2containerd-202410.27.0-2024.12.01", Fam.Ubuntu, "AKSUbuntu", "2204gen2containerd", "Ubuntu2204", Fmt.DatedBuild, "202410.27.0", "2024-10-27", 0, F.Gen2, "2024-12-01", "AKSUbuntu-2204gen2containerd")]
    [InlineData("AKSUbuntu-2204containerd-202512.18.0", Fam.Ubuntu, "AKSUbuntu", "2204containerd", "Ubuntu2204", Fmt.DatedBuild, "202512.18.0", "2025-12-18", 0, F.None, null, "AKSUbuntu-2204containerd")]
    [InlineData("AKSUbuntu-2204gen2arm64containerd-202512.18.0", Fam.Ubuntu, "AKSUbuntu", "2204gen2arm64containerd", "Ubuntu2204", Fmt.DatedBuild, "202512.18.0", "2025-12-18", 0, F.Gen2 | F.Arm64, null, "AKSUbuntu-2204gen2arm64containerd")]
    [InlineData("AKSUbuntu-2204gen2fipscontainerd-202606.08.1", Fam.Ubuntu, "AKSUbuntu", "2204gen2fipscontainerd", "Ubuntu2204", Fmt.DatedBuild, "202606.08.1", "2026-06-08", 1, F.Gen2 | F.Fips, null, "AKSUbuntu-2204gen2fipscontainerd")]
    [InlineData("AKSUbuntu-2204fipscontainerd-202606.19.0", Fam.Ubuntu, "AKSUbuntu", "2204fipscontainerd", "Ubuntu2204", Fmt.DatedBuild, "202606.19.0", "2026-06-19", 0, F.Fips, null, "AKSUbuntu-2204fipscontainerd")]
    [InlineData("AKSUbuntu-2204gen2TLcontainerd-202512.06.0", Fam.Ubuntu, "AKSUbuntu", "2204gen2TLcontainerd", "Ubuntu2204", Fmt.DatedBuild, "202512.06.0", "2025-12-06", 0, F.Gen2 | F.TrustedLaunch, null, "AKSUbuntu-2204gen2TLcontainerd")]
    [InlineData("AKSUbuntu-2204minimalcontainerd-202401.12.0", Fam.Ubuntu, "AKSUbuntu", "2204minimalcontainerd", "Ubuntu2204", Fmt.DatedBuild, "202401.12.0", "2024-01-12", 0, F.Minimal, null, "AKSUbuntu-2204minimalcontainerd")]
    [InlineData("AKSUbuntu-2204gen2minimalcontainerd-202401.12.0", Fam.Ubuntu, "AKSUbuntu", "2204gen2minimalcontainerd", "Ubuntu2204", Fmt.DatedBuild, "202401.12.0", "2024-01-12", 0, F.Gen2 | F.Minimal, null, "AKSUbuntu-2204gen2minimalcontainerd")]
    [InlineData("AKSUbuntu-2404gen2containerd-202607.09.0", Fam.Ubuntu, "AKSUbuntu", "2404gen2containerd", "Ubuntu2404", Fmt.DatedBuild, "202607.09.0", "2026-07-09", 0, F.Gen2, null, "AKSUbuntu-2404gen2containerd")]
    [InlineData("AKSUbuntu-2404containerd-202607.02.0", Fam.Ubuntu, "AKSUbuntu", "2404containerd", "Ubuntu2404", Fmt.DatedBuild, "202607.02.0", "2026-07-02", 0, F.None, null, "AKSUbuntu-2404containerd")]
    [InlineData("AKSUbuntu-2404gen2arm64containerd-202604.24.0", Fam.Ubuntu, "AKSUbuntu", "2404gen2arm64containerd", "Ubuntu2404", Fmt.DatedBuild, "202604.24.0", "2026-04-24", 0, F.Gen2 | F.Arm64, null, "AKSUbuntu-2404gen2arm64containerd")]
    [InlineData("AKSUbuntu-2404gen2arm64gb200containerd-202605.27.0", Fam.Ubuntu, "AKSUbuntu", "2404gen2arm64gb200containerd", "Ubuntu2404", Fmt.DatedBuild, "202605.27.0", "2026-05-27", 0, F.Gen2 | F.Arm64 | F.Gb200, null, "AKSUbuntu-2404gen2arm64gb200containerd")]
    [InlineData("AKSUbuntu-2404gen2CVMcontainerd-202604.13.0", Fam.Ubuntu, "AKSUbuntu", "2404gen2CVMcontainerd", "Ubuntu2404", Fmt.DatedBuild, "202604.13.0", "2026-04-13", 0, F.Gen2 | F.ConfidentialVm, null, "AKSUbuntu-2404gen2CVMcontainerd")]
    [InlineData("AKSUbuntu-2404gen2TLcontainerd-202603.30.0", Fam.Ubuntu, "AKSUbuntu", "2404gen2TLcontainerd", "Ubuntu2404", Fmt.DatedBuild, "202603.30.0", "2026-03-30", 0, F.Gen2 | F.TrustedLaunch, null, "AKSUbuntu-2404gen2TLcontainerd")]
    [InlineData("AKSUbuntu-2004fipscontainerd-202601.27.0", Fam.Ubuntu, "AKSUbuntu", "2004fipscontainerd", "Ubuntu2004", Fmt.DatedBuild, "202601.27.0", "2026-01-27", 0, F.Fips, null, "AKSUbuntu-2004fipscontainerd")]
    [InlineData("AKSUbuntu-2004gen2fipscontainerd-202601.13.0", Fam.Ubuntu, "AKSUbuntu", "2004gen2fipscontainerd", "Ubuntu2004", Fmt.DatedBuild, "202601.13.0", "2026-01-13", 0, F.Gen2 | F.Fips, null, "AKSUbuntu-2004gen2fipscontainerd")]
    [InlineData("AKSUbuntu-2004gen2CVMcontainerd-202601.07.0", Fam.Ubuntu, "AKSUbuntu", "2004gen2CVMcontainerd", "Ubuntu2004", Fmt.DatedBuild, "202601.07.0", "2026-01-07", 0, F.Gen2 | F.ConfidentialVm, null, "AKSUbuntu-2004gen2CVMcontainerd")]
    // AKSUbuntu, legacy SKUs and YYYY.MM.DD versions
    [InlineData("AKSUbuntu-1804gen2containerd-2022.10.03", Fam.Ubuntu, "AKSUbuntu", "1804gen2containerd", "Ubuntu1804", Fmt.LegacyDate, "2022.10.03", "2022-10-03", 0, F.Gen2, null, "AKSUbuntu-1804gen2containerd")]
    [InlineData("AKSUbuntu-1804gen2fipscontainerd-202305.15.0", Fam.Ubuntu, "AKSUbuntu", "1804gen2fipscontainerd", "Ubuntu1804", Fmt.DatedBuild, "202305.15.0", "2023-05-15", 0, F.Gen2 | F.Fips, null, "AKSUbuntu-1804gen2fipscontainerd")]
    [InlineData("AKSUbuntu-1804-2021.11.06", Fam.Ubuntu, "AKSUbuntu", "1804", "Ubuntu1804", Fmt.LegacyDate, "2021.11.06", "2021-11-06", 0, F.None, null, "AKSUbuntu-1804")]
    [InlineData("AKSUbuntu-1804containerd-2022.10.03", Fam.Ubuntu, "AKSUbuntu", "1804containerd", "Ubuntu1804", Fmt.LegacyDate, "2022.10.03", "2022-10-03", 0, F.None, null, "AKSUbuntu-1804containerd")]
    [InlineData("AKSUbuntu-1604-2020.03.11", Fam.Ubuntu, "AKSUbuntu", "1604", "Ubuntu1604", Fmt.LegacyDate, "2020.03.11", "2020-03-11", 0, F.None, null, "AKSUbuntu-1604")]
    [InlineData("AKSUbuntu:1604:2020.03.11", Fam.Ubuntu, "AKSUbuntu", "1604", "Ubuntu1604", Fmt.LegacyDate, "2020.03.11", "2020-03-11", 0, F.None, null, "AKSUbuntu-1604")]
    // AKSUbuntuEdgeZone
    [InlineData("AKSUbuntuEdgeZone-2204containerd-202509.11.0", Fam.UbuntuEdgeZone, "AKSUbuntuEdgeZone", "2204containerd", "Ubuntu2204", Fmt.DatedBuild, "202509.11.0", "2025-09-11", 0, F.None, null, "AKSUbuntuEdgeZone-2204containerd")]
    [InlineData("AKSUbuntuEdgeZone-2204gen2containerd-202512.18.0", Fam.UbuntuEdgeZone, "AKSUbuntuEdgeZone", "2204gen2containerd", "Ubuntu2204", Fmt.DatedBuild, "202512.18.0", "2025-12-18", 0, F.Gen2, null, "AKSUbuntuEdgeZone-2204gen2containerd")]
    // AKSAzureLinux V3
    [InlineData("AKSAzureLinux-V3-202512.18.0", Fam.AzureLinux, "AKSAzureLinux", "V3", "AzureLinux3", Fmt.DatedBuild, "202512.18.0", "2025-12-18", 0, F.None, null, "AKSAzureLinux-V3")]
    [InlineData("AKSAzureLinux-V3gen2-202512.18.0", Fam.AzureLinux, "AKSAzureLinux", "V3gen2", "AzureLinux3", Fmt.DatedBuild, "202512.18.0", "2025-12-18", 0, F.Gen2, null, "AKSAzureLinux-V3gen2")]
    [InlineData("AKSAzureLinux-V3fips-202601.07.0", Fam.AzureLinux, "AKSAzureLinux", "V3fips", "AzureLinux3", Fmt.DatedBuild, "202601.07.0", "2026-01-07", 0, F.Fips, null, "AKSAzureLinux-V3fips")]
    [InlineData("AKSAzureLinux-V3gen2fips-202601.13.0", Fam.AzureLinux, "AKSAzureLinux", "V3gen2fips", "AzureLinux3", Fmt.DatedBuild, "202601.13.0", "2026-01-13", 0, F.Gen2 | F.Fips, null, "AKSAzureLinux-V3gen2fips")]
    [InlineData("AKSAzureLinux-V3gen2arm64-202601.27.0", Fam.AzureLinux, "AKSAzureLinux", "V3gen2arm64", "AzureLinux3", Fmt.DatedBuild, "202601.27.0", "2026-01-27", 0, F.Gen2 | F.Arm64, null, "AKSAzureLinux-V3gen2arm64")]
    [InlineData("AKSAzureLinux-V3gen2arm64fips-202603.04.0", Fam.AzureLinux, "AKSAzureLinux", "V3gen2arm64fips", "AzureLinux3", Fmt.DatedBuild, "202603.04.0", "2026-03-04", 0, F.Gen2 | F.Arm64 | F.Fips, null, "AKSAzureLinux-V3gen2arm64fips")]
    [InlineData("AKSAzureLinux-V3gen2TL-202603.12.0", Fam.AzureLinux, "AKSAzureLinux", "V3gen2TL", "AzureLinux3", Fmt.DatedBuild, "202603.12.0", "2026-03-12", 0, F.Gen2 | F.TrustedLaunch, null, "AKSAzureLinux-V3gen2TL")]
    [InlineData("AKSAzureLinux-V3gen2CVM-202603.18.1", Fam.AzureLinux, "AKSAzureLinux", "V3gen2CVM", "AzureLinux3", Fmt.DatedBuild, "202603.18.1", "2026-03-18", 1, F.Gen2 | F.ConfidentialVm, null, "AKSAzureLinux-V3gen2CVM")]
    [InlineData("AKSAzureLinux-V3katagen2-202604.13.0", Fam.AzureLinux, "AKSAzureLinux", "V3katagen2", "AzureLinux3", Fmt.DatedBuild, "202604.13.0", "2026-04-13", 0, F.Kata | F.Gen2, null, "AKSAzureLinux-V3katagen2")]
    [InlineData("AKSAzureLinux-OSGuardV3gen2fipsTL-202604.24.0", Fam.AzureLinux, "AKSAzureLinux", "OSGuardV3gen2fipsTL", "AzureLinuxOSGuard3", Fmt.DatedBuild, "202604.24.0", "2026-04-24", 0, F.OsGuard | F.Gen2 | F.Fips | F.TrustedLaunch, null, "AKSAzureLinux-OSGuardV3gen2fipsTL")]
    // AKSAzureLinux V2
    [InlineData("AKSAzureLinux-V2-202512.06.0", Fam.AzureLinux, "AKSAzureLinux", "V2", "AzureLinux2", Fmt.DatedBuild, "202512.06.0", "2025-12-06", 0, F.None, null, "AKSAzureLinux-V2")]
    [InlineData("AKSAzureLinux-V2gen2-202512.06.0", Fam.AzureLinux, "AKSAzureLinux", "V2gen2", "AzureLinux2", Fmt.DatedBuild, "202512.06.0", "2025-12-06", 0, F.Gen2, null, "AKSAzureLinux-V2gen2")]
    [InlineData("AKSAzureLinux-V2fips-202511.20.0", Fam.AzureLinux, "AKSAzureLinux", "V2fips", "AzureLinux2", Fmt.DatedBuild, "202511.20.0", "2025-11-20", 0, F.Fips, null, "AKSAzureLinux-V2fips")]
    [InlineData("AKSAzureLinux-V2gen2fips-202511.20.0", Fam.AzureLinux, "AKSAzureLinux", "V2gen2fips", "AzureLinux2", Fmt.DatedBuild, "202511.20.0", "2025-11-20", 0, F.Gen2 | F.Fips, null, "AKSAzureLinux-V2gen2fips")]
    [InlineData("AKSAzureLinux-V2gen2arm64-202510.03.0", Fam.AzureLinux, "AKSAzureLinux", "V2gen2arm64", "AzureLinux2", Fmt.DatedBuild, "202510.03.0", "2025-10-03", 0, F.Gen2 | F.Arm64, null, "AKSAzureLinux-V2gen2arm64")]
    [InlineData("AKSAzureLinux-V2gen2TL-202510.03.0", Fam.AzureLinux, "AKSAzureLinux", "V2gen2TL", "AzureLinux2", Fmt.DatedBuild, "202510.03.0", "2025-10-03", 0, F.Gen2 | F.TrustedLaunch, null, "AKSAzureLinux-V2gen2TL")]
    [InlineData("AKSAzureLinux-V2katagen2-202509.11.0", Fam.AzureLinux, "AKSAzureLinux", "V2katagen2", "AzureLinux2", Fmt.DatedBuild, "202509.11.0", "2025-09-11", 0, F.Kata | F.Gen2, null, "AKSAzureLinux-V2katagen2")]
    // AKSCBLMariner (V1 = CBL-Mariner 1.0, V2 = Azure Linux 2.0)
    [InlineData("AKSCBLMariner-V1-202308.28.0", Fam.CblMariner, "AKSCBLMariner", "V1", "CBLMariner1", Fmt.DatedBuild, "202308.28.0", "2023-08-28", 0, F.None, null, "AKSCBLMariner-V1")]
    [InlineData("AKSCBLMariner-V2-202512.06.0", Fam.CblMariner, "AKSCBLMariner", "V2", "AzureLinux2", Fmt.DatedBuild, "202512.06.0", "2025-12-06", 0, F.None, null, "AKSCBLMariner-V2")]
    [InlineData("AKSCBLMariner-V2gen2-202512.18.0", Fam.CblMariner, "AKSCBLMariner", "V2gen2", "AzureLinux2", Fmt.DatedBuild, "202512.18.0", "2025-12-18", 0, F.Gen2, null, "AKSCBLMariner-V2gen2")]
    [InlineData("AKSCBLMariner-V2fips-202303.13.0", Fam.CblMariner, "AKSCBLMariner", "V2fips", "AzureLinux2", Fmt.DatedBuild, "202303.13.0", "2023-03-13", 0, F.Fips, null, "AKSCBLMariner-V2fips")]
    [InlineData("AKSCBLMariner-V2gen2fips-202401.12.0", Fam.CblMariner, "AKSCBLMariner", "V2gen2fips", "AzureLinux2", Fmt.DatedBuild, "202401.12.0", "2024-01-12", 0, F.Gen2 | F.Fips, null, "AKSCBLMariner-V2gen2fips")]
    [InlineData("AKSCBLMariner-V2gen2arm64-202410.27.0", Fam.CblMariner, "AKSCBLMariner", "V2gen2arm64", "AzureLinux2", Fmt.DatedBuild, "202410.27.0", "2024-10-27", 0, F.Gen2 | F.Arm64, null, "AKSCBLMariner-V2gen2arm64")]
    [InlineData("AKSCBLMariner-V2gen2TL-202502.26.0", Fam.CblMariner, "AKSCBLMariner", "V2gen2TL", "AzureLinux2", Fmt.DatedBuild, "202502.26.0", "2025-02-26", 0, F.Gen2 | F.TrustedLaunch, null, "AKSCBLMariner-V2gen2TL")]
    [InlineData("AKSCBLMariner-V2katagen2-202503.13.0", Fam.CblMariner, "AKSCBLMariner", "V2katagen2", "AzureLinux2", Fmt.DatedBuild, "202503.13.0", "2025-03-13", 0, F.Kata | F.Gen2, null, "AKSCBLMariner-V2katagen2")]
    [InlineData("AKSCBLMariner-V2katagen2TL-202504.06.0", Fam.CblMariner, "AKSCBLMariner", "V2katagen2TL", "AzureLinux2", Fmt.DatedBuild, "202504.06.0", "2025-04-06", 0, F.Kata | F.Gen2 | F.TrustedLaunch, null, "AKSCBLMariner-V2katagen2TL")]
    [InlineData("AKSCBLMariner-V2-2023.03.06", Fam.CblMariner, "AKSCBLMariner", "V2", "AzureLinux2", Fmt.LegacyDate, "2023.03.06", "2023-03-06", 0, F.None, null, "AKSCBLMariner-V2")]
    // AKSFlatcar
    [InlineData("AKSFlatcar-flatcargen2-202512.18.0", Fam.Flatcar, "AKSFlatcar", "flatcargen2", "Flatcar", Fmt.DatedBuild, "202512.18.0", "2025-12-18", 0, F.Gen2, null, "AKSFlatcar-flatcargen2")]
    [InlineData("AKSFlatcar-flatcargen2arm64-202603.04.0", Fam.Flatcar, "AKSFlatcar", "flatcargen2arm64", "Flatcar", Fmt.DatedBuild, "202603.04.0", "2026-03-04", 0, F.Gen2 | F.Arm64, null, "AKSFlatcar-flatcargen2arm64")]
    // AKSAzureContainerLinux, with and without a SKU segment
    [InlineData("AKSAzureContainerLinux-202606.01.0", Fam.AzureContainerLinux, "AKSAzureContainerLinux", "", "AzureContainerLinux", Fmt.DatedBuild, "202606.01.0", "2026-06-01", 0, F.None, null, "AKSAzureContainerLinux")]
    [InlineData("AKSAzureContainerLinux-gen2tl-202606.19.0", Fam.AzureContainerLinux, "AKSAzureContainerLinux", "gen2tl", "AzureContainerLinux", Fmt.DatedBuild, "202606.19.0", "2026-06-19", 0, F.Gen2 | F.TrustedLaunch, null, "AKSAzureContainerLinux-gen2tl")]
    [InlineData("AKSAzureContainerLinux-arm64gen2tl-202607.09.0", Fam.AzureContainerLinux, "AKSAzureContainerLinux", "arm64gen2tl", "AzureContainerLinux", Fmt.DatedBuild, "202607.09.0", "2026-07-09", 0, F.Arm64 | F.Gen2 | F.TrustedLaunch, null, "AKSAzureContainerLinux-arm64gen2tl")]
    public void Parse_KnownImageString_ReturnsFields(
        string input, Fam family, string gallery, string sku, string osId, Fmt format, string version,
        string buildDate, int patch, F features, string? securityPatchDate, string lineage)
    {
        var result = NodeImageVersionParser.Parse(input);

        AssertRecognised(result, input, family, gallery, sku, osId, format, version, buildDate, patch, features, securityPatchDate, lineage);
        Assert.Null(result.WindowsBuild);
        Assert.Null(result.WindowsRevision);
    }

    // Image families of 2026 that the parser did not know (AgentBaker image definitions and the AKS release notes;
    // see TestData/real-node-image-names.tsv for each name's source).
    [Theory]
    [InlineData("AKSUbuntu-2204gen2fipsTLcontainerd-202608.20.0", Fam.Ubuntu, "AKSUbuntu", "2204gen2fipsTLcontainerd", "Ubuntu2204", Fmt.DatedBuild, "202608.20.0", "2026-08-20", 0, F.Gen2 | F.Fips | F.TrustedLaunch, null, "AKSUbuntu-2204gen2fipsTLcontainerd")]
    [InlineData("AKSUbuntu-2404gen2arm64gbcontainerd-202602.19.0", Fam.Ubuntu, "AKSUbuntu", "2404gen2arm64gbcontainerd", "Ubuntu2404", Fmt.DatedBuild, "202602.19.0", "2026-02-19", 0, F.Gen2 | F.Arm64 | F.Gb200, null, "AKSUbuntu-2404gen2arm64gbcontainerd")]
    [InlineData("AKSUbuntu-2604minimalgen2containerd-202609.30.0", Fam.Ubuntu, "AKSUbuntu", "2604minimalgen2containerd", "Ubuntu2604", Fmt.DatedBuild, "202609.30.0", "2026-09-30", 0, F.Minimal | F.Gen2, null, "AKSUbuntu-2604minimalgen2containerd")]
    [InlineData("AKSUbuntu-2604minimalgen2arm64containerd-202609.30.0", Fam.Ubuntu, "AKSUbuntu", "2604minimalgen2arm64containerd", "Ubuntu2604", Fmt.DatedBuild, "202609.30.0", "2026-09-30", 0, F.Minimal | F.Gen2 | F.Arm64, null, "AKSUbuntu-2604minimalgen2arm64containerd")]
    [InlineData("AKSAzureLinux-aclgen2TL-202609.23.0", Fam.AzureLinux, "AKSAzureLinux", "aclgen2TL", "AzureContainerLinux", Fmt.DatedBuild, "202609.23.0", "2026-09-23", 0, F.Gen2 | F.TrustedLaunch, null, "AKSAzureLinux-aclgen2TL")]
    [InlineData("AKSAzureLinux-aclgen2arm64TL-202609.23.0", Fam.AzureLinux, "AKSAzureLinux", "aclgen2arm64TL", "AzureContainerLinux", Fmt.DatedBuild, "202609.23.0", "2026-09-23", 0, F.Gen2 | F.Arm64 | F.TrustedLaunch, null, "AKSAzureLinux-aclgen2arm64TL")]
    [InlineData("AKSAzureLinux-aclgen2fipsTL-202609.23.0", Fam.AzureLinux, "AKSAzureLinux", "aclgen2fipsTL", "AzureContainerLinux", Fmt.DatedBuild, "202609.23.0", "2026-09-23", 0, F.Gen2 | F.Fips | F.TrustedLaunch, null, "AKSAzureLinux-aclgen2fipsTL")]
    [InlineData("AKSAzureLinux-aclgen2arm64fipsTL-202609.23.0", Fam.AzureLinux, "AKSAzureLinux", "aclgen2arm64fipsTL", "AzureContainerLinux", Fmt.DatedBuild, "202609.23.0", "2026-09-23", 0, F.Gen2 | F.Arm64 | F.Fips | F.TrustedLaunch, null, "AKSAzureLinux-aclgen2arm64fipsTL")]
    [InlineData("AKSAzureLinuxEdgeZone-V3gen2-202609.23.0", Fam.AzureLinuxEdgeZone, "AKSAzureLinuxEdgeZone", "V3gen2", "AzureLinux3", Fmt.DatedBuild, "202609.23.0", "2026-09-23", 0, F.Gen2, null, "AKSAzureLinuxEdgeZone-V3gen2")]
    [InlineData("AKSUbuntu-1804gpu-2022.08.29", Fam.Ubuntu, "AKSUbuntu", "1804gpu", "Ubuntu1804", Fmt.LegacyDate, "2022.08.29", "2022-08-29", 0, F.Gpu, null, "AKSUbuntu-1804gpu")]
    [InlineData("AKSUbuntu-1804gen2gpu-2022.08.29", Fam.Ubuntu, "AKSUbuntu", "1804gen2gpu", "Ubuntu1804", Fmt.LegacyDate, "2022.08.29", "2022-08-29", 0, F.Gen2 | F.Gpu, null, "AKSUbuntu-1804gen2gpu")]
    [InlineData("AKSUbuntu-1804gpucontainerd-202501.05.0", Fam.Ubuntu, "AKSUbuntu", "1804gpucontainerd", "Ubuntu1804", Fmt.DatedBuild, "202501.05.0", "2025-01-05", 0, F.Gpu, null, "AKSUbuntu-1804gpucontainerd")]
    [InlineData("AKSUbuntu-1804gen2gpucontainerd-202501.05.0", Fam.Ubuntu, "AKSUbuntu", "1804gen2gpucontainerd", "Ubuntu1804", Fmt.DatedBuild, "202501.05.0", "2025-01-05", 0, F.Gen2 | F.Gpu, null, "AKSUbuntu-1804gen2gpucontainerd")]
    public void Parse_ImageFamiliesOf2026_ReturnsFields(
        string input, Fam family, string gallery, string sku, string osId, Fmt format, string version,
        string buildDate, int patch, F features, string? securityPatchDate, string lineage)
    {
        var result = NodeImageVersionParser.Parse(input);

        AssertRecognised(result, input, family, gallery, sku, osId, format, version, buildDate, patch, features, securityPatchDate, lineage);
    }

    [Theory]
    [InlineData("Ubuntu1604", "Ubuntu 16.04")]
    [InlineData("Ubuntu2604", "Ubuntu 26.04")]
    [InlineData("AzureLinux4", "Azure Linux 4.0")]
    [InlineData("Windows2028", "Windows Server 2028")]
    [InlineData("Flatcar", "Flatcar")]
    public void DescribeOsId_GivesAReadableName(string osId, string expected) =>
        Assert.Equal(expected, NodeImageVersionParser.DescribeOsId(osId));

    // Spellings that are not in the catalog but should still parse: case, whitespace, flag order, big patch numbers, suffix without SKU.
    [Theory]
    [InlineData("  AKSUbuntu-2204gen2containerd-202509.11.0\t", Fam.Ubuntu, "AKSUbuntu", "2204gen2containerd", "Ubuntu2204", Fmt.DatedBuild, "202509.11.0", "2025-09-11", 0, F.Gen2, null, "AKSUbuntu-2204gen2containerd")]
    [InlineData("aksubuntu-2204gen2containerd-202509.11.0", Fam.Ubuntu, "AKSUbuntu", "2204gen2containerd", "Ubuntu2204", Fmt.DatedBuild, "202509.11.0", "2025-09-11", 0, F.Gen2, null, "AKSUbuntu-2204gen2containerd")]
    [InlineData("AKSUbuntu-2204gen2containerd-202509.18.10", Fam.Ubuntu, "AKSUbuntu", "2204gen2containerd", "Ubuntu2204", Fmt.DatedBuild, "202509.18.10", "2025-09-18", 10, F.Gen2, null, "AKSUbuntu-2204gen2containerd")]
    [InlineData("AKSUbuntu-2204gen2containerd-202402.29.123", Fam.Ubuntu, "AKSUbuntu", "2204gen2containerd", "Ubuntu2204", Fmt.DatedBuild, "202402.29.123", "2024-02-29", 123, F.Gen2, null, "AKSUbuntu-2204gen2containerd")]
    [InlineData("AKSUbuntu-2604gen2containerd-202607.09.0", Fam.Ubuntu, "AKSUbuntu", "2604gen2containerd", "Ubuntu2604", Fmt.DatedBuild, "202607.09.0", "2026-07-09", 0, F.Gen2, null, "AKSUbuntu-2604gen2containerd")]
    [InlineData("AKSUbuntu-1804-2022.10.03-2022.11.01", Fam.Ubuntu, "AKSUbuntu", "1804", "Ubuntu1804", Fmt.LegacyDate, "2022.10.03", "2022-10-03", 0, F.None, "2022-11-01", "AKSUbuntu-1804")]
    [InlineData("AKSAzureLinux-V3gen2katafips-202601.07.0", Fam.AzureLinux, "AKSAzureLinux", "V3gen2katafips", "AzureLinux3", Fmt.DatedBuild, "202601.07.0", "2026-01-07", 0, F.Gen2 | F.Kata | F.Fips, null, "AKSAzureLinux-V3gen2katafips")]
    [InlineData("AKSAzureLinux-v3GEN2tl-202601.07.0", Fam.AzureLinux, "AKSAzureLinux", "v3GEN2tl", "AzureLinux3", Fmt.DatedBuild, "202601.07.0", "2026-01-07", 0, F.Gen2 | F.TrustedLaunch, null, "AKSAzureLinux-v3GEN2tl")]
    [InlineData("AKSAzureLinux-V4gen2-202612.01.0", Fam.AzureLinux, "AKSAzureLinux", "V4gen2", "AzureLinux4", Fmt.DatedBuild, "202612.01.0", "2026-12-01", 0, F.Gen2, null, "AKSAzureLinux-V4gen2")]
    [InlineData("AKSAzureContainerLinux-202606.01.0-2026.06.10", Fam.AzureContainerLinux, "AKSAzureContainerLinux", "", "AzureContainerLinux", Fmt.DatedBuild, "202606.01.0", "2026-06-01", 0, F.None, "2026-06-10", "AKSAzureContainerLinux")]
    [InlineData("AKSUbuntu:2204gen2containerd:202509.11.0:2025.09.20", Fam.Ubuntu, "AKSUbuntu", "2204gen2containerd", "Ubuntu2204", Fmt.DatedBuild, "202509.11.0", "2025-09-11", 0, F.Gen2, "2025-09-20", "AKSUbuntu-2204gen2containerd")]
    public void Parse_LenientSpelling_ReturnsFields(
        string input, Fam family, string gallery, string sku, string osId, Fmt format, string version,
        string buildDate, int patch, F features, string? securityPatchDate, string lineage)
    {
        var result = NodeImageVersionParser.Parse(input);

        AssertRecognised(result, input, family, gallery, sku, osId, format, version, buildDate, patch, features, securityPatchDate, lineage);
    }

    [Theory]
    [InlineData("AKSWindows-2022-containerd-20348.4529.251212", "2022-containerd", "Windows2022", 20348, 4529, "2025-12-12", F.None)]
    [InlineData("AKSWindows-2025-gen2-26100.7462.251212", "2025-gen2", "Windows2025", 26100, 7462, "2025-12-12", F.Gen2)]
    [InlineData("AKSWindows-2022-containerd-20348.2582.240610", "2022-containerd", "Windows2022", 20348, 2582, "2024-06-10", F.None)]
    [InlineData("AKSWindows-2022-containerd-20348.5386.260715", "2022-containerd", "Windows2022", 20348, 5386, "2026-07-15", F.None)]
    [InlineData("AKSWindows-2022-containerd-gen2-20348.5386.260715", "2022-containerd-gen2", "Windows2022", 20348, 5386, "2026-07-15", F.Gen2)]
    [InlineData("AKSWindows-2019-containerd-17763.7009.250311", "2019-containerd", "Windows2019", 17763, 7009, "2025-03-11", F.None)]
    [InlineData("AKSWindows-2019-17763.1935.210520", "2019", "Windows2019", 17763, 1935, "2021-05-20", F.None)]
    [InlineData("AKSWindows-23H2-25398.1611.250513", "23H2", "WindowsAnnual23H2", 25398, 1611, "2025-05-13", F.None)]
    [InlineData("AKSWindows-23H2-gen2-25398.2025.260415", "23H2-gen2", "WindowsAnnual23H2", 25398, 2025, "2026-04-15", F.Gen2)]
    // Only the name tells Gen2: AKSWindows-2025-… is the Gen1 lineage (real, karpenter-provider-azure's API capture).
    [InlineData("AKSWindows-2025-26100.4061.260610", "2025", "Windows2025", 26100, 4061, "2026-06-10", F.None)]
    [InlineData("AKSWindows-2025-26100.7462.251212", "2025", "Windows2025", 26100, 7462, "2025-12-12", F.None)]
    // Trusted Launch (AgentBaker definition windows-2025-gen2-tl).
    [InlineData("AKSWindows-2025-gen2-tl-26100.33438.260909", "2025-gen2-tl", "Windows2025", 26100, 33438, "2026-09-09", F.Gen2 | F.TrustedLaunch)]
    // The SKU wins over a mismatching build number.
    [InlineData("AKSWindows-2022-containerd-17763.7009.250311", "2022-containerd", "Windows2022", 17763, 7009, "2025-03-11", F.None)]
    // No OS in the SKU: the build number tells it.
    [InlineData("AKSWindows-containerd-20348.4529.251212", "containerd", "Windows2022", 20348, 4529, "2025-12-12", F.None)]
    [InlineData("AKSWindows-gen2-26100.7462.251212", "gen2", "Windows2025", 26100, 7462, "2025-12-12", F.Gen2)]
    [InlineData("AKSWindows:2022-containerd:20348.10000.260120", "2022-containerd", "Windows2022", 20348, 10000, "2026-01-20", F.None)]
    public void Parse_WindowsImageString_ReturnsFields(
        string input, string sku, string osId, int build, int revision, string buildDate, F features)
    {
        var result = NodeImageVersionParser.Parse(input);

        var version = input[(input.LastIndexOfAny(['-', ':']) + 1)..];
        AssertRecognised(result, input, Fam.Windows, "AKSWindows", sku, osId, Fmt.WindowsBuild, version, buildDate, 0, features, null, "AKSWindows-" + sku);
        Assert.Equal(build, result.WindowsBuild);
        Assert.Equal(revision, result.WindowsRevision);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("\t\r\n", "")]
    public void Parse_NullOrBlank_ReturnsUnrecognisedWithReason(string? input, string expectedRaw)
    {
        var result = NodeImageVersionParser.Parse(input);

        AssertUnrecognised(result, expectedRaw);
        Assert.Equal("No node image version reported.", result.UnrecognisedReason);
    }

    [Theory]
    [InlineData("latest", "'latest' is not a known AKS node image version.")]
    [InlineData("AKSFoo-x-202509.11.0", "unknown image gallery 'AKSFoo'")]
    [InlineData("Ubuntu-2204gen2containerd-202509.11.0", "is not a known AKS node image version")]
    [InlineData("AKSUbuntu 2204gen2containerd 202509.11.0", "is not a known AKS node image version")]
    [InlineData("AKSUbuntu", "has no version part")]
    [InlineData("AKSUbuntu-2204gen2containerd", "has no version part")]
    [InlineData("AKSUbuntu-2204gen2containerd-202509.11", "has no version part")]
    [InlineData("AKSUbuntu-2204gen2containerd-latest", "has no version part")]
    [InlineData("AKSUbuntu-2204gen2containerd-\uFF12\uFF10\uFF12\uFF15\uFF10\uFF19.11.0", "has no version part")]
    [InlineData("AKSUbuntu-202509.11.0", "has no image SKU")]
    [InlineData("AKSUbuntu--202509.11.0", "has an empty segment")]
    [InlineData("AKSUbuntu-2204gen2containerd-202509.11.0-", "has an empty segment")]
    [InlineData("AKSUbuntu-2204gen2containerd-2025.13.40", "not a valid AKSUbuntu image version")]
    [InlineData("AKSUbuntu-2204gen2containerd-202513.01.0", "not a valid AKSUbuntu image version")]
    [InlineData("AKSUbuntu-2204gen2containerd-202502.29.0", "not a valid AKSUbuntu image version")]
    [InlineData("AKSUbuntu-2204gen2containerd-000001.01.0", "not a valid AKSUbuntu image version")]
    [InlineData("AKSUbuntu-2204gen2containerd-999999.99.99999999999999", "not a valid AKSUbuntu image version")]
    [InlineData("AKSUbuntu-2204gen2containerd-202509.11.99999999999999", "out of range")]
    [InlineData("AKSUbuntu-2204gen2containerd-20348.4529.251212", "not a valid AKSUbuntu image version")]
    [InlineData("AKSUbuntu-2204gen2containerd-202410.27.0-2024.13.01", "SecurityPatch suffix '2024.13.01'")]
    [InlineData("AKSUbuntu-2204gen2foocontainerd-202509.11.0", "SKU '2204gen2foocontainerd'")]
    [InlineData("AKSUbuntu-2022containerd-202509.11.0", "'2022' is not an Ubuntu release")]
    [InlineData("AKSUbuntu-V3gen2-202509.11.0", "SKU 'V3gen2'")]
    [InlineData("AKSAzureLinux-2204gen2containerd-202509.11.0", "SKU '2204gen2containerd'")]
    [InlineData("AKSAzureLinux-V3gen2gen2-202512.18.0", "unknown or repeated")]
    [InlineData("AKSAzureLinux-V3\u212Aatagen2-202512.18.0", "unknown or repeated")]
    [InlineData("AKSAzureLinux-OSGuardV2gen2-202512.18.0", "OS Guard")]
    [InlineData("AKSAzureLinux-V0-202512.18.0", "V0")]
    [InlineData("AKSFlatcar-flatcargen2fips-202512.18.0", "SKU 'flatcargen2fips'")]
    [InlineData("AKSAzureContainerLinux-gen2tlgen2-202606.01.0", "unknown or repeated")]
    [InlineData("AKSWindows-2016-14393.1.250101", "SKU '2016'")]
    [InlineData("AKSWindows-2022-containerd-202509.11.0", "not a valid AKSWindows image version")]
    [InlineData("AKSWindows-2022-containerd-20348.4529.251313", "not a valid AKSWindows image version")]
    [InlineData("AKSWindows-2022-containerd-99999999999.4529.251212", "out of range")]
    [InlineData("AKSWindows-2022-containerd-20348.4529.251212-2024.12.01", "Windows images do not use")]
    public void Parse_Garbage_ReturnsUnrecognisedWithReason(string input, string expectedReasonPart)
    {
        var result = NodeImageVersionParser.Parse(input);

        AssertUnrecognised(result, input.Trim());
        Assert.Contains(expectedReasonPart, result.UnrecognisedReason, StringComparison.Ordinal);
    }

    public static TheoryData<string> HugeOrOddInputs => new()
    {
        new string('9', 100_000),
        "AKSUbuntu-" + new string('-', 10_000),
        "AKSUbuntu-2204gen2containerd-" + new string('1', 5_000) + ".1.1",
        "AKSAzureLinux-V3" + string.Concat(Enumerable.Repeat("gen2", 50)) + "-202512.18.0",
        "AKSUbuntu-" + string.Concat(Enumerable.Repeat("2204", 55)) + "-202509.11.0",
        "AKSWindows-2022-containerd-" + string.Concat(Enumerable.Repeat("1.", 100)) + "251212",
        "\0AKSUbuntu-2204gen2containerd-202509.11.0",
        "AKSUbuntu-2204gen2containerd-202509.11.0\uD800",
        "-",
        ":::",
        "...",
    };

    [Theory]
    [MemberData(nameof(HugeOrOddInputs))]
    public void Parse_HugeOrOddInput_ReturnsUnrecognisedWithShortReason(string input)
    {
        var result = NodeImageVersionParser.Parse(input);

        AssertUnrecognised(result, input.Trim());
        Assert.InRange(result.UnrecognisedReason!.Length, 1, 300);
    }

    [Theory]
    // Double-digit patch: string comparison would get this wrong.
    [InlineData("AKSUbuntu-2204gen2containerd-202509.18.10", "AKSUbuntu-2204gen2containerd-202509.18.9", 1)]
    [InlineData("AKSUbuntu-2204gen2containerd-202509.11.0", "AKSUbuntu-2204gen2containerd-202509.18.0", -1)]
    [InlineData("AKSUbuntu-2204gen2containerd-202509.11.0", "AKSUbuntu-2204gen2containerd-202509.11.0", 0)]
    [InlineData("AKSUbuntu-2204gen2containerd-202509.11.5", "AKSUbuntu-2204gen2containerd-202509.18.0", -1)]
    [InlineData("AKSUbuntu-2204gen2containerd-202512.18.0", "AKSUbuntu-2204gen2containerd-202601.07.0", -1)]
    [InlineData("AKSUbuntu-2204gen2containerd-202603.18.1", "AKSUbuntu-2204gen2containerd-202603.18.0", 1)]
    // Only the version is compared, not the SKU.
    [InlineData("AKSUbuntu-2404gen2containerd-202509.11.0", "AKSUbuntu-2204gen2containerd-202509.18.0", -1)]
    // Legacy YYYY.MM.DD against YYYYMM.DD.patch.
    [InlineData("AKSCBLMariner-V2-2023.03.06", "AKSCBLMariner-V2-202303.13.0", -1)]
    [InlineData("AKSCBLMariner-V2-2023.03.06", "AKSCBLMariner-V2-202303.06.0", 0)]
    [InlineData("AKSCBLMariner-V2-202303.06.1", "AKSCBLMariner-V2-2023.03.06", 1)]
    [InlineData("AKSUbuntu-1804-2022.10.03", "AKSUbuntu-1804-2021.11.06", 1)]
    [InlineData("AKSUbuntu:1604:2020.03.11", "AKSUbuntu-1604-2020.03.11", 0)]
    // Windows: build, then UBR, then date.
    [InlineData("AKSWindows-2022-containerd-20348.4529.251212", "AKSWindows-2022-containerd-20348.2582.240610", 1)]
    [InlineData("AKSWindows-2022-containerd-20348.10000.251212", "AKSWindows-2022-containerd-20348.9999.251212", 1)]
    [InlineData("AKSWindows-2019-containerd-17763.9999.251212", "AKSWindows-2022-containerd-20348.1.240610", -1)]
    [InlineData("AKSWindows-2022-containerd-20348.4529.251212", "AKSWindows-2022-containerd-20348.4529.251213", -1)]
    [InlineData("AKSWindows-2025-gen2-26100.7462.251212", "AKSWindows-2025-26100.7462.251212", 0)]
    // SecurityPatch date breaks ties; a base image without one is older.
    [InlineData("AKSUbuntu-2204gen2containerd-202410.27.0", "AKSUbuntu-2204gen2containerd-202410.27.0-2024.12.01", -1)]
    [InlineData("AKSUbuntu-2204gen2containerd-202410.27.0-2024.12.15", "AKSUbuntu-2204gen2containerd-202410.27.0-2024.12.01", 1)]
    [InlineData("AKSUbuntu-2204gen2containerd-202410.27.0-2024.12.01", "AKSUbuntu-2204gen2containerd-202410.27.0-2024.12.01", 0)]
    // The build date still wins over a later security patch.
    [InlineData("AKSUbuntu-2204gen2containerd-202410.27.0-2025.01.15", "AKSUbuntu-2204gen2containerd-202411.05.0", -1)]
    public void CompareVersions_TwoVersions_OrdersNumerically(string a, string b, int expected)
    {
        var left = NodeImageVersionParser.Parse(a);
        var right = NodeImageVersionParser.Parse(b);

        Assert.Equal(expected, NodeImageVersionParser.CompareVersions(left, right));
        Assert.Equal(-expected, NodeImageVersionParser.CompareVersions(right, left));
    }

    [Theory]
    [InlineData("AKSUbuntu-2204gen2containerd-202512.18.0", "AKSAzureLinux-V3gen2-202512.18.0")]
    [InlineData("AKSCBLMariner-V2gen2-202512.18.0", "AKSAzureLinux-V2gen2-202512.18.0")]
    [InlineData("AKSUbuntu-2204containerd-202509.11.0", "AKSUbuntuEdgeZone-2204containerd-202509.11.0")]
    [InlineData("AKSUbuntu-2204gen2containerd-202512.18.0", "AKSWindows-2022-containerd-20348.4529.251212")]
    [InlineData("AKSUbuntu-2204gen2containerd-202509.11.0", "latest")]
    [InlineData("AKSUbuntu-2204gen2containerd-202509.11.0", "AKSUbuntu-2204gen2containerd-202513.01.0")]
    [InlineData("AKSFoo-x-202509.11.0", "AKSFoo-x-202509.11.0")]
    [InlineData("", "AKSWindows-2022-containerd-20348.4529.251212")]
    public void CompareVersions_UnrecognisedOrDifferentFamily_ReturnsNull(string a, string b)
    {
        var left = NodeImageVersionParser.Parse(a);
        var right = NodeImageVersionParser.Parse(b);

        Assert.Null(NodeImageVersionParser.CompareVersions(left, right));
        Assert.Null(NodeImageVersionParser.CompareVersions(right, left));
    }

    private static void AssertRecognised(
        NodeImageVersion result, string input, Fam family, string gallery, string sku, string osId, Fmt format,
        string version, string buildDate, int patch, F features, string? securityPatchDate, string lineage)
    {
        Assert.True(result.IsRecognised, result.UnrecognisedReason);
        Assert.Null(result.UnrecognisedReason);
        Assert.Equal(input.Trim(), result.Raw);
        Assert.Equal(family, result.Family);
        Assert.Equal(gallery, result.Gallery);
        Assert.Equal(sku, result.Sku);
        Assert.Equal(osId, result.OsId);
        Assert.Equal(format, result.Format);
        Assert.Equal(version, result.Version);
        Assert.Equal(Date(buildDate), result.BuildDate);
        Assert.Equal(patch, result.Patch);
        Assert.Equal(features, result.Features);
        Assert.Equal(securityPatchDate is null ? null : Date(securityPatchDate), result.SecurityPatchDate);
        Assert.Equal(lineage, result.Lineage);
    }

    private static void AssertUnrecognised(NodeImageVersion result, string expectedRaw)
    {
        Assert.False(result.IsRecognised);
        Assert.Equal(NodeImageVersionFormat.Unrecognised, result.Format);
        Assert.Equal(expectedRaw, result.Raw);
        Assert.False(string.IsNullOrWhiteSpace(result.UnrecognisedReason));
        Assert.Equal(NodeImageFamily.Unknown, result.Family);
        Assert.Equal("", result.Gallery);
        Assert.Equal("", result.Sku);
        Assert.Null(result.OsId);
        Assert.Null(result.BuildDate);
        Assert.Null(result.SecurityPatchDate);
        Assert.Equal(F.None, result.Features);
        Assert.Equal("", result.Lineage);
    }

    private static DateOnly Date(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
