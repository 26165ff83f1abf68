using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Compliance;

namespace AksUpgradeDashboard.Tests.Model.Compliance;

public class CompliancePolicyTests
{
    [Theory]
    [InlineData(PoolStatus.Current, 0, 30, false, ComplianceOutcome.Compliant)]
    [InlineData(PoolStatus.Behind, 30, 30, false, ComplianceOutcome.Compliant)]
    [InlineData(PoolStatus.Behind, 31, 30, false, ComplianceOutcome.NonCompliant)]
    [InlineData(PoolStatus.Behind, 8, 7, false, ComplianceOutcome.NonCompliant)]
    [InlineData(PoolStatus.Behind, 1, 0, false, ComplianceOutcome.NonCompliant)]
    [InlineData(PoolStatus.Retiring, 0, 30, false, ComplianceOutcome.NonCompliant)]
    [InlineData(PoolStatus.Retiring, 0, 30, true, ComplianceOutcome.Compliant)]
    [InlineData(PoolStatus.Retiring, 45, 30, true, ComplianceOutcome.NonCompliant)]
    [InlineData(PoolStatus.Unsupported, 0, 30, true, ComplianceOutcome.NonCompliant)]
    [InlineData(PoolStatus.Unknown, null, 30, false, ComplianceOutcome.Unknown)]
    [InlineData(PoolStatus.Current, null, 30, false, ComplianceOutcome.Unknown)]
    public void Evaluate_StatusAndImageLag_Outcome(PoolStatus status, int? daysBehind, int maxDays, bool retiringIsCompliant, ComplianceOutcome expected)
    {
        var policy = new CompliancePolicy(maxDays, retiringIsCompliant);

        var result = policy.Evaluate(CompliancePools.Pool(status, daysBehind));

        Assert.Equal(expected, result.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Theory]
    [InlineData(KubernetesSupportStatus.Supported, true, ComplianceOutcome.Compliant)]
    [InlineData(KubernetesSupportStatus.LtsOnly, true, ComplianceOutcome.Compliant)]
    [InlineData(KubernetesSupportStatus.Unknown, true, ComplianceOutcome.Compliant)]
    [InlineData(KubernetesSupportStatus.OutOfSupport, true, ComplianceOutcome.NonCompliant)]
    [InlineData(KubernetesSupportStatus.Preview, true, ComplianceOutcome.NonCompliant)]
    [InlineData(KubernetesSupportStatus.OutOfSupport, false, ComplianceOutcome.Compliant)]
    [InlineData(KubernetesSupportStatus.Preview, false, ComplianceOutcome.Compliant)]
    public void Evaluate_KubernetesSupport_CountsWhenThePolicySaysSo(KubernetesSupportStatus support, bool mustBeSupported, ComplianceOutcome expected)
    {
        var pool = CompliancePools.Pool(PoolStatus.Current, 0);
        pool = pool with { Assessment = pool.Assessment with { KubernetesSupport = new KubernetesSupport(support, $"Kubernetes is {support}.", []) } };

        var result = new CompliancePolicy(30, RetiringIsCompliant: false, KubernetesMustBeSupported: mustBeSupported).Evaluate(pool);

        Assert.Equal(expected, result.Outcome);
        if (expected == ComplianceOutcome.NonCompliant)
        {
            Assert.Equal($"Kubernetes is {support}.", result.Reason);
        }
    }

    [Fact]
    public void Evaluate_ImageTooFarBehind_ReasonNamesDaysAndLimit()
    {
        var result = new CompliancePolicy(14).Evaluate(CompliancePools.Pool(PoolStatus.Behind, 21));

        Assert.Equal("Node image is 21 days behind the latest; the policy allows 14.", result.Reason);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(365, true)]
    [InlineData(366, false)]
    public void Validate_MaxDaysBehindLatest_Range(int maxDays, bool valid)
    {
        var errors = new CompliancePolicy(maxDays).Validate();

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.Equal("maxDaysBehindLatest", e.Field));
    }

    [Fact]
    public void Description_DefaultPolicy_StatesTheRule()
    {
        Assert.Equal(
            "A pool is compliant when its node image is at most 30 days behind the latest image for its region and image SKU, its OS is neither retiring nor past end of support, and its Kubernetes version is supported by AKS (under the cluster's support plan; previews do not count). Pools that cannot be assessed count as not compliant.",
            CompliancePolicy.Default.Description);
    }
}
