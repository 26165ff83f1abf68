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

    /// <summary>The Kubernetes upgrade AKS asks LTS clusters on Ubuntu 22.04 to make first (Azure/AKS#5701).</summary>
    private static readonly KubernetesVersion s_ltsUbuntu2404From = new(1, 33);

    public PoolAssessment Assess(
        ClusterInfo cluster, NodePoolInfo pool, LatestImageIndex latestImages, DateOnly today, KubernetesSupportIndex? kubernetesVersions = null)
    {
        var image = NodeImageVersionParser.Parse(pool.NodeImageVersion);
        var kubernetesText = pool.KubernetesVersion ?? cluster.CurrentKubernetesVersion ?? cluster.KubernetesVersion;
        var kubernetes = KubernetesVersion.ParseOrNull(kubernetesText);
        var (fips, cvm) = PoolVariant.Of(pool, image);

        var resolved = Catalog.ResolvePoolOs(pool.OsType, pool.OsSku, image, kubernetes, fips, cvm);
        var os = resolved.Os;
        var osUnknownReason = resolved.Reason;
        var osOutsideCatalog = os is null && image.OsId is not null;

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
        var onLatest = false;
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
            onLatest = true;
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
        else if (osOutsideCatalog)
        {
            // Its lifecycle cannot be judged, and "Behind" would hide that: the osSKU's guess would be a different OS.
            status = PoolStatus.Unknown;
            reason = osUnknownReason!;
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

        // Next major version: the first successor with an image for the pool's variant (a 20.04 CVM pool goes to 24.04).
        var successor = Catalog.ChooseSuccessor(os, fips, cvm);
        var next = Catalog.FindOsVersion(successor?.OsId);
        string? blocked = null;
        if (next is not null && successor is not null)
        {
            var target = Catalog.ResolveOs(next.OsType, successor.OsSku, kubernetes, fips, cvm);
            if (target.Os is null)
            {
                blocked = target.Reason;
            }
        }

        var atNextMinor = kubernetes is { } k
            ? Catalog.ResolveOsAtKubernetes(os, pool.OsType, pool.OsSku, k.NextMinor, fips, cvm)
            : new OsResolution(null, "The pool's Kubernetes version is not known.");

        var notes = new List<string>();
        if (FleetNotes.IsStopped(cluster.PowerState))
        {
            notes.Add(FleetNotes.ClusterStopped);
        }

        if (string.Equals(cluster.SupportPlan, KubernetesSupportIndex.LongTermSupportPlan, StringComparison.OrdinalIgnoreCase)
            && kubernetes >= s_ltsUbuntu2404From && os?.Id == "Ubuntu2204")
        {
            notes.Add(FleetNotes.LtsNeedsUbuntu2404);
        }

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
            OnLatestImage = onLatest,
            MajorUpgradeAvailable = next is not null,
            NextOs = next,
            UpgradePath = next is null ? null : successor?.UpgradePath,
            UpgradeTargetOsSku = next is null ? null : successor?.OsSku,
            UpgradeBlockedReason = blocked,
            OsAtNextKubernetesMinor = atNextMinor.Os,
            OsAtNextKubernetesMinorReason = atNextMinor.Reason,
            KubernetesSupport = (kubernetesVersions ?? KubernetesSupportIndex.Empty).Assess(cluster.Location, kubernetesText, cluster.SupportPlan),
            Notes = [.. notes],
        };
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
