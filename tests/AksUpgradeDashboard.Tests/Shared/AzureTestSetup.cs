using AksUpgradeDashboard.Azure;
using AksUpgradeDashboard.Configuration;
using AksUpgradeDashboard.Model;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Emulator = AksUpgradeDashboard.ArmEmulator.ArmEmulator;

namespace AksUpgradeDashboard.Tests.Shared;

/// <summary>The real ARM client and Azure source, pointed at a local HTTPS ARM emulator, with a fake credential.</summary>
public static class AzureTestSetup
{
    public const string ArmAudience = "https://management.azure.com/";

    public static string SampleFleetPath { get; } = Path.Combine(
        RepositoryRoot(), "src", "AksUpgradeDashboard", "Azure", "Sample", "sample-fleet.json");

    public static AzureOptions Options(Emulator emulator, Action<AzureOptions>? change = null)
    {
        var options = new AzureOptions
        {
            Credential = "AzureCli",
            ResourceManagerEndpoint = emulator.BaseUri.ToString(),
            ResourceManagerAudience = ArmAudience,
            RequestTimeout = TimeSpan.FromSeconds(10),
            MaxRetries = 3,
        };
        change?.Invoke(options);
        return options;
    }

    public static ArmRestClient Client(Emulator emulator, AzureOptions options, FakeTokenCredential? credential = null) =>
        new(options, credential ?? new FakeTokenCredential(), new HttpClientTransport(emulator.CreateTrustingHandler()));

    public static AzureInventorySource Source(ArmRestClient client, AzureOptions options, int maxConcurrency = 4) =>
        new(client, Microsoft.Extensions.Options.Options.Create(options),
            Microsoft.Extensions.Options.Options.Create(new InventoryOptions { Source = InventoryOptions.AzureSource, MaxConcurrency = maxConcurrency }),
            TestFleet.Time(), NullLogger<AzureInventorySource>.Instance);

    public static FleetState Assess(InventorySnapshot snapshot) =>
        FleetState.Build(snapshot, TestFleet.Assessor(), DateOnly.FromDateTime(TestFleet.Now.UtcDateTime));

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AksUpgradeDashboard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AksUpgradeDashboard.sln not found above " + AppContext.BaseDirectory);
    }
}
