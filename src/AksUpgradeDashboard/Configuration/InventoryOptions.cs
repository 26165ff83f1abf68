namespace AksUpgradeDashboard.Configuration;

/// <summary>Configuration section <c>Inventory</c>.</summary>
public sealed class InventoryOptions
{
    public const string SectionName = "Inventory";
    public const string SampleSource = "Sample";
    public const string AzureSource = "Azure";

    /// <summary><c>Sample</c> (default, the embedded fleet) or <c>Azure</c>.</summary>
    public string Source { get; set; } = SampleSource;

    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many ARM requests one refresh may have in flight.</summary>
    public int MaxConcurrency { get; set; } = 8;
}

/// <summary>Configuration section <c>Assessment</c>.</summary>
public sealed class AssessmentOptions
{
    public const string SectionName = "Assessment";

    /// <summary>A pool whose OS ends support within this many days is <c>Retiring</c>.</summary>
    public int RetiringHorizonDays { get; set; } = Model.AssessmentPolicy.DefaultRetiringHorizonDays;
}
