using System.Text.Json;

namespace AksUpgradeDashboard.Tests.Shared;

/// <summary>The official ARM example files (copied unchanged from azure-rest-api-specs into TestData/arm-examples).</summary>
public static class ArmExamples
{
    public static JsonElement ResponseBody(string fileName, string status = "200")
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "arm-examples", fileName);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("responses").GetProperty(status).GetProperty("body").Clone();
    }

    /// <summary>A real response body or spec example from TestData/arm-captures (its README names each file's public source).</summary>
    public static JsonElement Capture(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "arm-captures", fileName);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        return (root.TryGetProperty("responses", out var responses) ? responses.GetProperty("200").GetProperty("body") : root).Clone();
    }
}
