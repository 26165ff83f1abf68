using AksUpgradeDashboard.Model.Charts;

namespace AksUpgradeDashboard.Tests.Model.Charts;

public class SvgGeometryTests
{
    [Fact]
    public void Donut_TwoEqualHalves_RightHalfThenLeftHalf()
    {
        var slices = SvgGeometry.Donut([("Current", 3, "#00c853"), ("Behind", 3, "#2196f3")], radius: 50, hole: 30);

        Assert.Equal(
            [
                "M50,0 A50,50 0 0 1 50,100 L50,80 A30,30 0 0 0 50,20 Z",
                "M50,100 A50,50 0 0 1 50,0 L50,20 A30,30 0 0 0 50,80 Z",
            ],
            slices.Select(s => s.Path));
        Assert.Equal(["Current", "Behind"], slices.Select(s => s.Label));
    }

    public static TheoryData<string, int[], int, string[]> DonutCases => new()
    {
        { "zero values drop out", [5, 0, 5], 2, ["0 0 1", "0 0 1"] },
        { "a slice over half takes the large arc", [3, 1], 2, ["0 1 1", "0 0 1"] },
        { "one value is a whole ring", [0, 7, 0], 1, ["0 1 1"] },
        { "nothing to draw", [0, 0], 0, [] },
    };

    [Theory]
    [MemberData(nameof(DonutCases))]
    public void Donut_Values_SlicesAndArcFlags(string because, int[] values, int expectedSlices, string[] outerArcFlags)
    {
        var slices = SvgGeometry.Donut([.. values.Select((v, i) => ($"s{i}", v, "#000"))], radius: 50, hole: 30);

        Assert.True(expectedSlices == slices.Count, because);
        // The outer arc's flags: x-axis rotation, large arc, sweep (clockwise).
        Assert.Equal(outerArcFlags, slices.Select(s => s.Path.Split(' ')[2..5]).Select(f => string.Join(' ', f)));
    }

    public static TheoryData<string, double?[], string> LineCases => new()
    {
        { "0 % at the bottom, 100 % at the top", [0, 50, 100], "0,40 100,20 200,0" },
        { "a day without a value is skipped, the others keep their place", [10, null, 30.5], "0,36 200,27.8" },
        { "one day sits at the left", [75], "0,10" },
        { "values beyond the axis are clamped", [-5, 120], "0,40 200,0" },
        { "no days", [], "" },
    };

    [Theory]
    [MemberData(nameof(LineCases))]
    public void Line_Values_Points(string because, double?[] values, string expected)
    {
        Assert.True(expected == SvgGeometry.Line(values, width: 200, height: 40), because);
    }

    public static TheoryData<string, int[], double[]> BarCases => new()
    {
        { "the largest fills the width", [40, 20, 10], [120, 60, 30] },
        { "a tiny value stays visible", [1000, 1], [120, 1] },
        { "zero is no bar", [5, 0], [120, 0] },
        { "all zero", [0, 0], [0, 0] },
    };

    [Theory]
    [MemberData(nameof(BarCases))]
    public void Bars_Values_Lengths(string because, int[] values, double[] expected)
    {
        Assert.True(expected.SequenceEqual(SvgGeometry.Bars(values, width: 120)), because);
    }
}
