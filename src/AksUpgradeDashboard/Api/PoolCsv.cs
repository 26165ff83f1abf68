using System.Globalization;
using AksUpgradeDashboard.Model;
using CsvHelper;
using CsvHelper.Configuration;

namespace AksUpgradeDashboard.Api;

/// <summary>Writes pools as CSV with the API's columns (CsvHelper: quoting, and escaping of spreadsheet formulas).</summary>
public static class PoolCsv
{
    private static readonly CsvConfiguration s_configuration = new(CultureInfo.InvariantCulture)
    {
        // A cell starting with = + - @ would run as a formula in Excel; pool names and tags are user-controlled.
        InjectionOptions = InjectionOptions.Escape,
    };

    public static async Task WriteAsync(Stream stream, IEnumerable<PoolViewModel> pools, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, leaveOpen: true);
        await using var csv = new CsvWriter(writer, s_configuration);
        csv.Context.TypeConverterOptionsCache.GetOptions<DateOnly>().Formats = ["yyyy-MM-dd"];
        csv.Context.TypeConverterOptionsCache.GetOptions<DateOnly?>().Formats = ["yyyy-MM-dd"];
        csv.Context.RegisterClassMap<CamelCaseMap>();
        await csv.WriteRecordsAsync(pools.Select(PoolResponse.From), cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The same camelCase column names as the JSON API, so scripts can switch between the two.</summary>
    private sealed class CamelCaseMap : ClassMap<PoolResponse>
    {
        public CamelCaseMap()
        {
            AutoMap(CultureInfo.InvariantCulture);
            foreach (var member in MemberMaps)
            {
                var name = member.Data.Member!.Name;
                member.Name(char.ToLowerInvariant(name[0]) + name[1..]);
            }
        }
    }
}
