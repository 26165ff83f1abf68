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
}
