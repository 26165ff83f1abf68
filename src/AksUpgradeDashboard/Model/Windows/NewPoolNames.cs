namespace AksUpgradeDashboard.Model.Windows;

/// <summary>
/// The name of the new pool that replaces an old one (blue/green): the old name's letters and digits with "2" (or "n")
/// appended, within AKS's limits (lowercase, starting with a letter, 12 characters on Linux, 6 on Windows). The runbook
/// and the executor both ask this, so the pool the runbook names is the pool the dashboard creates.
/// </summary>
public static class NewPoolNames
{
    public static string For(string oldName, bool windows, IReadOnlySet<string> taken, out bool collides)
    {
        var max = windows ? 6 : 12;
        var basis = new string([.. oldName.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
        if (basis.Length == 0 || !char.IsAsciiLetterLower(basis[0]))
        {
            basis = "np" + basis;
        }

        var stem = basis[..Math.Min(basis.Length, max - 1)];
        string[] candidates = [stem + "2", stem + "n"];
        collides = false;
        foreach (var candidate in candidates)
        {
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }

        collides = true;
        return candidates[0];
    }
}
