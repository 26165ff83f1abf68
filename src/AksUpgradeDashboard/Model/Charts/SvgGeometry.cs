using System.Globalization;

namespace AksUpgradeDashboard.Model.Charts;

/// <summary>One slice of a donut: what it counts and the SVG path that draws it.</summary>
public sealed record DonutSlice(string Label, int Value, string Colour, string Path);

/// <summary>
/// The geometry of the small charts the printed report draws as plain SVG (no script, so they print): donut slices,
/// a line through daily values, bar lengths. Pure; coordinates are in the SVG's own units, rounded to 0.01.
/// </summary>
public static class SvgGeometry
{
    /// <summary>
    /// Slices of a donut centred on (<paramref name="radius"/>, <paramref name="radius"/>), clockwise from 12 o'clock,
    /// for the items with a value above zero. A single item is a whole ring (two half arcs: one arc cannot close).
    /// </summary>
    public static IReadOnlyList<DonutSlice> Donut(IReadOnlyList<(string Label, int Value, string Colour)> items, double radius, double hole)
    {
        var shown = items.Where(i => i.Value > 0).ToList();
        var total = shown.Sum(i => i.Value);
        var slices = new List<DonutSlice>(shown.Count);
        var start = 0.0;
        foreach (var (label, value, colour) in shown)
        {
            var end = start + (double)value / total;
            var path = shown.Count == 1
                ? Ring(radius, hole)
                : Sector(radius, hole, start, end);
            slices.Add(new DonutSlice(label, value, colour, path));
            start = end;
        }

        return slices;
    }

    /// <summary>
    /// The <c>points</c> of a polyline through <paramref name="values"/> (oldest first) across <paramref name="width"/>,
    /// with <paramref name="max"/> at the top and 0 at <paramref name="height"/>; days without a value are skipped.
    /// </summary>
    public static string Line(IReadOnlyList<double?> values, double width, double height, double max = 100)
    {
        var step = values.Count > 1 ? width / (values.Count - 1) : 0;
        return string.Join(' ', values
            .Select((v, i) => (Value: v, X: i * step))
            .Where(p => p.Value is not null)
            .Select(p => $"{F(p.X)},{F(height - Math.Clamp(p.Value!.Value, 0, max) / max * height)}"));
    }

    /// <summary>Bar lengths across <paramref name="width"/>, the largest value filling it; a non-zero value gets at least 1.</summary>
    public static IReadOnlyList<double> Bars(IReadOnlyList<int> values, double width)
    {
        var max = values.Count == 0 ? 0 : values.Max();
        return [.. values.Select(v => v <= 0 || max == 0 ? 0 : Math.Round(Math.Max(1, v * width / max), 2))];
    }

    /// <summary>A number as SVG wants it: invariant, at most two decimals.</summary>
    public static string F(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Sector(double r, double hole, double from, double to)
    {
        var large = to - from > 0.5 ? 1 : 0;
        var (x1, y1) = Point(r, r, from);
        var (x2, y2) = Point(r, r, to);
        var (x3, y3) = Point(r, hole, to);
        var (x4, y4) = Point(r, hole, from);
        return $"M{F(x1)},{F(y1)} A{F(r)},{F(r)} 0 {large} 1 {F(x2)},{F(y2)} L{F(x3)},{F(y3)} A{F(hole)},{F(hole)} 0 {large} 0 {F(x4)},{F(y4)} Z";
    }

    private static string Ring(double r, double hole) =>
        $"M{F(r)},0 A{F(r)},{F(r)} 0 1 1 {F(r)},{F(2 * r)} A{F(r)},{F(r)} 0 1 1 {F(r)},0 Z " +
        $"M{F(r)},{F(r - hole)} A{F(hole)},{F(hole)} 0 1 0 {F(r)},{F(r + hole)} A{F(hole)},{F(hole)} 0 1 0 {F(r)},{F(r - hole)} Z";

    // A point at a fraction of the full turn, clockwise from 12 o'clock, on a circle of radius length about (centre, centre).
    private static (double X, double Y) Point(double centre, double length, double turn)
    {
        var angle = turn * 2 * Math.PI;
        return (centre + length * Math.Sin(angle), centre - length * Math.Cos(angle));
    }
}
