namespace AksUpgradeDashboard.Model.Windows;

/// <summary>
/// Who does something: a person, an application (a pipeline's service principal) or the dashboard itself. Told apart by
/// <see cref="Id"/>, never by a name: in Entra ID mode the tenant and object id (<c>{tid}/{oid}</c>), which stay with
/// one person or app for good, as Microsoft recommends for authorization; a local demo person's is their e-mail.
/// <see cref="Name"/> is for people to read and is stored beside the id. Pure.
/// </summary>
public sealed record Actor(string Id, string Name, string? FormerId = null)
{
    /// <summary>The dashboard itself: a window opening, the completion check.</summary>
    public static Actor System { get; } = new("system", "Dashboard");

    /// <summary>
    /// Whether <paramref name="recordedId"/> (a stored creator, editor, approver or audit actor) is this actor. Records
    /// written before people were identified by tenant and object id hold the <see cref="FormerId"/>: a person's sign-in
    /// name, an app's <c>app:{object id}</c> (neither contains '/'). Those still match, so an upgrade cannot turn
    /// someone's own window into one they may approve. Matching more widely only ever refuses more.
    /// </summary>
    public bool Is(string? recordedId) =>
        recordedId is not null
        && (string.Equals(recordedId, Id, StringComparison.OrdinalIgnoreCase)
            || (FormerId is not null && !recordedId.Contains('/', StringComparison.Ordinal) && string.Equals(recordedId, FormerId, StringComparison.OrdinalIgnoreCase)));
}
