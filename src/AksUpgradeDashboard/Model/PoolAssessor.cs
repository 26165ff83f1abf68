using System.Globalization;
using AksUpgradeDashboard.Catalog;

namespace AksUpgradeDashboard.Model;

/// <summary>
/// Judges a pool. Pure: the same inputs and day always give the same answer.
/// Order of severity: a known OS lifecycle problem (Unsupported, then Retiring) wins; then a newer image (Behind);
/// then anything that cannot be judged (Unknown); only a pool that passes every check is Current.
/// </summary>
public sealed class PoolAssessor(OsCatalog catalog, AssessmentPolicy policy)
{
    public OsCatalog Catalog { get; } = catalog;

    public AssessmentPolicy Policy { get; } = policy;

    public PoolAssessment Assess(ClusterInfo cluster, NodePoolInfo pool, LatestImageIndex latestImages, DateOnly today)
    {
        var image = NodeImageVersionParser.Parse(pool.NodeImageVersion);
        var kubernetes = KubernetesVersion.ParseOrNull(pool.KubernetesVersion ?? cluster.CurrentKubernetesVersion ?? cluster.KubernetesVersion);
        var cvm = image.Features.HasFlag(NodeImageFeatures.ConfidentialVm);
        var fips = pool.EnableFips || image.Features.HasFlag(NodeImageFeatures.Fips);

        // The image says what the nodes really run; the SKU rules are the fallback when the image cannot be read.
        var skuResolution = Catalog.ResolveOs(pool.OsType, pool.OsSku, kubernetes, fips, cvm);
        var os = Catalog.FindOsVersion(image.OsId) ?? skuResolution.Os;
        var osUnknownReason = os is null
            ? image.OsId is not null ? $"OS version {image.OsId} is not in the OS catalog." : skuResolution.Reason
            : null;

        var imageAge = image.BuildDate is { } built ? Math.Max(0, today.DayNumber - built.DayNumber) : (int?)null;

        // Lifecycle
        int? daysUntilEnd = os?.EndOfSupport is { } eos ? eos.DayNumber - today.DayNumber : null;
        PoolStatus? lifecycleStatus = null;
        string? lifecycleReason = null;
        if (os is not null)
        {
            if (os.SupportEnded || daysUntilEnd <= 0)
            {
                lifecycleStatus = PoolStatus.Unsupported;
                lifecycleReason = os.EndOfSupport is { } end
                    ? $"{os.DisplayName} reached end of support on {Iso(end)}."
                    : $"{os.DisplayName} is no longer supported.";
                if (os.ImagesRemoved is { } removed)
                {
                    lifecycleReason += removed <= today
                        ? $" Its images were removed on {Iso(removed)}: scaling and reimaging fail."
                        : $" Its images are removed on {Iso(removed)}.";
                }
            }
            else if (daysUntilEnd <= Policy.RetiringHorizonDays)
            {
                lifecycleStatus = PoolStatus.Retiring;
                lifecycleReason = $"{os.DisplayName} reaches end of support on {Iso(os.EndOfSupport!.Value)} (in {daysUntilEnd} days).";
            }
        }

        // Image
        NodeImageVersion? latest = null;
        PoolStatus imageStatus;
        string imageReason;
        int? daysBehind = null;
        int? versionsBehind = null;
        if (string.IsNullOrWhiteSpace(pool.NodeImageVersion))
        {
            imageStatus = PoolStatus.Unknown;
            imageReason = "The pool reports no node image version.";
        }
        else if (!image.IsRecognised)
        {
            imageStatus = PoolStatus.Unknown;
            imageReason = image.UnrecognisedReason ?? $"'{image.Raw}' is not a known node image version.";
        }
        else if ((latest = latestImages.FindLatest(cluster.Location, image.Lineage)) is null)
        {
            imageStatus = PoolStatus.Unknown;
            imageReason = $"No latest image is known for {image.Lineage} in {cluster.Location}.";
        }
        else if (NodeImageVersionParser.CompareVersions(latest, image) > 0)
        {
            imageStatus = PoolStatus.Behind;
            daysBehind = latest.BuildDate is { } l && image.BuildDate is { } c ? Math.Max(0, l.DayNumber - c.DayNumber) : null;
            versionsBehind = latestImages.CountNewer(cluster.Location, image);
            var by = versionsBehind is { } n
                ? $"{n} release{(n == 1 ? "" : "s")}, {daysBehind} days"
                : $"{daysBehind} days";
            imageReason = $"Node image {image.Version} is behind the latest {latest.Version} ({by}).";
        }
        else
        {
            imageStatus = PoolStatus.Current;
            daysBehind = 0;
            versionsBehind = latestImages.HasReleaseHistory ? 0 : null;
            imageReason = $"On the latest node image {image.Version}.";
        }

        PoolStatus status;
        string reason;
        if (lifecycleStatus is { } ls)
        {
            status = ls;
            reason = lifecycleReason!;
        }
        else if (imageStatus == PoolStatus.Behind)
        {
            status = PoolStatus.Behind;
            reason = imageReason;
        }
        else if (imageStatus == PoolStatus.Unknown)
        {
            // The image is the root cause: it would also have told the OS version.
            status = PoolStatus.Unknown;
            reason = imageReason;
        }
        else if (os is null)
        {
            status = PoolStatus.Unknown;
            reason = osUnknownReason ?? "The pool's OS version cannot be told.";
        }
        else
        {
            status = imageStatus;
            reason = imageStatus == PoolStatus.Current && os.EndOfSupport is { } e
                ? $"{imageReason} {os.DisplayName} is supported until {Iso(e)}."
                : imageReason;
        }

        // Next major version
        var next = Catalog.FindOsVersion(os?.SuccessorId);
        string? blocked = null;
        if (next is not null && os?.SuccessorOsSku is { } targetSku)
        {
            var target = Catalog.ResolveOs(next.OsType, targetSku, kubernetes, fips, cvm);
            if (target.Os is null)
            {
                blocked = target.Reason;
            }
        }

        var atNextMinor = kubernetes is { } k
            ? Catalog.ResolveOs(pool.OsType, pool.OsSku, k.NextMinor, fips, cvm).Os
            : null;

        return new PoolAssessment
        {
            Status = status,
            StatusReason = reason,
            Image = image,
            LatestNodeImageVersion = latest?.Raw,
            Os = os,
            ImageAgeDays = imageAge,
            DaysBehindLatest = daysBehind,
            VersionsBehind = versionsBehind,
            DaysUntilEndOfSupport = daysUntilEnd,
            MajorUpgradeAvailable = next is not null,
            NextOs = next,
            UpgradePath = next is null ? null : os?.UpgradePath,
            UpgradeTargetOsSku = next is null ? null : os?.SuccessorOsSku,
            UpgradeBlockedReason = blocked,
            OsAtNextKubernetesMinor = atNextMinor,
        };
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
