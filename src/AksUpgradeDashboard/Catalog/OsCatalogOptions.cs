namespace AksUpgradeDashboard.Catalog;

/// <summary>
/// The OS catalog as bound from configuration section <c>OsCatalog</c>. The shipped data (os-catalog.json, embedded)
/// is the lowest-priority configuration source, so any key can be overridden from appsettings.json or environment
/// variables, e.g. <c>OsCatalog__OsVersions__Ubuntu2204__EndOfSupport=2027-09-30</c>, when Microsoft moves a date.
/// </summary>
public sealed class OsCatalogOptions
{
    public const string SectionName = "OsCatalog";

    public DateOnly? AsOf { get; set; }

    public Dictionary<string, OsVersionOptions> OsVersions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, OsSkuOptions> OsSkus { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class OsVersionOptions
{
    public string? OsName { get; set; }
    public string? Version { get; set; }
    public string? OsType { get; set; }
    public DateOnly? EndOfSupport { get; set; }
    public DateOnly? ImagesRemoved { get; set; }

    /// <summary>Support has ended but no date is published (e.g. CBL-Mariner 1.0).</summary>
    public bool SupportEnded { get; set; }

    public string? Source { get; set; }
    public DateOnly? AsOf { get; set; }
    public string? Successor { get; set; }
    public string? UpgradePath { get; set; }
    public string? SuccessorOsSku { get; set; }

    /// <summary>Further successors, tried in order when a pool's variant (FIPS, CVM) has no image on the first.</summary>
    public List<OsSuccessorOptions> OtherSuccessors { get; set; } = [];

    /// <summary>Offered as a preview only (e.g. Ubuntu 26.04): shown, never proposed as a target.</summary>
    public bool Preview { get; set; }

    public string? Note { get; set; }
}

public sealed class OsSuccessorOptions
{
    public string? Os { get; set; }
    public string? OsSku { get; set; }
    public string? UpgradePath { get; set; }
    public string? Source { get; set; }
}

public sealed class OsSkuOptions
{
    public string? OsType { get; set; }

    /// <summary>Versioned SKUs (Ubuntu2204, AzureLinux3, …) pin an OS version; default SKUs follow Kubernetes.</summary>
    public bool Versioned { get; set; }

    public bool Deprecated { get; set; }

    public bool Preview { get; set; }

    /// <summary>
    /// The last Kubernetes minor for which AKS has said what this default SKU gives; beyond it the OS is "not announced"
    /// rather than "none".
    /// </summary>
    public string? AnnouncedThrough { get; set; }

    /// <summary>The oldest Azure CLI that can move a pool to this osSKU (e.g. <c>2.86.0</c>).</summary>
    public string? MinimumAzureCli { get; set; }

    /// <summary>Extra <c>az aks nodepool update</c> flags a move to this osSKU needs (e.g. <c>--enable-secure-boot --enable-vtpm</c>).</summary>
    public string? ChangeArguments { get; set; }

    /// <summary>Extra <c>az aks nodepool add</c> flags a new pool on this osSKU needs (e.g. <c>--enable-fips-image</c>).</summary>
    public string? AddArguments { get; set; }

    public string? Source { get; set; }
    public string? Note { get; set; }
    public List<OsSkuRuleOptions> Rules { get; set; } = [];
}

public sealed class OsSkuRuleOptions
{
    public string? Os { get; set; }
    public string? MinKubernetes { get; set; }
    public string? MaxKubernetes { get; set; }

    /// <summary>null: any; true: FIPS pools only; false: not available with FIPS.</summary>
    public bool? Fips { get; set; }

    /// <summary>null: any; true: confidential VM pools only.</summary>
    public bool? Cvm { get; set; }
}
