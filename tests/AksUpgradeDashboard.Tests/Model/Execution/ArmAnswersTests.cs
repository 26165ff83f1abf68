using System.Text.Json;
using AksUpgradeDashboard.Model.Execution;
using AksUpgradeDashboard.Tests.Shared;

namespace AksUpgradeDashboard.Tests.Model.Execution;

/// <summary>ARM's answers to writes and its operation status documents, read by what they mean.</summary>
public class ArmAnswersTests
{
    // A real AuthorizationFailed message (ARM's wording), with the AKS action the dashboard's node image step needs.
    private const string AuthorizationFailed =
        "The client 'aaaaaaaa-0000-0000-0000-000000000001' with object id 'aaaaaaaa-0000-0000-0000-000000000001' does not have authorization to perform action "
        + "'Microsoft.ContainerService/managedClusters/agentPools/upgradeNodeImageVersion/action' over scope "
        + "'/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/agentPools/agentpool1' "
        + "or the scope is invalid. If access was recently granted, please refresh your credentials.";

    // A real LinkedAuthorizationFailed message from creating an AKS cluster in a custom subnet (the public test data of
    // Azure's "mpf" minimum-permissions tool, parse-auth-errors test, TestSingleLinkedAuthorizationFailedError): the
    // client HAS the first action and LACKS the second. A new pool on the old pool's vnetSubnetID meets the same check.
    private const string LinkedAuthorizationFailed =
        "The client '***REMOVED***' with object id '***REMOVED***' has permission to perform action 'Microsoft.ContainerService/managedClusters/write' on scope "
        + "'/subscriptions/SSSSSSSS-SSSS-SSSS-SSSS-SSSSSSSSSSSS/resourceGroups/az-mpf-tf-test-rg/providers/Microsoft.ContainerService/managedClusters/aks-32a70ccbb3247e2b'; "
        + "however, it does not have permission to perform action(s) 'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked scope(s) "
        + "'/subscriptions/SSSSSSSS-SSSS-SSSS-SSSS-SSSSSSSSSSSS/resourceGroups/az-mpf-tf-test-rg/providers/Microsoft.Network/virtualNetworks/vnet-32a70ccbb3247e2b/subnets/subnet-32a70ccbb3247e2b' "
        + "(respectively) or the linked scope(s) are invalid.";

    // The same check's other wording, "perform action 'X'" for the missing action too: a real message logged by
    // aad-pod-identity's MIC against an AKS node scale set (a public log, seen through the code search index).
    private const string LinkedAuthorizationFailedVmss =
        "The client 'b9276f33-e80c-4f09-9cdf-24c28c0feea4' with object id 'b9276f33-e80c-4f09-9cdf-24c28c0feea4' has permission to perform action 'Microsoft.Compute/virtualMachineScaleSets/write' on scope "
        + "'/subscriptions/7e242177-ef0b-431f-8c76-e40907843aa7/resourceGroups/MC_rg-aks-poc-container-westus2/providers/Microsoft.Compute/virtualMachineScaleSets/aks-system-12583646-vmss'; "
        + "however, it does not have permission to perform action 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action' on the linked scope(s) "
        + "'/subscriptions/99a3af26-911d-4bc5-8fcc-8f9de81e46c5/resourcegroups/rg-westus2-shared/providers/microsoft.managedidentity/userassignedidentities/aks-aad-user-identity' or the linked scope(s) are invalid.";

    [Theory]
    [InlineData(200, null, null)]
    [InlineData(201, null, null)]
    [InlineData(202, null, null)]
    [InlineData(204, null, null)]
    public void Classify_Success_Accepted(int status, string? code, string? message)
    {
        var verdict = ArmAnswers.Classify(status, code, message);

        Assert.Equal(WriteAnswer.Accepted, verdict.Answer);
        Assert.Null(verdict.ErrorCode);
        Assert.Equal("Accepted by Azure.", verdict.Explanation);
    }

    [Theory]
    [InlineData(409, "OperationNotAllowed", "Operation is not allowed because there's an in progress upgrade node image version operation", WriteAnswer.Busy, "Another operation is running")]
    [InlineData(409, "AnotherOperationInProgress", "Another operation is in progress", WriteAnswer.Busy, "Another operation is running")]
    [InlineData(409, "OperationPreempted", null, WriteAnswer.Busy, "Another operation is running")]
    [InlineData(409, "Conflict", null, WriteAnswer.Busy, "Another operation is running")]
    [InlineData(429, "TooManyRequests", null, WriteAnswer.Busy, "throttling")]
    [InlineData(429, null, null, WriteAnswer.Busy, "HTTP 429")]
    [InlineData(412, "PreconditionFailed", "Operation is not allowed since the provided If-Match header does not match", WriteAnswer.Stale, "changed since it was read")]
    [InlineData(412, null, null, WriteAnswer.Stale, "HTTP 412")]
    [InlineData(409, "PropertyChangeNotAllowed", "Changing property 'name' is not allowed.", WriteAnswer.Failed, "Changing property 'name' is not allowed.")]
    [InlineData(409, null, null, WriteAnswer.Failed, "HTTP 409")]
    [InlineData(400, "PropertyChangeNotAllowed", "Changing property 'properties.vmSize' is not allowed.", WriteAnswer.Failed, "Azure refused the change (PropertyChangeNotAllowed (HTTP 400)): Changing property 'properties.vmSize' is not allowed.")]
    [InlineData(404, "NotFound", "The Resource 'Microsoft.ContainerService/managedClusters/aks' under resource group 'rg' was not found.", WriteAnswer.Failed, "(NotFound (HTTP 404)): The Resource 'Microsoft.ContainerService/managedClusters/aks'")]
    [InlineData(500, "InternalServerError", "  An internal error occurred.  ", WriteAnswer.Failed, "(InternalServerError (HTTP 500)): An internal error occurred.")]
    [InlineData(500, null, "", WriteAnswer.Failed, "Azure refused the change (HTTP 500)")]
    public void Classify_Errors_ByMeaningWithCodeAndMessage(int status, string? code, string? message, WriteAnswer answer, string says)
    {
        var verdict = ArmAnswers.Classify(status, code, message);

        Assert.Equal(answer, verdict.Answer);
        Assert.Equal(code, verdict.ErrorCode);
        Assert.Contains(says, verdict.Explanation, StringComparison.Ordinal);
        if (code is not null)
        {
            Assert.Contains($"{code} (HTTP {status})", verdict.Explanation, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(AuthorizationFailed, "AuthorizationFailed", "Microsoft.ContainerService/managedClusters/agentPools/upgradeNodeImageVersion/action")]
    [InlineData(LinkedAuthorizationFailed, "LinkedAuthorizationFailed", "Microsoft.Network/virtualNetworks/subnets/join/action")]
    [InlineData(LinkedAuthorizationFailedVmss, "LinkedAuthorizationFailed", "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action")]
    public void Classify_Forbidden_NamesTheMissingAction(string message, string code, string action)
    {
        var verdict = ArmAnswers.Classify(403, code, message);

        Assert.Equal(WriteAnswer.Forbidden, verdict.Answer);
        Assert.Equal(code, verdict.ErrorCode);
        Assert.Equal(action, ArmAnswers.MissingPermission(message));
        Assert.Contains($"may not perform {action} ({code} (HTTP 403))", verdict.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RequestDisallowedByPolicy", "Resource 'agentpool2' was disallowed by policy.")]
    [InlineData(null, null)]
    public void Classify_ForbiddenWithoutAnAction_SaysNotAllowedWithArmsMessage(string? code, string? message)
    {
        var verdict = ArmAnswers.Classify(403, code, message);

        Assert.Equal(WriteAnswer.Forbidden, verdict.Answer);
        Assert.Null(ArmAnswers.MissingPermission(message));
        Assert.StartsWith("The dashboard's identity is not allowed to change the cluster", verdict.Explanation, StringComparison.Ordinal);
        Assert.Contains(message ?? "HTTP 403", verdict.Explanation, StringComparison.Ordinal);
    }

    // Real operation status documents (GET on the Azure-AsyncOperation URL, …/locations/{region}/operations/{id}); see
    // TestData/arm-captures/README.md for where each was taken from.
    [Theory]
    [InlineData("operationStatus-InProgress-azure-cli-capture-2023-06-westus2.json", OperationState.InProgress, null)]
    [InlineData("operationStatus-Succeeded-azure-cli-capture-2023-06-westus2.json", OperationState.Succeeded, null)]
    [InlineData("operationStatus-Failed-QuotaExceeded-terraform-log-2025-12-australiaeast.json", OperationState.Failed, "QuotaExceeded")]
    public void ParseOperation_RealStatusDocuments(string file, OperationState state, string? code)
    {
        var status = ArmAnswers.ParseOperation(ArmExamples.Capture(file));

        Assert.Equal(state, status.State);
        Assert.Equal(code, status.ErrorCode);
        if (code is null)
        {
            Assert.Null(status.ErrorMessage);
        }
        else
        {
            Assert.StartsWith("Create or update VMSS ", status.ErrorMessage, StringComparison.Ordinal);
            Assert.Contains("Total Regional Cores quota", status.ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    // Written here (not captured): the other states, and shapes a tolerant reader must survive.
    [InlineData("""{"name":"x","status":"Canceled","startTime":"2026-12-05T22:00:00Z"}""", OperationState.Canceled, null, null)]
    [InlineData("""{"status":"Cancelled"}""", OperationState.Canceled, null, null)]
    [InlineData("""{"status":"Failed","error":{"code":"UpgradeFailed","message":"Drain of node aks-apps-1 did not complete."}}""", OperationState.Failed, "UpgradeFailed", "Drain of node aks-apps-1 did not complete.")]
    [InlineData("""{"status":"Failed"}""", OperationState.Failed, null, null)]
    [InlineData("""{"status":"Failed","error":"boom"}""", OperationState.Failed, null, null)]
    [InlineData("""{"status":"Failed","error":{"code":42,"message":null}}""", OperationState.Failed, null, null)]
    [InlineData("""{"status":"succeeded"}""", OperationState.Succeeded, null, null)]
    [InlineData("""{"status":"SUCCEEDED"}""", OperationState.Succeeded, null, null)]
    [InlineData("""{"status":"failed","error":{"code":"X","message":"y"}}""", OperationState.Failed, "X", "y")]
    [InlineData("""{"status":"canceled"}""", OperationState.Canceled, null, null)]
    [InlineData("""{"status":"Accepted"}""", OperationState.InProgress, null, null)]
    [InlineData("""{"status":"Running"}""", OperationState.InProgress, null, null)]
    [InlineData("""{"name":"x","startTime":"2026-12-05T22:00:00Z"}""", OperationState.InProgress, null, null)]
    [InlineData("""{"status":null}""", OperationState.InProgress, null, null)]
    [InlineData("""{"status":3}""", OperationState.InProgress, null, null)]
    [InlineData("""{}""", OperationState.InProgress, null, null)]
    [InlineData("""[]""", OperationState.InProgress, null, null)]
    [InlineData("""null""", OperationState.InProgress, null, null)]
    public void ParseOperation_StatesCasingAndOddShapes(string json, OperationState state, string? code, string? message)
    {
        using var body = JsonDocument.Parse(json);

        var status = ArmAnswers.ParseOperation(body.RootElement);

        Assert.Equal(new OperationStatus(state, code, message), status);
    }
}

/// <summary>One poll of whatever URL ARM gave: a status document, a Location, or the resource itself.</summary>
public class ArmAnswersReadPollTests
{
    [Theory]
    // 202 from a Location: still running; 200/204 without a body: done.
    [InlineData(202, null, null, false, OperationState.InProgress, null)]
    [InlineData(204, null, null, false, OperationState.Succeeded, null)]
    [InlineData(200, null, "", false, OperationState.Succeeded, null)]
    // A status document is read as such.
    [InlineData(200, null, """{"status":"InProgress"}""", false, OperationState.InProgress, null)]
    [InlineData(200, null, """{"status":"Failed","error":{"code":"QuotaExceeded","message":"no quota"}}""", false, OperationState.Failed, "QuotaExceeded")]
    // The resource itself, by its provisioningState.
    [InlineData(200, null, """{"properties":{"provisioningState":"UpgradingNodeImageVersion"}}""", false, OperationState.InProgress, null)]
    [InlineData(200, null, """{"properties":{"provisioningState":"Succeeded"}}""", false, OperationState.Succeeded, null)]
    [InlineData(200, null, """{"properties":{"provisioningState":"Failed"}}""", false, OperationState.Failed, "ProvisioningFailed")]
    [InlineData(200, null, """{"properties":{"provisioningState":"Canceled"}}""", false, OperationState.Canceled, null)]
    // Throttling, timeouts and server errors that outlived the retries say nothing about the operation: ask again.
    [InlineData(429, "TooManyRequests", null, false, OperationState.InProgress, null)]
    [InlineData(408, "RequestTimeout", null, false, OperationState.InProgress, null)]
    [InlineData(503, "ServiceUnavailable", null, false, OperationState.InProgress, null)]
    // A pool being deleted that answers 404 is gone: done. Any other 4xx is a failure with ARM's code.
    [InlineData(404, "ResourceNotFound", null, true, OperationState.Succeeded, null)]
    [InlineData(404, "ResourceNotFound", null, false, OperationState.Failed, "ResourceNotFound")]
    [InlineData(400, null, null, false, OperationState.Failed, "Http400")]
    public void ReadPoll_ByStatusAndBody(int status, string? code, string? body, bool deleting, OperationState state, string? errorCode)
    {
        var read = ArmAnswers.ReadPoll(status, code, null, body, deleting);

        Assert.Equal(state, read.State);
        Assert.Equal(errorCode, read.ErrorCode);
    }
}
