using AksUpgradeDashboard.Components.Controls;
using AksUpgradeDashboard.Components.Pages;
using AngleSharp.Dom;
using Bunit;

namespace AksUpgradeDashboard.Components.Tests.Pages;

public class OsLifecycleTests : DashboardTestContext
{
    [Fact]
    public async Task OsLifecycle_Catalog_ListsEveryOsVersionOnce()
    {
        // Arrange
        await LoadStoreAsync();

        // Act
        var cut = Render<OsLifecycle>();

        // Assert
        var ids = Rows(cut).Select(r => r.QuerySelector("td:first-child .mono")!.TextContent.Trim()).ToList();
        Assert.Equal(Catalog.OsVersions.Keys.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Ubuntu2204", "Ubuntu 22.04", "2027-06-30")]
    [InlineData("Ubuntu1804", "Ubuntu 18.04", "2025-06-17")]
    [InlineData("AzureLinux2", "Azure Linux 2.0", "2025-11-30")]
    [InlineData("Windows2022", "Windows Server 2022", "2028-06-30")]
    [InlineData("CBLMariner1", "CBL-Mariner 1.0", "ended")]
    [InlineData("Ubuntu2404", "Ubuntu 24.04", "not announced")]
    public async Task EndOfSupport_KnownOs_ShowsDate(string id, string displayName, string endOfSupport)
    {
        // Arrange
        await LoadStoreAsync();

        // Act
        var cut = Render<OsLifecycle>();

        // Assert
        var cells = RowOf(cut, id).QuerySelectorAll("td");
        Assert.Equal(displayName, cells[0].QuerySelector("strong")!.TextContent.Trim());
        Assert.Equal(endOfSupport, cells[2].TextContent.Trim());
    }

    // Issue 18: "Move every Ubuntu 22.04 pool" opens the rollout planner for that OS, the catalog's way.
    [Fact]
    public async Task MoveEveryPool_OperatorOnAnOsWithASuccessorAndPools_LinksToTheRolloutPlanner()
    {
        await LoadStoreAsync();

        var cut = Render<OsLifecycle>();

        var link = RowOf(cut, "Ubuntu2204").QuerySelector("[data-testid='os-rollout']");
        Assert.NotNull(link);
        Assert.Equal("Move every Ubuntu 22.04 pool", link.TextContent.Trim());
        Assert.Equal("/rollouts/new?os=Ubuntu%2022.04&kind=OsSkuChange&target=Ubuntu2404", link.GetAttribute("href"));
        Assert.Null(RowOf(cut, "Ubuntu2404").QuerySelector("[data-testid='os-rollout']"));
    }

    [Fact]
    public async Task PoolCounts_SampleFleet_LinkToPoolsGridFilteredByOs()
    {
        // Arrange
        var fleet = await LoadStoreAsync();

        // Act
        var cut = Render<OsLifecycle>();

        // Assert
        var linked = 0;
        foreach (var os in Catalog.OsVersions.Values)
        {
            var expected = fleet.Pools.Count(p => string.Equals(p.Assessment.Os?.Id, os.Id, StringComparison.OrdinalIgnoreCase));
            var cell = RowOf(cut, os.Id).QuerySelectorAll("td")[5];
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), cell.TextContent.Trim());
            var link = cell.QuerySelector("a");
            if (expected == 0)
            {
                Assert.Null(link);
                continue;
            }

            linked += expected;
            Assert.NotNull(link);
            Assert.Equal(PoolLinks.WithOs(os.DisplayName), link.GetAttribute("href"));
        }

        Assert.Equal(fleet.Pools.Count(p => p.Assessment.Os is not null), linked);
        Assert.Equal("/pools?os=Ubuntu%2022.04", RowOf(cut, "Ubuntu2204").QuerySelectorAll("td")[5].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task PoolCounts_StoreLoadsAfterRender_UpdateByThemselves()
    {
        // Arrange
        var cut = Render<OsLifecycle>();
        Assert.Empty(cut.FindAll("[data-testid='os-lifecycle'] td a[href^='/pools']"));

        // Act
        var fleet = await LoadStoreAsync();

        // Assert
        var ubuntu2204 = fleet.Pools.Count(p => p.Assessment.Os?.Id == "Ubuntu2204");
        Assert.True(ubuntu2204 > 0);
        cut.WaitForAssertion(() => Assert.Equal(
            ubuntu2204.ToString(System.Globalization.CultureInfo.InvariantCulture),
            RowOf(cut, "Ubuntu2204").QuerySelectorAll("td")[5].TextContent.Trim()));
    }

    private static List<IElement> Rows(IRenderedComponent<OsLifecycle> cut) =>
        [.. cut.FindAll("[data-testid='os-lifecycle'] tbody tr")];

    private static IElement RowOf(IRenderedComponent<OsLifecycle> cut, string id) =>
        Assert.Single(Rows(cut), r => r.QuerySelector("td:first-child .mono")!.TextContent.Trim() == id);

    [Theory]
    [InlineData("2027-03-10T12:00:00Z", true, true)]
    [InlineData("2027-03-10T12:00:00Z", false, false)]
    [InlineData("2026-12-05T12:00:00Z", true, false)]
    public async Task StaleCatalog_AdminsSeeWhichFactsToCheck(string now, bool admin, bool shown)
    {
        // Arrange
        Time.SetUtcNow(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        if (admin)
        {
            Authorization.SetPolicies(AksUpgradeDashboard.Authentication.DashboardPolicies.Read, AksUpgradeDashboard.Authentication.DashboardPolicies.Administer);
        }

        await LoadStoreAsync();

        // Act
        var cut = Render<OsLifecycle>();

        // Assert
        var notices = cut.FindAll("[data-testid='catalog-stale']");
        Assert.Equal(shown, notices.Count == 1);
        if (shown)
        {
            Assert.Contains("dated 2026-12-05, more than 90 days ago", notices[0].TextContent, StringComparison.Ordinal);
            var facts = cut.FindAll("[data-testid='catalog-fact-to-check']").Select(f => f.TextContent).ToList();
            Assert.NotEmpty(facts);
            Assert.Contains(facts, f => f.Contains("OsCatalog:OsVersions:Ubuntu2204", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Ubuntu2604_IsMarkedAsAPreview()
    {
        await LoadStoreAsync();

        var cut = Render<OsLifecycle>();

        Assert.Contains("preview", RowOf(cut, "Ubuntu2604").QuerySelector("td")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("preview", RowOf(cut, "Ubuntu2404").QuerySelector("td")!.TextContent, StringComparison.Ordinal);
    }
}
