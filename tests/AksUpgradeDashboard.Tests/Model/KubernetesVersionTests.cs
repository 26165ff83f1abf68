using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Tests.Model;

public class KubernetesVersionTests
{
    [Theory]
    [InlineData("1.33", 1, 33, null)]
    [InlineData("1.33.2", 1, 33, 2)]
    [InlineData(" v1.9.6 ", 1, 9, 6)]
    public void TryParse_Valid_ReturnsParts(string value, int major, int minor, int? patch)
    {
        Assert.True(KubernetesVersion.TryParse(value, out var version));
        Assert.Equal(new KubernetesVersion(major, minor, patch), version);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.x")]
    [InlineData("1.33.2.1")]
    [InlineData("-1.33")]
    [InlineData("99999999999.1")]
    public void TryParse_Invalid_ReturnsFalse(string? value) => Assert.False(KubernetesVersion.TryParse(value, out _));

    [Fact]
    public void CompareTo_DifferentPatch_ComparesMinorOnly()
    {
        Assert.Equal(0, new KubernetesVersion(1, 33, 1).CompareTo(new KubernetesVersion(1, 33, 9)));
        Assert.True(new KubernetesVersion(1, 9) < new KubernetesVersion(1, 10));
        Assert.Equal(new KubernetesVersion(1, 35), new KubernetesVersion(1, 34, 2).NextMinor);
    }
}
