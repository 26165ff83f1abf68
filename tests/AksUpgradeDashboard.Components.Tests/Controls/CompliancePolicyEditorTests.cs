using AksUpgradeDashboard.Compliance;
using AksUpgradeDashboard.Components.Controls;
using AksUpgradeDashboard.Model.Compliance;
using AksUpgradeDashboard.Model.Windows;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AksUpgradeDashboard.Components.Tests.Controls;

public class CompliancePolicyEditorTests : DashboardTestContext
{
    [Fact]
    public async Task Save_NewValues_StoredWithWhoAndShown()
    {
        // Arrange
        var cut = Render<CompliancePolicyEditor>();
        cut.WaitForAssertion(() => Assert.Contains("From configuration", cut.Find("[data-testid='policy-source']").TextContent, StringComparison.Ordinal));

        // Act
        cut.Find("input[data-testid='policy-max-days'], [data-testid='policy-max-days'] input").Change("14");
        cut.Find("input[data-testid='policy-retiring'], [data-testid='policy-retiring'] input").Change(true);
        cut.Find("[data-testid='policy-save']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Saved by paul@contoso.example", cut.Find("[data-testid='policy-source']").TextContent, StringComparison.Ordinal));
        await using var scope = Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CompliancePolicyService>().GetAsync(Cancellation);
        Assert.Equal(new CompliancePolicy(14, RetiringIsCompliant: true), stored.Policy);
        Assert.Contains("at most 14 days", cut.Find("[data-testid='policy-preview']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_AnotherAdminSavedMeanwhile_ConflictShownTheirsKept()
    {
        // Arrange: the page is open; Ada saves a policy from elsewhere.
        var cut = Render<CompliancePolicyEditor>();
        cut.WaitForAssertion(() => cut.Find("[data-testid='policy-save']"));
        await using (var scope = Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<CompliancePolicyService>().SaveAsync(new CompliancePolicy(5), null, new Actor("ada@contoso.example", "ada@contoso.example"), Cancellation)).Succeeded);
        }

        // Act
        cut.Find("input[data-testid='policy-max-days'], [data-testid='policy-max-days'] input").Change("60");
        cut.Find("[data-testid='policy-save']").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Another admin changed the policy", cut.Find("[data-testid='policy-conflict']").TextContent, StringComparison.Ordinal));
        await using var check = Services.CreateAsyncScope();
        Assert.Equal(5, (await check.ServiceProvider.GetRequiredService<CompliancePolicyService>().GetAsync(Cancellation)).Policy.MaxDaysBehindLatest);
        Assert.Contains("Saved by ada@contoso.example", cut.Find("[data-testid='policy-source']").TextContent, StringComparison.Ordinal);
    }
}
