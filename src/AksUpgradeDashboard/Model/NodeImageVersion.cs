namespace AksUpgradeDashboard.Model;

/// <summary>The OS family of a node image, from the gallery name at the start of the version string.</summary>
public enum NodeImageFamily
{
    Unknown,
    Ubuntu,               // AKSUbuntu
    UbuntuEdgeZone,       // AKSUbuntuEdgeZone
    AzureLinux,           // AKSAzureLinux
    CblMariner,           // AKSCBLMariner (the old name of Azure Linux 2.0; V1 is CBL-Mariner 1.0)
    Windows,              // AKSWindows
    Flatcar,              // AKSFlatcar
    AzureContainerLinux,  // AKSAzureContainerLinux (the docs' spelling; AgentBaker publishes ACL as AKSAzureLinux-acl…)
    AzureLinuxEdgeZone,   // AKSAzureLinuxEdgeZone
}

/// <summary>How the version part of a node image string is written.</summary>
public enum NodeImageVersionFormat
{
    Unrecognised,
    /// <summary>Linux, current: <c>YYYYMM.DD.patch</c>, e.g. <c>202509.11.0</c>.</summary>
    DatedBuild,
    /// <summary>Linux, until about March 2023: <c>YYYY.MM.DD</c>, e.g. <c>2022.10.03</c>.</summary>
    LegacyDate,
    /// <summary>Windows: <c>build.revision.YYMMDD</c>, e.g. <c>20348.4529.251212</c>.</summary>
    WindowsBuild,
}

/// <summary>Hardware and security variants encoded in the image SKU.</summary>
[Flags]
public enum NodeImageFeatures
{
    None = 0,
    Gen2 = 1,
    Arm64 = 2,
    Fips = 4,
    TrustedLaunch = 8,
    ConfidentialVm = 16,
    Kata = 32,
    OsGuard = 64,
    Minimal = 128,
    Gb200 = 256,

    /// <summary>Legacy GPU images (<c>1804gpu…</c>): GPU drivers baked in.</summary>
    Gpu = 512,
}

/// <summary>
/// A parsed <c>nodeImageVersion</c> such as <c>AKSUbuntu-2204gen2containerd-202509.11.0</c>.
/// Parsing never throws: a string that is not understood gives <see cref="IsRecognised"/> = false with a reason.
/// </summary>
public sealed record NodeImageVersion
{
    /// <summary>The string as given (trimmed).</summary>
    public required string Raw { get; init; }

    public NodeImageVersionFormat Format { get; init; }

    public bool IsRecognised => Format != NodeImageVersionFormat.Unrecognised;

    /// <summary>Why the string was not recognised; null when it was.</summary>
    public string? UnrecognisedReason { get; init; }

    /// <summary>Gallery name, e.g. <c>AKSUbuntu</c>; empty when unrecognised.</summary>
    public string Gallery { get; init; } = "";

    public NodeImageFamily Family { get; init; }

    /// <summary>Image SKU, e.g. <c>2204gen2containerd</c>, <c>V3gen2</c>, <c>2022-containerd-gen2</c>; empty when the string has none.</summary>
    public string Sku { get; init; } = "";

    /// <summary>
    /// The OS version the image carries, as an OS catalog id: <c>Ubuntu1804</c>, <c>Ubuntu2004</c>, <c>Ubuntu2204</c>,
    /// <c>Ubuntu2404</c>, <c>Ubuntu2604</c>, <c>CBLMariner1</c>, <c>AzureLinux2</c>, <c>AzureLinux3</c>, <c>AzureLinuxOSGuard3</c>,
    /// <c>Flatcar</c>, <c>AzureContainerLinux</c>, <c>Windows2019</c>, <c>Windows2022</c>, <c>WindowsAnnual23H2</c>,
    /// <c>Windows2025</c>; null when it cannot be told.
    /// </summary>
    public string? OsId { get; init; }

    public NodeImageFeatures Features { get; init; }

    /// <summary>The version part, e.g. <c>202509.11.0</c>.</summary>
    public string Version { get; init; } = "";

    /// <summary>The build date encoded in the version (Linux YYYYMM.DD or YYYY.MM.DD, Windows YYMMDD).</summary>
    public DateOnly? BuildDate { get; init; }

    /// <summary>Rebuild counter of a dated Linux build (the last field of <c>YYYYMM.DD.patch</c>); 0 otherwise.</summary>
    public int Patch { get; init; }

    /// <summary>Windows OS build (17763, 20348, 25398, 26100) and revision (UBR).</summary>
    public int? WindowsBuild { get; init; }

    public int? WindowsRevision { get; init; }

    /// <summary>SecurityPatch channel suffix date (<c>-YYYY.MM.DD</c> after the version), when present.</summary>
    public DateOnly? SecurityPatchDate { get; init; }

    /// <summary>
    /// Images of one lineage (gallery + SKU) replace each other; the latest-image lookup is keyed by this.
    /// E.g. <c>AKSUbuntu-2204gen2containerd</c>.
    /// </summary>
    public string Lineage => Sku.Length == 0 ? Gallery : $"{Gallery}-{Sku}";
}
