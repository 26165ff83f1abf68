using System.Text.Json.Nodes;
using AksUpgradeDashboard.Model.Execution;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Model.Execution;

/// <summary>
/// Round-trip edits of resources as ARM returned them, on real bodies:
/// <list type="bullet">
/// <item><c>arm-examples/AgentPoolsGet.json</c> and <c>arm-examples/ManagedClustersGet.json</c>: the azure-rest-api-specs
/// 2026-08-01 examples, the same files as <c>/work/shared/reference/arm-examples/</c>.</item>
/// <item><c>arm-captures/*</c>: see that folder's README (azure-cli recordings of live ARM answers, and the
/// <c>AgentPoolsCreate_Update</c> example with labels, taints, tags and spot settings).</item>
/// </list>
/// </summary>
public class ArmResourceJsonTests
{
    private static string Body(string source) => source switch
    {
        "AgentPoolsGet" => ArmExamples.ResponseBody("AgentPoolsGet.json").GetRawText(),
        "ManagedClustersGet" => ArmExamples.ResponseBody("ManagedClustersGet.json").GetRawText(),
        "AgentPoolsCreate_Update" => ArmExamples.Capture("AgentPoolsCreate_Update-2026-08-01.json").GetRawText(),
        "cli-azurelinux" => ArmExamples.Capture("agentPool-azurelinux-azure-cli-capture-2024-08-westus2.json").GetRawText(),
        "cli-windows" => ArmExamples.Capture("agentPool-windows2022-azure-cli-capture-2023-06-westus2.json").GetRawText(),
        // Written here: properties this dashboard does not know, nested, next to ones it does, and a price whose text matters.
        "unknown" => """
            {"id":"/x/agentPools/apps","name":"apps","systemData":{"createdBy":"someone","createdAt":"2026-01-01T00:00:00Z"},
             "properties":{"osSKU":"Ubuntu","spotMaxPrice":0.10,"futureProfile":{"a":[1,{"b":null}],"c":true,"d":"é+<>"},
             "nodeTaints":["sku=gpu:NoSchedule"],"count":3},"etag":"top"}
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    [Theory]
    [InlineData("AgentPoolsGet", "osSKU", "AzureLinux3")]
    [InlineData("AgentPoolsGet", "orchestratorVersion", "1.10.1")]
    [InlineData("ManagedClustersGet", "kubernetesVersion", "1.34")]
    [InlineData("AgentPoolsCreate_Update", "orchestratorVersion", "1.34")]
    [InlineData("cli-azurelinux", "osSKU", "AzureLinux3")]
    [InlineData("cli-windows", "orchestratorVersion", "1.28.0")]
    [InlineData("unknown", "osSKU", "Ubuntu2404")]
    public void WithProperty_ChangesOnlyTheNamedPropertyAndKeepsEverythingElse(string source, string name, string value)
    {
        var before = Body(source);

        var after = JsonNode.Parse(ArmResourceJson.WithProperty(before, name, value))!;

        Assert.Equal(value, after["properties"]![name]!.GetValue<string>());
        var expected = JsonNode.Parse(before)!;
        expected["properties"]![name] = value;
        Assert.True(JsonNode.DeepEquals(expected, after), $"Expected {expected.ToJsonString()}\nbut got {after.ToJsonString()}");
        Assert.False(JsonNode.DeepEquals(JsonNode.Parse(before), after), "The property did not change.");
    }

    [Fact]
    public void WithProperty_KeepsNumbersAsArmWroteThem()
    {
        var after = ArmResourceJson.WithProperty(Body("unknown"), "osSKU", "Ubuntu2404");

        Assert.Contains("\"spotMaxPrice\":0.10", after, StringComparison.Ordinal);
        Assert.Equal("é+<>", JsonNode.Parse(after)!["properties"]!["futureProfile"]!["d"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"id":"/x","name":"apps"}""")]
    [InlineData("""{"id":"/x","name":"apps","properties":null}""")]
    public void WithProperty_NoPropertiesObject_AddsOne(string resource)
    {
        var after = JsonNode.Parse(ArmResourceJson.WithProperty(resource, "osSKU", "AzureLinux3"))!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":"/x","name":"apps","properties":{"osSKU":"AzureLinux3"}}"""), after), after.ToJsonString());
    }

    [Theory]
    // Agent pools report their ETag in properties; clusters at the top (and each pool profile has its own, not the cluster's).
    [InlineData("AgentPoolsGet", "ebwiyfneowv")]
    [InlineData("ManagedClustersGet", "beywbwei")]
    [InlineData("unknown", "top")]
    [InlineData("cli-azurelinux", null)]
    [InlineData("AgentPoolsCreate_Update", null)]
    public void ETag_WhereArmPutsIt(string source, string? etag) =>
        Assert.Equal(etag, ArmResourceJson.ETag(Body(source)));

    [Theory]
    [InlineData("""{"etag":"a","properties":{"eTag":"b"}}""", "a")]
    [InlineData("""{"eTag":"a","properties":{"eTag":"b"}}""", "a")]
    [InlineData("""{"properties":{"etag":"b"}}""", "b")]
    [InlineData("""{"eTag":7}""", null)]
    [InlineData("""{"properties":[]}""", null)]
    public void ETag_EitherCasingTopLevelFirst(string resource, string? etag) =>
        Assert.Equal(etag, ArmResourceJson.ETag(resource));

    [Fact]
    public void NewPoolBody_RealAgentPool_CopiesItsSettingsOnTheNewSku()
    {
        var body = JsonNode.Parse(ArmResourceJson.NewPoolBody(Body("AgentPoolsGet"), "AzureLinux"))!;

        var expected = JsonNode.Parse("""
            {"properties":{"count":3,"maxPods":110,"orchestratorVersion":"1.9.6","osType":"Linux",
             "upgradeSettings":{"maxSurge":"33%"},"vmSize":"Standard_DS1_v2","osSKU":"AzureLinux"}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), body.ToJsonString());
    }

    [Fact]
    public void NewPoolBody_LabelsTaintsTagsAndSpot_Copied()
    {
        var body = JsonNode.Parse(ArmResourceJson.NewPoolBody(Body("AgentPoolsCreate_Update"), "Ubuntu2404"))!["properties"]!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"key1":"val1"}"""), body["nodeLabels"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["Key1=Value1:NoSchedule"]"""), body["nodeTaints"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name1":"val1"}"""), body["tags"]));
        Assert.Equal("Spot", body["scaleSetPriority"]!.GetValue<string>());
        Assert.Equal("Delete", body["scaleSetEvictionPolicy"]!.GetValue<string>());
        Assert.Equal("User", body["mode"]!.GetValue<string>());
        Assert.Equal("Ubuntu2404", body["osSKU"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("cli-azurelinux", "AzureLinux3")]
    [InlineData("cli-windows", "Windows2025")]
    public void NewPoolBody_LiveCaptures_LeaveOutReadOnlyAndImageFields(string source, string osSku)
    {
        var old = JsonNode.Parse(Body(source))!["properties"]!.AsObject();

        var body = JsonNode.Parse(ArmResourceJson.NewPoolBody(Body(source), osSku))!.AsObject();

        var properties = Assert.Single(body).Value!.AsObject();
        Assert.Equal(osSku, properties["osSKU"]!.GetValue<string>());
        Assert.All(["provisioningState", "powerState", "nodeImageVersion", "currentOrchestratorVersion", "eTag"], name => Assert.False(properties.ContainsKey(name), name));
        Assert.All(["count", "vmSize", "osDiskSizeGB", "osDiskType", "kubeletDiskType", "maxPods", "type", "mode", "osType", "orchestratorVersion", "upgradeSettings", "enableFIPS"], name =>
            Assert.True(JsonNode.DeepEquals(old[name], properties[name]), name));
    }

    // Each setting a new pool copies, with a value of its real shape, added to the real AgentPoolsGet example.
    [Theory]
    [InlineData("availabilityZones", """["1","2","3"]""")]
    [InlineData("nodeLabels", """{"team":"web","tier":"prod"}""")]
    [InlineData("nodeTaints", """["sku=gpu:NoSchedule"]""")]
    [InlineData("vnetSubnetID", "\"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes\"")]
    [InlineData("podSubnetID", "\"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pods\"")]
    [InlineData("upgradeSettings", """{"maxSurge":"50%","maxUnavailable":"0","drainTimeoutInMinutes":30,"nodeSoakDurationInMinutes":0,"undrainableNodeBehavior":"Cordon"}""")]
    [InlineData("enableAutoScaling", "true")]
    [InlineData("minCount", "1")]
    [InlineData("maxCount", "10")]
    [InlineData("kubeletConfig", """{"cpuManagerPolicy":"static","podMaxPids":-1}""")]
    [InlineData("linuxOSConfig", """{"sysctls":{"netCoreSomaxconn":163849}}""")]
    [InlineData("securityProfile", """{"enableSecureBoot":true,"enableVTPM":true}""")]
    [InlineData("networkProfile", """{"allowedHostPorts":[{"portStart":80,"portEnd":80,"protocol":"TCP"}]}""")]
    [InlineData("spotMaxPrice", "-1")]
    [InlineData("enableFIPS", "true")]
    public void NewPoolBody_EachCopiedSetting_CopiedVerbatim(string name, string valueJson)
    {
        var old = JsonNode.Parse(Body("AgentPoolsGet"))!;
        old["properties"]![name] = JsonNode.Parse(valueJson);

        var body = JsonNode.Parse(ArmResourceJson.NewPoolBody(old.ToJsonString(), "AzureLinux3"))!["properties"]!;

        Assert.Contains(name, ArmResourceJson.CopiedToNewPool);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(valueJson), body[name]), body.ToJsonString());
    }

    // What ARM reports about the old pool's state or image is not a setting to copy; the old osSKU gives way to the new.
    [Theory]
    [InlineData("provisioningState", "\"Succeeded\"")]
    [InlineData("powerState", """{"code":"Running"}""")]
    [InlineData("nodeImageVersion", "\"AKSUbuntu-2204gen2containerd-202611.10.0\"")]
    [InlineData("currentOrchestratorVersion", "\"1.33.5\"")]
    [InlineData("eTag", "\"abc\"")]
    [InlineData("osSKU", "\"Ubuntu\"")]
    [InlineData("status", """{"provisioningError":null}""")]
    public void NewPoolBody_ReadOnlySetting_LeftOut(string name, string valueJson)
    {
        var old = JsonNode.Parse(Body("AgentPoolsGet"))!;
        old["properties"]![name] = JsonNode.Parse(valueJson);

        var body = JsonNode.Parse(ArmResourceJson.NewPoolBody(old.ToJsonString(), "AzureLinux3"))!["properties"]!.AsObject();

        if (name == "osSKU")
        {
            Assert.Equal("AzureLinux3", body[name]!.GetValue<string>());
        }
        else
        {
            Assert.False(body.ContainsKey(name), body.ToJsonString());
        }
    }

    [Theory]
    [InlineData("""{"name":"apps"}""")]
    [InlineData("""{"name":"apps","properties":null}""")]
    public void NewPoolBody_NoProperties_OnlyTheSku(string old) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"properties":{"osSKU":"AzureLinux3"}}"""), JsonNode.Parse(ArmResourceJson.NewPoolBody(old, "AzureLinux3"))));
}
