using AksUpgradeDashboard.Model;
using S = AksUpgradeDashboard.Model.KubernetesSupportStatus;

namespace AksUpgradeDashboard.Tests.Model;

public class KubernetesSupportTests
{
    // One region in the shape of the azure-rest-api-specs example (KubernetesVersions_List.json): minors with support plans,
    // a preview, patches with the versions each can reach.
    private static readonly KubernetesSupportIndex s_index = new(
    [
        Minor("1.31", ["AKSLongTermSupport"], ("1.31.9", ["1.31.13", "1.32.9"]), ("1.31.13", ["1.32.9"])),
        Minor("1.32", ["AKSLongTermSupport"], ("1.32.7", ["1.33.5", "1.32.9"]), ("1.32.9", ["1.33.5"])),
        Minor("1.34", ["KubernetesOfficial", "AKSLongTermSupport"], ("1.34.2", ["1.35.1", "1.34.3"]), ("1.34.3", ["1.35.1"])),
        Minor("1.35", ["KubernetesOfficial", "AKSLongTermSupport"], ("1.35.1", ["1.36.1"])),
        Minor("1.36", ["KubernetesOfficial"], ("1.36.1", [])),
        Minor("1.37", ["KubernetesOfficial"], preview: true, patches: ("1.37.0", [])),
        Minor("1.29", [], ("1.29.4", ["1.30.0"])),
    ]);

    public static TheoryData<string, string?, string?, S, string, string[]> Cases => new()
    {
        // location, version, cluster's support plan, status, reason fragment, upgrades (oldest first)
        { "westeurope", "1.34.2", "KubernetesOfficial", S.Supported, "Kubernetes 1.34 is supported.", ["1.34.3", "1.35.1"] },
        { "westeurope", "1.34.2", null, S.Supported, "is supported", ["1.34.3", "1.35.1"] },
        { "West Europe", "1.35.1", "AKSLongTermSupport", S.Supported, "is supported", ["1.36.1"] },
        { "westeurope", "1.37.0", "KubernetesOfficial", S.Preview, "preview", [] },
        { "westeurope", "1.31.9", "AKSLongTermSupport", S.LtsOnly, "only under Long Term Support, which this cluster has", ["1.31.13", "1.32.9"] },
        { "westeurope", "1.32.7", "KubernetesOfficial", S.OutOfSupport, "this cluster is on KubernetesOfficial", ["1.32.9", "1.33.5"] },
        { "westeurope", "1.32.7", null, S.OutOfSupport, "this cluster is on KubernetesOfficial", ["1.32.9", "1.33.5"] },
        { "westeurope", "1.33.5", "AKSLongTermSupport", S.OutOfSupport, "AKS no longer lists it in westeurope. The oldest version offered there is 1.29.", ["1.34.2", "1.34.3"] },
        { "westeurope", "1.30.14", "AKSLongTermSupport", S.OutOfSupport, "out of support", ["1.31.9", "1.31.13"] },
        { "westeurope", "1.38.0", "KubernetesOfficial", S.Unknown, "newer than every version", [] },
        { "westeurope", "1.27.3", "KubernetesOfficial", S.OutOfSupport, "out of support", ["1.29.4"] },
        { "westeurope", "1.34", "KubernetesOfficial", S.Supported, "is supported", ["1.34.2", "1.34.3", "1.35.1"] },
        { "westeurope", "1.34.1", "KubernetesOfficial", S.Supported, "is supported", ["1.34.2", "1.34.3", "1.35.1"] },
        { "westeurope", "1.29.4", "KubernetesOfficial", S.Supported, "is supported", ["1.30.0"] },
        { "westeurope", null, "KubernetesOfficial", S.Unknown, "No Kubernetes version is reported.", [] },
        { "westeurope", "latest", "KubernetesOfficial", S.Unknown, "'latest' is not a Kubernetes version.", [] },
        { "israelcentral", "1.34.2", "KubernetesOfficial", S.Unknown, "The Kubernetes versions offered in israelcentral were not read.", [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Assess_VersionInRegion_GivesStatusReasonAndUpgrades(string location, string? version, string? plan, S expected, string reason, string[] upgrades)
    {
        var support = s_index.Assess(location, version, plan);

        Assert.Equal(expected, support.Status);
        Assert.Contains(reason, support.Reason, StringComparison.Ordinal);
        Assert.Equal(upgrades, support.Upgrades);
    }

    [Fact]
    public void Assess_EmptyIndex_Unknown()
    {
        Assert.Equal(S.Unknown, KubernetesSupportIndex.Empty.Assess("westeurope", "1.34.2", null).Status);
    }

    private static KubernetesMinorRelease Minor(string version, string[] plans, params (string Patch, string[] Upgrades)[] patches) =>
        Minor(version, plans, preview: false, patches);

    private static KubernetesMinorRelease Minor(string version, string[] plans, bool preview, params (string Patch, string[] Upgrades)[] patches) =>
        new("westeurope", version, preview, false, [.. plans], [.. patches.Select(p => new KubernetesPatchRelease(p.Patch, [.. p.Upgrades]))]);
}
