using System.Text.Json;
using AksUpgradeDashboard.Model;

namespace AksUpgradeDashboard.Tests.Model;

public class LatestNodeImageTests
{
    // A snapshot an older replica shared during a rolling upgrade still reads: gallery, sku and version make the full name.
    [Fact]
    public void LatestNodeImage_LegacySharedShape_BuildsTheFullName()
    {
        var legacy = JsonSerializer.Deserialize<LatestNodeImage>(
            """{"location":"westeurope","gallery":"AKSUbuntu","sku":"2204gen2containerd","version":"202611.10.0"}""", JsonSerializerOptions.Web);
        var current = JsonSerializer.Deserialize<LatestNodeImage>(
            """{"location":"westeurope","fullName":"AKSWindows-2022-containerd-gen2-20348.4529.251212"}""", JsonSerializerOptions.Web);

        Assert.Equal("AKSUbuntu-2204gen2containerd-202611.10.0", legacy!.FullName);
        Assert.Equal("AKSWindows-2022-containerd-gen2-20348.4529.251212", current!.FullName);
    }

    [Fact]
    public void LatestNodeImage_Written_HasOnlyLocationAndFullName()
    {
        var json = JsonSerializer.Serialize(new LatestNodeImage("eastus", "AKSUbuntu-2404gen2containerd-202611.10.0"), JsonSerializerOptions.Web);

        Assert.Equal("""{"location":"eastus","fullName":"AKSUbuntu-2404gen2containerd-202611.10.0"}""", json);
    }
}
