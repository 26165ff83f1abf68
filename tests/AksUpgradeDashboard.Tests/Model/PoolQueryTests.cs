using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Tests.Shared;
using Microsoft.AspNetCore.WebUtilities;

namespace AksUpgradeDashboard.Tests.Model;

public class PoolQueryTests
{
    [Theory]
    [InlineData("", 81)]
    [InlineData("?status=Unsupported", 11)]
    [InlineData("?status=Unsupported&status=Retiring", 15)]
    [InlineData("?status=unsupported,retiring", 15)]
    [InlineData("?q=aks-payments-prod", 7)]
    [InlineData("?q=team%3Dretail", 16)]
    [InlineData("?os=Windows%20Server%202019", 3)]
    [InlineData("?location=westeurope&status=Current", 10)]
    [InlineData("?subscription=Fabrikam%20Retail", 19)]
    [InlineData("?subscription=d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f43", 19)]
    [InlineData("?major=true&os=Ubuntu%2022.04", 25)]
    [InlineData("?q=no-such-thing", 0)]
    public async Task Apply_QueryString_FiltersPools(string queryString, int expected)
    {
        var fleet = await TestFleet.SampleAsync();
        var query = PoolQueryString.Parse(QueryHelpers.ParseQuery(queryString), out var errors);

        var result = query.Apply(fleet.Pools).ToList();

        Assert.Empty(errors);
        Assert.Equal(expected, result.Count);
        Assert.All(result, p => Assert.True(query.Matches(p)));
    }

    [Fact]
    public async Task Apply_DefaultSort_PutsMostUrgentFirstAndIsStable()
    {
        var fleet = await TestFleet.SampleAsync();

        var first = new PoolQuery().Apply(fleet.Pools).ToList();
        var second = new PoolQuery().Apply(fleet.Pools.Reverse()).ToList();

        Assert.Equal(PoolStatus.Unsupported, first[0].Status);
        Assert.Equal(PoolStatus.Current, first[^1].Status);
        Assert.Equal(first.Select(p => p.Id), second.Select(p => p.Id));
    }

    [Theory]
    [InlineData(PoolSortColumn.ImageAge, true)]
    [InlineData(PoolSortColumn.ImageAge, false)]
    [InlineData(PoolSortColumn.Cluster, false)]
    public async Task Apply_SortColumn_OrdersRows(PoolSortColumn column, bool descending)
    {
        var fleet = await TestFleet.SampleAsync();

        var rows = new PoolQuery { SortBy = column, Descending = descending }.Apply(fleet.Pools).ToList();

        // Unknown ages come last whichever way the column sorts (issue 16): the known ones are in order before them.
        var keys = column == PoolSortColumn.ImageAge
            ? rows.TakeWhile(r => r.ImageAgeDays is not null).Select(r => (IComparable)r.ImageAgeDays!.Value).ToList()
            : rows.Select(r => (IComparable)r.ClusterName.ToUpperInvariant()).ToList();
        if (column == PoolSortColumn.ImageAge)
        {
            Assert.Contains(rows, r => r.ImageAgeDays is null);
            Assert.All(rows.SkipWhile(r => r.ImageAgeDays is not null), r => Assert.Null(r.ImageAgeDays));
        }

        for (var i = 1; i < keys.Count; i++)
        {
            var order = keys[i - 1].CompareTo(keys[i]);
            Assert.True(descending ? order >= 0 : order <= 0, $"row {i} out of order");
        }
    }

    [Fact]
    public void FormatAndParse_FullQuery_RoundTrips()
    {
        var query = new PoolQuery
        {
            Search = "payments & co",
            Subscriptions = ["Contoso Production"],
            Locations = ["westeurope", "northeurope"],
            OsVersions = ["Ubuntu 22.04"],
            Statuses = [PoolStatus.Behind, PoolStatus.Retiring],
            MajorUpgradeOnly = true,
            SortBy = PoolSortColumn.ImageAge,
            Descending = false,
        };

        var text = PoolQueryString.Format(query);
        var parsed = PoolQueryString.Parse(QueryHelpers.ParseQuery(text), out var errors);

        Assert.Empty(errors);
        Assert.Equal(query.Search, parsed.Search);
        Assert.Equal(query.Subscriptions, parsed.Subscriptions);
        Assert.Equal(query.Locations, parsed.Locations);
        Assert.Equal(query.OsVersions, parsed.OsVersions);
        Assert.Equal(query.Statuses, parsed.Statuses);
        Assert.True(parsed.MajorUpgradeOnly);
        Assert.Equal(PoolSortColumn.ImageAge, parsed.SortBy);
        Assert.False(parsed.Descending);
    }

    [Fact]
    public void Format_DefaultQuery_IsEmpty() => Assert.Equal("", PoolQueryString.Format(new PoolQuery()));

    [Theory]
    [InlineData("?status=Broken", "status 'Broken' is not one of Current, Behind, Retiring, Unsupported, Unknown.")]
    [InlineData("?status=7", "status '7' is not one of Current, Behind, Retiring, Unsupported, Unknown.")]
    [InlineData("?sort=Colour", "sort 'Colour' is not one of")]
    [InlineData("?desc=maybe", "desc 'maybe' must be true or false.")]
    [InlineData("?major=yes", "major 'yes' must be true or false.")]
    public void Parse_BadValue_NamesTheParameter(string queryString, string expected)
    {
        PoolQueryString.Parse(QueryHelpers.ParseQuery(queryString), out var errors);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
