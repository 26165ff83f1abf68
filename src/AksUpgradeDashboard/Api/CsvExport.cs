using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace AksUpgradeDashboard.Api;

/// <summary>
/// Every CSV download: CsvHelper for quoting, formula-injection escaping (a cell starting with = + - @ would run in
/// Excel, and names, titles and tags are user-controlled), camelCase column names matching the JSON API, UTC times and
/// ISO dates, and an attachment file name stamped with the time of the export.
/// </summary>
public static class CsvExport
{
    private static readonly CsvConfiguration s_configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
    };

    /// <summary>Writes the rows as the response, named <c>{fileNamePrefix}-yyyyMMdd-HHmm.csv</c>.</summary>
    public static async Task WriteAsync<TRow>(HttpContext context, string fileNamePrefix, IEnumerable<TRow> rows, TimeProvider time, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = string.Create(CultureInfo.InvariantCulture, $"attachment; filename=\"{fileNamePrefix}-{time.GetUtcNow():yyyyMMdd-HHmm}.csv\"");
        await WriteAsync(context.Response.Body, rows, cancellationToken);
    }

    public static async Task WriteAsync<TRow>(Stream stream, IEnumerable<TRow> rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, leaveOpen: true);
        await using var csv = new CsvWriter(writer, s_configuration);
        string[] utc = ["yyyy-MM-dd'T'HH:mm:ss'Z'"];
        string[] date = ["yyyy-MM-dd"];
        csv.Context.TypeConverterOptionsCache.GetOptions<DateTimeOffset>().Formats = utc;
        csv.Context.TypeConverterOptionsCache.GetOptions<DateTimeOffset?>().Formats = utc;
        csv.Context.TypeConverterOptionsCache.GetOptions<DateOnly>().Formats = date;
        csv.Context.TypeConverterOptionsCache.GetOptions<DateOnly?>().Formats = date;
        csv.Context.RegisterClassMap<CamelCaseMap<TRow>>();
        await csv.WriteRecordsAsync(rows, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The same camelCase column names as the JSON API, so scripts can switch between the two.</summary>
    private sealed class CamelCaseMap<TRow> : ClassMap<TRow>
    {
        public CamelCaseMap()
        {
            AutoMap(CultureInfo.InvariantCulture);

            // AutoMap leaves lists out; a list of strings is one cell. Columns keep the order the properties are declared in.
            var properties = typeof(TRow).GetProperties();
            foreach (var list in properties.Where(p => p.PropertyType == typeof(IReadOnlyList<string>)))
            {
                Map(typeof(TRow), list).TypeConverter<ListConverter>();
            }

            foreach (var member in MemberMaps)
            {
                var name = member.Data.Member!.Name;
                member.Name(char.ToLowerInvariant(name[0]) + name[1..]);
                member.Index(Array.FindIndex(properties, p => p.Name == name));
            }
        }
    }

    /// <summary>A list in one cell, items separated by "; " (versions or sentences; never a line break, which breaks naive readers).</summary>
    private sealed class ListConverter : CsvHelper.TypeConversion.DefaultTypeConverter
    {
        public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            value is IEnumerable<string> items ? string.Join("; ", items) : "";
    }
}
