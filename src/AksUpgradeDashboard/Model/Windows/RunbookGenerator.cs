using System.Globalization;
using System.Text;
using AksUpgradeDashboard.Catalog;

namespace AksUpgradeDashboard.Model.Windows;

/// <summary>One step of a runbook. <see cref="Command"/> is a copy-pasteable shell line (az/kubectl), null for a manual check.</summary>
public sealed record RunbookStep(string Title, string? Command, string? Explanation);

/// <summary>One upgrade setting of one pool: what it is now, what the runbook recommends, and why.</summary>
public sealed record RunbookSetting(string Name, string Current, string Recommended, string Why)
{
    public bool Differs => !string.Equals(Current.Trim(), Recommended.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>Everything an operator needs to carry out one upgrade plan by hand.</summary>
public sealed record Runbook(string Title, IReadOnlyList<RunbookSetting> Settings, IReadOnlyList<RunbookStep> Steps, IReadOnlyList<string> Warnings)
{
    /// <summary>The whole runbook as plain text (markdown-ish), for copying and for an export.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append("# ").Append(Title).Append('\n');

        if (Settings.Count > 0)
        {
            text.Append("\n## Upgrade settings\n\n");
            text.Append("| Setting | Current | Recommended | Change | Why |\n");
            text.Append("|---|---|---|---|---|\n");
            foreach (var s in Settings)
            {
                text.Append("| ").Append(Cell(s.Name))
                    .Append(" | ").Append(Cell(s.Current))
                    .Append(" | ").Append(Cell(s.Recommended))
                    .Append(" | ").Append(s.Differs ? "yes" : "no")
                    .Append(" | ").Append(Cell(s.Why))
                    .Append(" |\n");
            }
        }

        text.Append("\n## Steps\n");
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            text.Append('\n').Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(". ").Append(step.Title)
                .Append(step.Command is null ? " (manual check)" : "").Append('\n');
            if (!string.IsNullOrWhiteSpace(step.Explanation))
            {
                foreach (var line in step.Explanation.Split('\n'))
                {
                    text.Append("   ").Append(line.TrimEnd('\r')).Append('\n');
                }
            }

            if (step.Command is not null)
            {
                text.Append("   ```\n   ").Append(step.Command).Append("\n   ```\n");
            }
        }

        if (Warnings.Count > 0)
        {
            text.Append("\n## Warnings\n\n");
            foreach (var warning in Warnings)
            {
                text.Append("- ").Append(warning).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}

/// <summary>
/// Turns a validated <see cref="UpgradePlan"/> into a runbook of exact az/kubectl commands. Pure: the same plan and
/// catalog always give the same runbook. Commands are built only from ARM names (subscription, resource group,
/// cluster, pools), the plan's target and fixed text; never from the plan's title or notes.
/// </summary>
public static class RunbookGenerator
{
    public static Runbook Generate(UpgradePlan plan, OsCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(catalog);
        return new Builder(plan, catalog).Build();
    }

    private sealed class Builder(UpgradePlan plan, OsCatalog catalog)
    {
        private const int MinimumWindowHours = 4;
        private const int DrainTimeoutMinutes = UpgradeSettingsAdvice.DrainTimeoutMinutes;

        // --undrainable-node-behavior and --max-unavailable came with Azure CLI 2.74 (az aks nodepool update reference).
        private const string UpgradeSettingsMinimumCli = "2.74";

        // az aks nodepool update --os-sku exists from Azure CLI 2.61; the catalog names later minimums per osSKU.
        private const string OsSkuChangeMinimumCli = "2.61";

        private readonly UpgradePlan _plan = plan;
        private readonly OsCatalog _catalog = catalog;
        private readonly ClusterInfo _cluster = plan.Cluster;
        private readonly List<RunbookSetting> _settings = [];
        private readonly List<RunbookStep> _steps = [];
        private readonly List<string> _warnings = [];
        private readonly List<(Version Version, string Why)> _cliNeeds = [];
        private int _cliCheckAt;

        private string Rg => Arg(_cluster.ResourceGroup);

        private string ClusterName => Arg(_cluster.Name);

        private string ClusterArgs => $"--resource-group {Rg} --name {ClusterName}";

        private bool IsProduction => UpgradeSettingsAdvice.IsProduction(_cluster);

        public Runbook Build()
        {
            WindowAndStateWarnings();
            CommonFirstSteps();
            _cliCheckAt = _steps.Count;

            switch (_plan.Kind)
            {
                case UpgradeKind.NodeImage:
                    NodeImage();
                    break;
                case UpgradeKind.OsSkuChange:
                    OsSkuChange();
                    break;
                case UpgradeKind.KubernetesVersion:
                    KubernetesVersionUpgrade();
                    break;
                case UpgradeKind.NewNodePool:
                    NewNodePool();
                    break;
                default:
                    _warnings.Add($"Upgrade kind {_plan.Kind} is not known to the runbook generator; no upgrade commands were generated.");
                    break;
            }

            FinalSteps();
            InsertCliCheck();
            return new Runbook(RunbookTitle(), _settings, _steps, _warnings);
        }

        /// <summary>Notes that a command of this runbook needs at least <paramref name="version"/> of the Azure CLI.</summary>
        private void RequireCli(string version, string why) => _cliNeeds.Add((Version.Parse(version), why));

        // One check, before the first command, for the newest CLI any command needs.
        private void InsertCliCheck()
        {
            if (_cliNeeds.Count == 0)
            {
                return;
            }

            var newest = _cliNeeds.Max(n => n.Version)!;
            var reasons = string.Join("; ", _cliNeeds.Select(n => $"{n.Why} needs {n.Version}").Distinct(StringComparer.Ordinal));
            _steps.Insert(_cliCheckAt, new RunbookStep("Check the Azure CLI version", "az version",
                $"This runbook needs Azure CLI {newest} or later (\"azure-cli\" in the output; update with az upgrade if it is older): {reasons}."));
        }

        // ---- Common parts -------------------------------------------------------------------------------------

        private string RunbookTitle()
        {
            var what = _plan.Kind switch
            {
                UpgradeKind.NodeImage => "node image upgrade",
                UpgradeKind.OsSkuChange => $"osSKU change to {_plan.Target}",
                UpgradeKind.KubernetesVersion => $"Kubernetes upgrade to {_plan.Target}",
                UpgradeKind.NewNodePool => $"new node pools on {_plan.Target}",
                _ => _plan.Kind.ToString(),
            };
            var start = _plan.StartUtc.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            return $"{_plan.Title}: {what} on {_cluster.Name} ({_cluster.ResourceGroup}), window {start} UTC, {FormatLength(_plan.Length)}";
        }

        private void WindowAndStateWarnings()
        {
            if (_plan.Length < TimeSpan.FromHours(MinimumWindowHours))
            {
                _warnings.Add($"The window is {FormatLength(_plan.Length)} long; AKS recommends at least 4 hours, since pools upgrade one after another and a drain can take {DrainTimeoutMinutes} minutes per node.");
            }

            if (_plan.Pools.Count == 0)
            {
                _warnings.Add("The plan covers no node pools.");
            }

            if (IsStopped(_cluster.PowerState))
            {
                _warnings.Add($"Cluster {_cluster.Name} is stopped; start the cluster first: az aks start {ClusterArgs}");
            }

            foreach (var pool in _plan.Pools.Where(p => IsStopped(p.PowerState)))
            {
                _warnings.Add($"Pool {pool.Name} is stopped; start it first: az aks nodepool start {PoolArgs(pool)}");
            }
        }

        private void CommonFirstSteps()
        {
            if (!string.IsNullOrWhiteSpace(_plan.Notes))
            {
                Manual("Read the planner's notes", _plan.Notes.Trim());
            }

            Step("Select the subscription", $"az account set --subscription {Arg(_cluster.SubscriptionId)}", null);

            if (IsStopped(_cluster.PowerState))
            {
                Step("Start the cluster", $"az aks start {ClusterArgs}", "The cluster is stopped; AKS cannot upgrade a stopped cluster.");
            }

            foreach (var pool in _plan.Pools.Where(p => IsStopped(p.PowerState)))
            {
                Step($"Start pool {pool.Name}", $"az aks nodepool start {PoolArgs(pool)}", "The pool is stopped.");
            }

            Step("Get cluster credentials for kubectl", $"az aks get-credentials {ClusterArgs}",
                "Merges the cluster into your kubeconfig and makes it the current context; the kubectl steps below run against it.");

            foreach (var pool in _plan.Pools)
            {
                Step($"Check the current state of pool {pool.Name}",
                    $"az aks nodepool show {PoolArgs(pool)} --query \"{{image:nodeImageVersion, k8s:currentOrchestratorVersion, osSku:osSku}}\" -o table",
                    $"The dashboard last saw image {pool.NodeImageVersion ?? "(unknown)"}, Kubernetes {pool.KubernetesVersion ?? "(unknown)"}, osSKU {pool.OsSku ?? "(default)"}. Stop if the pool is in a failed or upgrading state.");
            }

            Step("Check PodDisruptionBudgets", "kubectl get pdb -A",
                "Every PDB should allow at least one disruption (ALLOWED DISRUPTIONS > 0). A PDB that allows none blocks the drain of its nodes until the drain timeout.");
        }

        private void FinalSteps()
        {
            Step("Check the nodes", "kubectl get nodes -o wide",
                "Every node should be Ready and show the expected OS image and kubelet version; none should stay cordoned (SchedulingDisabled) except on purpose.");
            Manual("Confirm workloads are healthy",
                "Check that every Deployment, StatefulSet and DaemonSet is back at full replicas, no pods are Pending or CrashLooping (kubectl get pods -A), and your service checks and dashboards are green. Look for nodes labelled kubernetes.azure.com/upgrade-status=Quarantined and clean them up.");
        }

        private void WatchEvents() =>
            Step("In a second terminal, watch node events while the upgrade runs",
                "kubectl get events -A --field-selector involvedObject.kind=Node --watch",
                "Shows surge, drain and upgrade events (and drain failures) as they happen; the az commands only return when a pool is done. Stop it with Ctrl+C at the end. Events are kept for about an hour.");

        // ---- Surge, drain and soak --------------------------------------------------------------------------

        private void UpgradeSettings(IEnumerable<NodePoolInfo> pools)
        {
            var production = IsProduction;
            foreach (var pool in pools)
            {
                var current = pool.UpgradeSettings;
                var system = IsSystem(pool);
                var windows = IsWindows(pool);
                var advice = UpgradeSettingsAdvice.For(pool, production);

                var surge = new RunbookSetting(
                    $"{pool.Name}: maxSurge",
                    current?.MaxSurge ?? UpgradeSettingsAdvice.DefaultMaxSurge,
                    advice.MaxSurge,
                    (production
                        ? "AKS recommends 33% for production: faster than the default while limiting disruption."
                        : "50% for non-production clusters (no env=prod/production tag) finishes sooner.")
                    + " Surge nodes need VM quota and subnet IPs." + DefaultNote(current?.MaxSurge is null, UpgradeSettingsAdvice.DefaultMaxSurge));

                var unavailable = new RunbookSetting(
                    $"{pool.Name}: maxUnavailable",
                    current?.MaxUnavailable ?? "0",
                    advice.MaxUnavailable,
                    (system
                        ? "Not allowed on system pools; keep 0 and rely on surge."
                        : (windows ? "Applies to Windows pools too. " : "")
                          + "Nodes drained in place without a surge node; keep 0 unless quota or subnet IPs are short (then 1 for production, 2 for dev/test).")
                    + DefaultNote(current?.MaxUnavailable is null, "0"));

                var drain = new RunbookSetting(
                    $"{pool.Name}: drainTimeoutInMinutes",
                    (current?.DrainTimeoutInMinutes ?? DrainTimeoutMinutes).ToString(CultureInfo.InvariantCulture),
                    advice.DrainTimeoutInMinutes.ToString(CultureInfo.InvariantCulture),
                    "How long AKS waits for the pods of one node to be evicted (honouring PDBs); when exceeded the upgrade stops."
                    + DefaultNote(current?.DrainTimeoutInMinutes is null, "30"));

                var soak = new RunbookSetting(
                    $"{pool.Name}: nodeSoakDurationInMinutes",
                    (current?.NodeSoakDurationInMinutes ?? 0).ToString(CultureInfo.InvariantCulture),
                    advice.NodeSoakDurationInMinutes.ToString(CultureInfo.InvariantCulture),
                    (production
                        ? "Wait 5 minutes after draining each node so problems show before the next batch."
                        : "0 to 5 minutes is enough outside production.")
                    + " Allowed 0 to 30." + DefaultNote(current?.NodeSoakDurationInMinutes is null, "0"));

                var undrainable = new RunbookSetting(
                    $"{pool.Name}: undrainableNodeBehavior",
                    current?.UndrainableNodeBehavior ?? "Schedule",
                    advice.UndrainableNodeBehavior,
                    "Cordon (recommended) quarantines a node that cannot be drained (label kubernetes.azure.com/upgrade-status=Quarantined) and carries on; clean it up by hand afterwards."
                    + DefaultNote(current?.UndrainableNodeBehavior is null, "Schedule"));

                RunbookSetting[] all = [surge, unavailable, drain, soak, undrainable];
                _settings.AddRange(all);

                if (all.Any(s => s.Differs))
                {
                    var command = $"az aks nodepool update {PoolArgs(pool)} --max-surge {Arg(surge.Recommended)} --drain-timeout {drain.Recommended} --node-soak-duration {soak.Recommended} --undrainable-node-behavior Cordon";
                    RequireCli(UpgradeSettingsMinimumCli, "--undrainable-node-behavior");
                    if (unavailable.Differs)
                    {
                        command += $" --max-unavailable {Arg(unavailable.Recommended)}";
                        RequireCli(UpgradeSettingsMinimumCli, "--max-unavailable");
                    }

                    Step($"Set the upgrade settings of pool {pool.Name}", command,
                        "Changes only how the pool upgrades (no nodes are replaced by this command). See the settings table for each value.");
                }
            }
        }

        private static string DefaultNote(bool isDefault, string value) =>
            isDefault ? $" Not set on the pool, so the AKS default {value} applies." : "";

        // ---- Node image ---------------------------------------------------------------------------------------

        private void NodeImage()
        {
            UpgradeSettings(_plan.Pools);

            foreach (var pool in _plan.Pools)
            {
                Step($"Find the latest node image for pool {pool.Name}",
                    $"az aks nodepool get-upgrades --resource-group {Rg} --cluster-name {ClusterName} --nodepool-name {Arg(pool.Name)} --query latestNodeImageVersion -o tsv",
                    $"Compare with the current image {pool.NodeImageVersion ?? "(unknown)"}; if they are the same, skip this pool. Only the latest image can be installed.");
            }

            WatchEvents();

            var first = true;
            foreach (var pool in _plan.Pools)
            {
                var explanation = "Reimages every node onto the latest image of the same OS version, surging and draining as the settings say. The Kubernetes version does not change.";
                if (first && _plan.AllPools)
                {
                    explanation += $" Since the plan covers all pools, you can instead upgrade them all in one go with: az aks upgrade {ClusterArgs} --node-image-only";
                }

                Step($"Upgrade the node image of pool {pool.Name}", $"az aks nodepool upgrade {PoolArgs(pool)} --node-image-only", explanation);
                first = false;
            }

            foreach (var pool in _plan.Pools)
            {
                Step($"Verify the node image of pool {pool.Name}",
                    $"az aks nodepool show {PoolArgs(pool)} --query nodeImageVersion -o tsv",
                    "Should print the latest image found above.");
            }
        }

        // ---- osSKU change -------------------------------------------------------------------------------------

        private void OsSkuChange()
        {
            var target = _plan.Target?.Trim();
            if (string.IsNullOrEmpty(target))
            {
                _warnings.Add("The plan has no target osSKU; no osSKU change commands were generated.");
                return;
            }

            var targetSku = _catalog.OsSkus.GetValueOrDefault(target);
            if (targetSku is null)
            {
                _warnings.Add($"osSKU {target} is not in the OS catalog; check that it is a valid osSKU for AKS before running the commands.");
            }

            var pools = new List<NodePoolInfo>();
            foreach (var pool in _plan.Pools)
            {
                if (IsWindows(pool))
                {
                    _warnings.Add($"Pool {pool.Name} is a Windows pool: Windows osSKUs cannot be changed in place, so no command is given for it. Add a new Windows pool and move workloads (a new node pool plan) instead.");
                    continue;
                }

                if (targetSku is not null && string.Equals(targetSku.OsType, "Windows", StringComparison.OrdinalIgnoreCase))
                {
                    _warnings.Add($"Pool {pool.Name} is a Linux pool and cannot change to the Windows osSKU {target}; no command is given for it.");
                    continue;
                }

                if (string.Equals(pool.OsSku, target, StringComparison.OrdinalIgnoreCase))
                {
                    _warnings.Add($"Pool {pool.Name} already uses osSKU {target}; no command is given for it.");
                    continue;
                }

                pools.Add(pool);
            }

            if (pools.Count == 0)
            {
                return;
            }

            RequireCli(targetSku?.MinimumAzureCli ?? OsSkuChangeMinimumCli, $"changing the osSKU to {target}");
            var extraFlags = targetSku?.ChangeArguments is { } flags ? " " + flags : "";

            UpgradeSettings(pools);
            WatchEvents();

            foreach (var pool in pools)
            {
                var (fips, cvm) = Variant(pool);
                var k8s = PoolKubernetes(pool);
                var from = CurrentOs(pool, k8s, fips, cvm);
                var to = _catalog.ResolveOs(pool.OsType, target, k8s, fips, cvm);
                if (targetSku is not null && to.Os is null)
                {
                    _warnings.Add($"Pool {pool.Name}: {to.Reason} The update fails if AKS has no such image either.");
                }

                var move = to.Os is not null
                    ? $" (from {from?.DisplayName ?? "its current OS"} to {to.Os.DisplayName})"
                    : "";
                var secureBoot = targetSku?.ChangeArguments is { } needed
                    ? $" {target} also needs {needed} on the pool, which the command sets."
                    : "";
                Step($"Change the osSKU of pool {pool.Name} to {target}",
                    $"az aks nodepool update {PoolArgs(pool)} --os-sku {Arg(target)}{extraFlags}",
                    $"Immediately reimages every node of the pool onto the latest image of the target OS{move}, surging and draining like a node image upgrade. The Kubernetes version does not change.{secureBoot} {WayBack(pool, k8s, fips, cvm)}");
            }

            foreach (var pool in pools)
            {
                Step($"Verify the osSKU of pool {pool.Name}",
                    $"az aks nodepool show {PoolArgs(pool)} --query osSku -o tsv",
                    $"Should print {target}.");
            }
        }

        // ---- Kubernetes version -------------------------------------------------------------------------------

        private void KubernetesVersionUpgrade()
        {
            if (!KubernetesVersion.TryParse(_plan.Target, out var target))
            {
                _warnings.Add($"The plan's target '{_plan.Target}' is not a Kubernetes version such as 1.35 or 1.35.1; no upgrade commands were generated.");
                return;
            }

            var version = target.ToString();
            var controlPlane = KubernetesVersion.ParseOrNull(_cluster.CurrentKubernetesVersion ?? _cluster.KubernetesVersion);
            if (controlPlane is { } cp && target.Minor - cp.Minor > 1 && target.Major == cp.Major)
            {
                _warnings.Add($"The control plane runs {cp}; AKS cannot skip Kubernetes minor versions, so upgrade to {cp.Major}.{cp.Minor + 1} first.");
            }

            foreach (var pool in _plan.Pools)
            {
                OsChangeWarning(pool, target);
            }

            Step("List the Kubernetes versions the cluster can upgrade to", $"az aks get-upgrades {ClusterArgs} -o table",
                $"{version} must be listed as an available upgrade.");

            UpgradeSettings(_plan.Pools);
            WatchEvents();

            if (_plan.AllPools)
            {
                Step($"Upgrade the control plane and all pools to {version}",
                    $"az aks upgrade {ClusterArgs} --kubernetes-version {version}",
                    "Upgrades the control plane first, then every node pool one after another (each also gets the latest node image), surging and draining as the pool settings say.");
            }
            else
            {
                var alreadyThere = controlPlane is { } now && now.CompareTo(target) == 0 && (target.Patch is null || target.Patch == now.Patch);
                if (alreadyThere)
                {
                    _warnings.Add($"The control plane already runs {controlPlane}; the control plane step is left out.");
                }
                else
                {
                    Step($"Upgrade the control plane to {version}",
                        $"az aks upgrade {ClusterArgs} --control-plane-only --kubernetes-version {version}",
                        "Upgrades only the control plane; pools cannot run a newer version than the control plane.");
                }

                foreach (var pool in _plan.Pools)
                {
                    Step($"Upgrade pool {pool.Name} to {version}",
                        $"az aks nodepool upgrade {PoolArgs(pool)} --kubernetes-version {version}",
                        "Replaces every node with one on the new version and the latest node image, surging and draining as the settings say.");
                }
            }

            Step("Verify the control plane version", $"az aks show {ClusterArgs} --query currentKubernetesVersion -o tsv", null);
            foreach (var pool in _plan.Pools)
            {
                Step($"Verify pool {pool.Name}",
                    $"az aks nodepool show {PoolArgs(pool)} --query \"{{image:nodeImageVersion, k8s:currentOrchestratorVersion, osSku:osSku}}\" -o table",
                    $"k8s should show {version}.");
            }
        }

        private void OsChangeWarning(NodePoolInfo pool, KubernetesVersion target)
        {
            var (fips, cvm) = Variant(pool);
            var k8s = PoolKubernetes(pool);
            var sku = string.IsNullOrWhiteSpace(pool.OsSku) ? (IsWindows(pool) ? "Windows" : "Ubuntu") : pool.OsSku;
            var from = CurrentOs(pool, k8s, fips, cvm);
            var to = _catalog.ResolveOsAtKubernetes(from, pool.OsType, pool.OsSku, target, fips, cvm);
            var at = $"{target.Major}.{target.Minor}";

            if (to.Os is null)
            {
                if (IsWindows(pool) && from is not null)
                {
                    _warnings.Add($"Pool {pool.Name}: {to.Reason}");
                }
                else if (_catalog.OsSkus.ContainsKey(sku))
                {
                    _warnings.Add($"Pool {pool.Name}: osSKU {sku} has no known OS version at {at} ({to.Reason}), so the upgrade may fail; move the pool to a supported osSKU first.");
                }

                return;
            }

            if (from is null || string.Equals(from.Id, to.Os.Id, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            var pin = _catalog.OsSkus.Values
                .Where(s => s.Versioned && !s.Deprecated && s.Rules.Any(r => string.Equals(r.OsId, from.Id, StringComparison.OrdinalIgnoreCase)))
                .Where(s => string.Equals(_catalog.ResolveOs(pool.OsType, s.Name, target, fips, cvm).Os?.Id, from.Id, StringComparison.OrdinalIgnoreCase))
                .Select(s => s.Name)
                .Order(StringComparer.Ordinal)
                .FirstOrDefault();
            var advice = pin is not null
                ? $"pin {pin} first if you need to stay"
                : $"no osSKU keeps {from.DisplayName} at {at}, so test your workloads on {to.Os.DisplayName} first";
            _warnings.Add($"Pool {pool.Name} moves from {from.DisplayName} to {to.Os.DisplayName} at {at} (default osSKU {sku}); {advice}.");
        }

        // ---- New node pool (blue/green) -----------------------------------------------------------------------

        private void NewNodePool()
        {
            var target = _plan.Target?.Trim();
            if (string.IsNullOrEmpty(target))
            {
                _warnings.Add("The plan has no target osSKU for the new pools; no commands were generated.");
                return;
            }

            var targetSku = _catalog.OsSkus.GetValueOrDefault(target);
            if (targetSku is null)
            {
                _warnings.Add($"osSKU {target} is not in the OS catalog; check that it is a valid osSKU for AKS before running the commands.");
            }

            _warnings.Add("Blue/green needs about 2x the node capacity (VM quota and subnet IPs) while the old and new pools run side by side.");
            if (targetSku?.MinimumAzureCli is { } minimum)
            {
                RequireCli(minimum, $"a new pool on {target}");
            }

            var taken = new HashSet<string>(_cluster.NodePools.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
            taken.UnionWith(_plan.Pools.Select(p => p.Name));

            var first = true;
            foreach (var pool in _plan.Pools)
            {
                var osType = targetSku?.OsType is { Length: > 0 } t ? t : pool.OsType ?? "Linux";
                var windows = string.Equals(osType, "Windows", StringComparison.OrdinalIgnoreCase);
                if (pool.OsType is not null && !string.Equals(pool.OsType, osType, StringComparison.OrdinalIgnoreCase))
                {
                    _warnings.Add($"Pool {pool.Name} runs {pool.OsType} but {target} is a {osType} osSKU; its workloads cannot move there, so no commands are given for it.");
                    continue;
                }

                var newName = NewPoolNames.For(pool.Name, windows, taken, out var collides);
                taken.Add(newName);
                if (collides)
                {
                    _warnings.Add($"The new pool name {newName} for pool {pool.Name} is already used in cluster {_cluster.Name}; rename it in the commands for pool {pool.Name} (lowercase letters and digits, at most {(windows ? 6 : 12)} characters).");
                }

                var (fips, cvm) = Variant(pool);
                var k8s = pool.KubernetesVersion;
                var resolved = _catalog.ResolveOs(osType, target, KubernetesVersion.ParseOrNull(k8s), fips, cvm);
                if (targetSku is not null && resolved.Os is null)
                {
                    _warnings.Add($"Pool {pool.Name}: {resolved.Reason} Adding the new pool fails unless AKS has such an image.");
                }

                var add = new StringBuilder($"az aks nodepool add --resource-group {Rg} --cluster-name {ClusterName} --name {newName} --os-type {(windows ? "Windows" : "Linux")} --os-sku {Arg(target)}");
                if (pool.Count is { } count)
                {
                    add.Append(" --node-count ").Append(count.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    _warnings.Add($"Pool {pool.Name} reports no node count; add --node-count to the nodepool add command.");
                }

                if (!string.IsNullOrWhiteSpace(pool.VmSize))
                {
                    add.Append(" --node-vm-size ").Append(Arg(pool.VmSize));
                }
                else
                {
                    _warnings.Add($"Pool {pool.Name} reports no VM size; add --node-vm-size to the nodepool add command.");
                }

                if (KubernetesVersion.TryParse(k8s, out var poolVersion))
                {
                    add.Append(" --kubernetes-version ").Append(poolVersion.ToString());
                }

                if (IsSystem(pool))
                {
                    add.Append(" --mode System");
                }

                // The catalog's flags for a new pool of this SKU (a Windows Server 2025 pool needs --enable-fips-image).
                var addFlags = (targetSku?.AddArguments ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
                if (pool.EnableFips && !addFlags.Contains("--enable-fips-image", StringComparer.Ordinal))
                {
                    addFlags.Insert(0, "--enable-fips-image");
                }

                foreach (var flag in addFlags)
                {
                    add.Append(' ').Append(flag);
                }

                var oldName = Arg(pool.Name);
                Step($"Add pool {newName} on {target} next to {pool.Name}", add.ToString(),
                    $"Creates the green pool with the same size, VM size and Kubernetes version as {pool.Name}. Copy anything else the old pool has (labels, taints, zones, autoscaler, max pods, subnet) from az aks nodepool show; the dashboard does not know them.");
                Step($"Wait until the nodes of {newName} are Ready", $"kubectl get nodes -l agentpool={newName}", null);
                Manual($"Point workloads of {pool.Name} at {newName}",
                    windows
                        ? $"Before draining, change Windows workloads that select the old OS to nodeSelector kubernetes.azure.com/os-sku={target} (and matching tolerations), so they can only land on {newName}; a Windows container image must match the host OS version."
                        : $"Before draining, update nodeSelectors, affinities and tolerations that name agentpool={pool.Name} or its osSKU so the pods can run on {newName}.");
                if (first)
                {
                    WatchEvents();
                    first = false;
                }

                Step($"Cordon the nodes of {pool.Name}", $"kubectl cordon -l agentpool={oldName}",
                    "Stops new pods landing on the old nodes; running pods stay.");
                Step($"Drain the nodes of {pool.Name}",
                    $"kubectl drain -l agentpool={oldName} --ignore-daemonsets --delete-emptydir-data --timeout={DrainTimeoutMinutes}m",
                    "Evicts the pods (honouring PDBs) so they are rescheduled on the new pool. Data in emptyDir volumes is lost. If it times out, look at the PDBs and rerun it.");
                Manual($"Validate the workloads on {newName}",
                    $"Check that the moved pods run on {newName} (kubectl get pods -A -o wide) and the services behave. To roll back: kubectl uncordon -l agentpool={oldName}, then kubectl drain -l agentpool={newName} --ignore-daemonsets --delete-emptydir-data and az aks nodepool delete --resource-group {Rg} --cluster-name {ClusterName} --name {newName}.");
                Step($"Delete the old pool {pool.Name}", $"az aks nodepool delete {PoolArgs(pool)}",
                    "Only after validation: this cannot be undone, and the rollback above is no longer possible.");
            }
        }

        // ---- Helpers ------------------------------------------------------------------------------------------

        private string PoolArgs(NodePoolInfo pool) => $"--resource-group {Rg} --cluster-name {ClusterName} --name {Arg(pool.Name)}";

        private void Step(string title, string command, string? explanation) => _steps.Add(new RunbookStep(title, command, explanation));

        private void Manual(string title, string explanation) => _steps.Add(new RunbookStep(title, null, explanation));

        private KubernetesVersion? PoolKubernetes(NodePoolInfo pool) =>
            KubernetesVersion.ParseOrNull(pool.KubernetesVersion ?? _cluster.CurrentKubernetesVersion ?? _cluster.KubernetesVersion);

        // The same rule as the assessment: the image says what the nodes run, then the osSKU rule.
        private OsVersionInfo? CurrentOs(NodePoolInfo pool, KubernetesVersion? k8s, bool fips, bool cvm) =>
            _catalog.ResolvePoolOs(pool.OsType, pool.OsSku, NodeImageVersionParser.Parse(pool.NodeImageVersion), k8s, fips, cvm).Os;

        /// <summary>
        /// How to undo an osSKU change: only with an osSKU AKS still offers the pool at its Kubernetes version (never a
        /// deprecated one such as Mariner or Flatcar, nor Ubuntu2204 on 1.37+) on an OS whose images still exist.
        /// </summary>
        private string WayBack(NodePoolInfo pool, KubernetesVersion? k8s, bool fips, bool cvm)
        {
            var original = string.IsNullOrWhiteSpace(pool.OsSku) ? "Ubuntu" : pool.OsSku;
            var at = k8s is { } k ? $" on Kubernetes {k.Major}.{k.Minor}" : "";
            if (_catalog.OsSkus.GetValueOrDefault(original) is not { Deprecated: false, Preview: false } sku)
            {
                return $"There is no way back to {original}: AKS no longer offers it for new images.";
            }

            var back = _catalog.ResolveOs(pool.OsType, sku.Name, k8s, fips, cvm).Os;
            var windowDay = DateOnly.FromDateTime(_plan.StartUtc.UtcDateTime);
            if (back is null)
            {
                return $"There is no way back to {original}{at}: AKS does not offer it there.";
            }

            // An OS whose images are gone by the window cannot be gone back to either (Azure Linux 2.0 after 2026-03-31).
            return back.SupportEnded || back.ImagesRemoved is { } removed && removed <= windowDay
                ? $"There is no way back to {original}{at}: its {back.DisplayName} images are no longer available."
                : $"To go back, run the same command with --os-sku {Arg(sku.Name)}.";
        }

        private static PoolVariant Variant(NodePoolInfo pool) => PoolVariant.Of(pool, NodeImageVersionParser.Parse(pool.NodeImageVersion));

        private bool IsWindows(NodePoolInfo pool) =>
            string.Equals(pool.OsType, "Windows", StringComparison.OrdinalIgnoreCase)
            || (pool.OsSku is not null && _catalog.OsSkus.TryGetValue(pool.OsSku, out var sku) && string.Equals(sku.OsType, "Windows", StringComparison.OrdinalIgnoreCase));

        private static bool IsSystem(NodePoolInfo pool) => string.Equals(pool.Mode, "System", StringComparison.OrdinalIgnoreCase);

        private static bool IsStopped(string? powerState) => string.Equals(powerState, "Stopped", StringComparison.OrdinalIgnoreCase);

        private static string FormatLength(TimeSpan length)
        {
            var minutes = (long)Math.Round(length.TotalMinutes);
            var hours = minutes / 60;
            var rest = minutes % 60;
            return rest == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{hours} h")
                : string.Create(CultureInfo.InvariantCulture, $"{hours} h {rest} min");
        }

        /// <summary>
        /// A shell word. ARM names are plain (letters, digits, '-', '_', '.'), so they are used as they are; anything
        /// else (a resource group may contain parentheses) is single-quoted so it cannot break the command.
        /// </summary>
        private static string Arg(string value) => AzCli.Quote(value);
    }
}
