namespace AksUpgradeDashboard.Model;

/// <summary>
/// A problem with one field of what someone submitted (a window, a blackout period, the compliance policy), the one
/// field-error type everywhere. <see cref="Field"/> is the API's camelCase name, so the API and the forms put the
/// message on the right field; <see cref="Code"/> is a warning's stable code, which an approver acknowledges.
/// </summary>
public sealed record FieldIssue(string Field, string Message, string? Code = null);
