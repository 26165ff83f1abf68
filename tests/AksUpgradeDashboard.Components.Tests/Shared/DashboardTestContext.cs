using System.Reflection;
using AksUpgradeDashboard.Catalog;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Azure.Sample;
using AksUpgradeDashboard.Model;
using AksUpgradeDashboard.Windows;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace AksUpgradeDashboard.Components.Tests;

/// <summary>
/// A bUnit context wired like the app (see <c>DashboardHostingExtensions</c>): MudBlazor, a fixed clock, the shipped
/// OS catalog, the assessor and a singleton <see cref="InventoryStore"/> over the sample fleet (or a fake source).
/// </summary>
public abstract class DashboardTestContext : BunitContext
{
    /// <summary>The day every test runs on: the catalog's as-of date, so the sample fleet has every status.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private IInventorySource? _source;
    private bool _sourceUsed;
    private readonly Lock _databaseLock = new();
    private bool _databaseMigrated;

    protected DashboardTestContext()
    {
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        JSInterop.Mode = JSRuntimeMode.Loose;

        Time = new FakeTimeProvider(Now);
        Catalog = OsCatalog.LoadDefault();

        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton(Catalog);
        Services.AddSingleton(new PoolAssessor(Catalog, new AssessmentPolicy()));
        Services.AddScoped<AksUpgradeDashboard.Components.Controls.DismissedNotices>();
        Services.AddSingleton<IMaintenanceConfigurationReader, AksUpgradeDashboard.Azure.Sample.SampleMaintenanceConfigurationReader>();
        Services.AddSingleton<IInventorySource>(sp =>
        {
            _sourceUsed = true;
            return _source ?? new SampleInventorySource(sp.GetRequiredService<TimeProvider>());
        });
        Services.AddSingleton<InventoryStore>(sp => new InventoryStore(
            sp.GetRequiredService<IInventorySource>(),
            sp.GetRequiredService<PoolAssessor>(),
            sp.GetRequiredService<TimeProvider>(),
            NullLogger<InventoryStore>.Instance));

        // The dashboard's own data (e.g. blackout periods for the Settings page): a SQLite file of this context's own,
        // created and migrated the first time a test resolves the DbContext, deleted when the context is disposed.
        DatabasePath = Path.Combine(Path.GetTempPath(), $"aks-dashboard-components-{Guid.NewGuid():N}.db");
        Services.AddDbContext<DashboardDbContext>(options =>
        {
            MigrateDatabaseOnce();
            options.UseSqlite(DatabaseConnectionString);
        });
        Services.AddUpgradeWindows();
        // Notifications as the app has them by default: off (no SMTP host, no webhook), people remembered all the same.
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new AksUpgradeDashboard.Notifications.NotificationOptions()));
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new AksUpgradeDashboard.Configuration.DashboardOptions()));
        Services.AddScoped<AksUpgradeDashboard.Notifications.NotificationOutbox>();
        Services.AddScoped<AksUpgradeDashboard.Notifications.PeopleDirectory>();
        Services.AddScoped<AksUpgradeDashboard.Notifications.NotificationHealth>();
        AksUpgradeDashboard.Rollouts.RolloutServices.AddRollouts(Services);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new AksUpgradeDashboard.Configuration.ComplianceOptions()));
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new AksUpgradeDashboard.Configuration.InventoryOptions()));
        Services.AddScoped<AksUpgradeDashboard.Compliance.CompliancePolicyService>();
        Services.AddScoped<AksUpgradeDashboard.Compliance.ComplianceHistory>();
        Services.AddScoped<AksUpgradeDashboard.Compliance.ComplianceReportService>();

        // Carrying out windows (the window page's run card): the services as the app has them, but not AddExecution —
        // no executor in the background, and no options validation (it refuses Manual on the sample inventory, which
        // these tests run on). The mode is Off unless a test calls UseExecution. ARM is never reached: every request is
        // recorded in ArmRequests and answered 500.
        Services.AddSingleton(new Microsoft.Extensions.Options.OptionsWrapper<AksUpgradeDashboard.Execution.ExecutionOptions>(ExecutionOptions) as Microsoft.Extensions.Options.IOptions<AksUpgradeDashboard.Execution.ExecutionOptions>);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new AksUpgradeDashboard.Configuration.ApprovalOptions()));
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new AksUpgradeDashboard.Configuration.AzureOptions()));
        Services.AddSingleton(sp => new AksUpgradeDashboard.Azure.ArmRestClient(
            new AksUpgradeDashboard.Configuration.AzureOptions { MaxRetries = 0 }, new FakeTokenCredential(),
            new global::Azure.Core.Pipeline.HttpClientTransport(new HttpClient(ArmRequests))));
        Services.AddScoped<AksUpgradeDashboard.Execution.AksWrites>();
        Services.AddScoped<AksUpgradeDashboard.Execution.ExecutionRunner>();
        Services.AddScoped<AksUpgradeDashboard.Execution.ExecutionService>();

        // Paul, the demo operator and approver; tests of other people call Authorization.SetRoles / SetClaims.
        Authorization = AddAuthorization();
        Authorization.SetAuthorized("paul@contoso.example");
        Authorization.SetClaims(new System.Security.Claims.Claim("preferred_username", "paul@contoso.example"), new System.Security.Claims.Claim("name", "Paul Platform-lead"));
        Authorization.SetRoles(AksUpgradeDashboard.Authentication.DashboardRoles.Operator, AksUpgradeDashboard.Authentication.DashboardRoles.Approver);
        // bUnit grants policies by name rather than evaluating them: Paul's roles give these.
        Authorization.SetPolicies(AksUpgradeDashboard.Authentication.DashboardPolicies.Read, AksUpgradeDashboard.Authentication.DashboardPolicies.Operate, AksUpgradeDashboard.Authentication.DashboardPolicies.Approve);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new AksUpgradeDashboard.Authentication.DashboardAuthenticationOptions()));
    }

    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>The <c>Upgrades</c> options the run card and the execution services see; Off unless a test changes it.</summary>
    protected AksUpgradeDashboard.Execution.ExecutionOptions ExecutionOptions { get; } = new();

    /// <summary>Every request the execution services sent to ARM (none reach anything; each is answered 500).</summary>
    protected RecordingArmHandler ArmRequests { get; } = new();

    /// <summary>Sets <c>Upgrades:Execution</c> for this test.</summary>
    protected void UseExecution(AksUpgradeDashboard.Execution.ExecutionMode mode) => ExecutionOptions.Execution = mode;

    /// <summary>Victor, who may only read: no Operator or Approver role.</summary>
    protected void SignInAsViewer()
    {
        Authorization.SetAuthorized("victor@contoso.example");
        Authorization.SetClaims(new System.Security.Claims.Claim("preferred_username", "victor@contoso.example"), new System.Security.Claims.Claim("name", "Victor Viewer"));
        Authorization.SetRoles(AksUpgradeDashboard.Authentication.DashboardRoles.Viewer);
        Authorization.SetPolicies(AksUpgradeDashboard.Authentication.DashboardPolicies.Read);
    }

    /// <summary>The SQLite file behind the <see cref="DashboardDbContext"/> the pages get.</summary>
    protected string DatabasePath { get; }

    private string DatabaseConnectionString => $"Data Source={DatabasePath};Pooling=False";

    private void MigrateDatabaseOnce()
    {
        lock (_databaseLock)
        {
            if (_databaseMigrated)
            {
                return;
            }

            var options = new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite(DatabaseConnectionString).Options;
            using var db = new DashboardDbContext(options);
            db.Database.Migrate();
            _databaseMigrated = true;
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        DeleteDatabase();
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        DeleteDatabase();
    }

    private void DeleteDatabase()
    {
        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>The running test's token (xunit v3 cancels it when the test times out or the run is aborted).</summary>
    protected static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    protected FakeTimeProvider Time { get; }

    protected OsCatalog Catalog { get; }

    protected InventoryStore Store => Services.GetRequiredService<InventoryStore>();

    /// <summary>bUnit's navigation manager: navigate with it, read <c>Uri</c> and <c>History</c> from it.</summary>
    protected BunitNavigationManager Navigation => (BunitNavigationManager)Services.GetRequiredService<NavigationManager>();

    /// <summary>Replaces the sample fleet with <paramref name="source"/>; call before the store is first used.</summary>
    protected T UseInventorySource<T>(T source)
        where T : IInventorySource
    {
        if (_sourceUsed)
        {
            throw new InvalidOperationException("The inventory store already uses its source; call UseInventorySource before the store is first resolved.");
        }

        _source = source;
        return source;
    }

    /// <summary>Loads the store (as the app's refresh service does at start-up) and returns the fleet the pages will show.</summary>
    protected async Task<FleetState> LoadStoreAsync()
    {
        await Store.RefreshAsync(Cancellation);
        return Store.Current ?? throw new InvalidOperationException("The inventory store did not load: " + Store.LastRefreshError);
    }

    /// <summary>The sample fleet's history as the app stores it on its first day: 90 generated days, then today's snapshot.</summary>
    protected async Task SeedSampleHistoryAsync(FleetState fleet)
    {
        var policy = AksUpgradeDashboard.Model.Compliance.CompliancePolicy.Default;
        await using var scope = Services.CreateAsyncScope();
        var history = scope.ServiceProvider.GetRequiredService<AksUpgradeDashboard.Compliance.ComplianceHistory>();
        var generated = AksUpgradeDashboard.Model.Compliance.SampleComplianceHistory.Generate(AksUpgradeDashboard.Model.Compliance.ComplianceScorecard.Build(fleet, policy).Overall, fleet.AssessedOn);
        Assert.Equal(90, await history.SeedSampleAsync(generated, policy, Cancellation));
        Assert.True(await history.TakeSnapshotAsync(fleet, policy, Cancellation));
    }

    /// <summary>
    /// How many callbacks the store holds. Private state, read by reflection: it is the only way to see a leaked
    /// subscription, because a disposed component's re-render is silently dropped by the renderer.
    /// </summary>
    protected static int SubscriberCount(InventoryStore store)
    {
        var field = typeof(InventoryStore).GetField("_subscribers", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("InventoryStore._subscribers was renamed; update the test helper.");
        var list = (System.Collections.ICollection)(field.GetValue(store) ?? throw new InvalidOperationException("No subscriber list."));
        return list.Count;
    }
}
