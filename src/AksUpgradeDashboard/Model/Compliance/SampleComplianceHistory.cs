namespace AksUpgradeDashboard.Model.Compliance;

/// <summary>One generated day of the sample fleet's trend.</summary>
public sealed record SampleDay(DateOnly Day, ComplianceCounts Counts);

/// <summary>
/// Made-up but plausible history for the embedded sample fleet, so its trend chart shows on the first day: the share
/// of compliant pools climbs from about 25 points lower to today's, with a weekly sawtooth (node images are released
/// weekly, so pools drift behind through the week and catch up when the weekend's auto-upgrade runs) and a little
/// noise. Pure and deterministic: the same fleet and day give the same history every time.
/// </summary>
public static class SampleComplianceHistory
{
    public const int Days = 90;

    /// <summary>The seed of the noise: fixed, so every start of the sample shows the same history.</summary>
    public const int Seed = 20261125;

    private const double ClimbPoints = 25;
    private const double SawtoothPoints = 4;
    private const double NoisePoints = 1.5;

    /// <summary>
    /// <paramref name="days"/> days ending the day before <paramref name="today"/>, oldest first, leading up to
    /// <paramref name="now"/> (today's real counts of the sample fleet). The fleet size and the pools that cannot be
    /// assessed stay as today; the rest is split between compliant and not.
    /// </summary>
    public static IReadOnlyList<SampleDay> Generate(ComplianceCounts now, DateOnly today, int days = Days, int seed = Seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var random = new Random(seed);
        var assessable = now.Pools - now.Unknown;
        var end = assessable == 0 ? 0 : now.Compliant * 100.0 / now.Pools;
        var start = Math.Max(0, end - ClimbPoints);
        var result = new List<SampleDay>(days);
        for (var i = days; i >= 1; i--)
        {
            var day = today.AddDays(-i);
            var progress = (days - i) / (double)days;
            // Sunday is upgrade day: 0 points lost on Sunday, the most by Saturday.
            var sawtooth = SawtoothPoints * ((int)day.DayOfWeek / 6.0);
            var noise = (random.NextDouble() * 2 - 1) * NoisePoints;
            var percent = Math.Clamp(start + (end - start) * progress - sawtooth + noise, 0, 100);
            var compliant = Math.Min(assessable, (int)Math.Round(percent * now.Pools / 100, MidpointRounding.AwayFromZero));
            result.Add(new SampleDay(day, new ComplianceCounts(now.Pools, compliant, assessable - compliant, now.Unknown)));
        }

        return result;
    }
}
