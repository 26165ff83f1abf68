namespace AksUpgradeDashboard.ArmEmulator;

/// <summary>
/// One request the emulator received, recorded on arrival (before any latency or fault), including failed ones.
/// </summary>
/// <param name="Method">HTTP method, e.g. <c>GET</c>.</param>
/// <param name="Path">The request path as sent, e.g. <c>/subscriptions/{id}/providers/Microsoft.ContainerService/managedClusters</c>.</param>
/// <param name="Query">The raw query string including the leading <c>?</c>, or empty.</param>
/// <param name="ApiVersion">The <c>api-version</c> query value, or null when absent or empty.</param>
/// <param name="Authorization">The <c>Authorization</c> header, or null.</param>
/// <param name="SubscriptionId">The subscription the path is under, or null for tenant-level paths.</param>
/// <param name="StatusCode">
/// The status answered; 0 while the request is still being processed, 499 when the client gave up (or the emulator stopped)
/// before an answer was sent.
/// </param>
/// <param name="ReceivedAt">When the request arrived.</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    string? ApiVersion,
    string? Authorization,
    string? SubscriptionId,
    int StatusCode,
    DateTimeOffset ReceivedAt);
