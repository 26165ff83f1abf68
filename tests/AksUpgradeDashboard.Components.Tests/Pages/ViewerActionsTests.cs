using AksUpgradeDashboard.Components.Pages;
using Bunit;

namespace AksUpgradeDashboard.Components.Tests.Pages;

/// <summary>
/// Issue 16: viewers saw actions they cannot take (Plan buttons and links that end in "Your roles do not include…").
/// A person sees only what their roles allow; an operator still sees every one.
/// </summary>
public class ViewerActionsTests : DashboardTestContext
{
    private const string Subscription = "6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Pages_PlanActions_OnlyForOperators(bool viewer)
    {
        await LoadStoreAsync();
        if (viewer)
        {
            SignInAsViewer();
        }

        Navigation.NavigateTo("/windows");
        var windows = Render<UpgradeWindows>();
        Navigation.NavigateTo("/pools");
        var pools = Render<NodePools>();
        var cluster = Render<ClusterDetail>(p => p.Add(c => c.SubscriptionId, Subscription).Add(c => c.ResourceGroup, "rg-orders-prod").Add(c => c.Name, "aks-orders-prod-uks"));
        Navigation.NavigateTo("/compliance");
        var scorecard = Render<Scorecard>();

        cluster.WaitForAssertion(() => Assert.NotEmpty(cluster.FindAll("h1")));
        pools.WaitForAssertion(() => Assert.NotEmpty(pools.FindAll("[data-testid='pool-count']")));
        scorecard.WaitForAssertion(() => Assert.NotEmpty(scorecard.FindAll("[data-testid='compliance-percent']")));
        var planLinks = new[] { windows.Markup, pools.Markup, cluster.Markup, scorecard.Markup }
            .Sum(markup => System.Text.RegularExpressions.Regex.Count(markup, "href=\"/windows/new"));
        Assert.Equal(!viewer, windows.FindAll("[data-testid='plan-new']").Count == 1);
        Assert.Equal(!viewer, pools.FindAll("[data-testid='plan-selected']").Count == 1);
        Assert.Equal(!viewer, cluster.FindAll("[data-testid='plan-cluster-upgrade']").Count == 1);
        Assert.Equal(viewer, planLinks == 0);
    }
}
