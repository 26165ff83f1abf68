using AksUpgradeDashboard.Notifications;

namespace AksUpgradeDashboard.Tests.Notifications;

public class DeliveryRetryTests
{
    [Theory]
    [InlineData(0, 30)] // not yet attempted: as after the first failure
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(4, 240)]
    [InlineData(5, 480)]
    [InlineData(6, 960)]
    [InlineData(7, 1800)] // 1,920 s would be more than 30 minutes
    [InlineData(8, 1800)]
    [InlineData(17, 1800)]
    [InlineData(18, 1800)]
    [InlineData(100, 1800)]
    [InlineData(int.MaxValue, 1800)] // no overflow however often it failed
    public void Delay_AfterAttempts_DoublesFrom30SecondsUpTo30Minutes(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DeliveryRetry.Delay(attempts));

    [Theory]
    [InlineData(1, null, 30)]
    [InlineData(1, 10.0, 30)] // shorter than the back-off: the back-off
    [InlineData(3, 120.0, 120)]
    [InlineData(1, 300.0, 300)] // longer: what the receiver asked for
    [InlineData(7, 600.0, 1800)]
    [InlineData(7, 3600.0, 3600)] // more than the 30-minute cap of the back-off
    [InlineData(2, 21600.0, 21600)] // six hours
    [InlineData(2, 21601.0, 21600)] // at most six hours
    [InlineData(2, 604800.0, 21600)] // a week
    [InlineData(3, 0.0, 120)]
    [InlineData(3, -5.0, 120)] // a Retry-After date already past
    public void Delay_RetryAfter_HonouredWhenLonger_AtMostSixHours(int attempts, double? retryAfterSeconds, int seconds) =>
        Assert.Equal(
            TimeSpan.FromSeconds(seconds),
            DeliveryRetry.Delay(attempts, retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null));

    [Fact]
    public void Delay_RetryAfterTimeSpanMaxValue_SixHours() =>
        Assert.Equal(TimeSpan.FromHours(6), DeliveryRetry.Delay(1, TimeSpan.MaxValue));

    [Fact]
    public void Delay_EveryAttempt_NeverShorterThanTheOneBefore()
    {
        var delays = Enumerable.Range(1, 40).Select(a => DeliveryRetry.Delay(a)).ToList();

        Assert.Equal(delays.Order(), delays);
        Assert.Equal(DeliveryRetry.FirstDelay, delays[0]);
        Assert.Equal(DeliveryRetry.MaxDelay, delays[^1]);
    }
}
