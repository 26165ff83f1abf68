using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AksUpgradeDashboard.Data;
using AksUpgradeDashboard.Inventory;
using AksUpgradeDashboard.Tests.Shared;
using Azure.Core;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace AksUpgradeDashboard.Tests.Integration;

/// <summary>The schema on each provider: its migrations, start-up on an empty database, and what is provider-specific.</summary>
public abstract class DatabaseTests(TestDatabaseProvider provider)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrations_NewDatabase_AllAppliedAndTheyMatchTheModel()
    {
        await using var factory = new DashboardFactory(provider);
        _ = factory.CreateClient();
        await using var db = factory.Database.OpenContext();

        var applied = (await db.Database.GetAppliedMigrationsAsync(Ct)).ToList();

        Assert.NotEmpty(applied);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        // A model change without a migration for this provider would show here.
        Assert.False(db.Database.HasPendingModelChanges(), $"The model has changes with no {provider} migration: add one (see DashboardDbContext).");
        // Nothing read the database before it was migrated (Data Protection's key ring once did).
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("DataProtectionKeys", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Migrate_TwoReplicasStartingOnAnEmptyDatabaseAtOnce_EachMigrationAppliedOnce()
    {
        using var database = TestDatabase.Create(provider);
        await using var first = database.OpenContext();
        await using var second = database.OpenContext();

        // What two replicas' DatabaseMigrator do when they start together: one applies each migration, the other finds
        // it done. (With EF Core's lock alone, PostgreSQL applied the second of two migrations twice: "column already exists".)
        await Task.WhenAll(Task.Run(() => DatabaseMigrator.MigrateAsync(first, Ct), Ct), Task.Run(() => DatabaseMigrator.MigrateAsync(second, Ct), Ct));
        await using var factory = new DashboardFactory(provider).WithDatabase(database);
        var client = factory.CreateClientAs(null);
        await factory.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(Ct); // ready needs the inventory too
        var ready = await client.GetAsync("/readyz", Ct);

        Assert.Equal(
            first.GetService<IMigrationsAssembly>().Migrations.Keys.Order(StringComparer.Ordinal),
            await first.Database.GetAppliedMigrationsAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task AuditEntries_SqlUpdateDeleteOrTruncate_RefusedByTheDatabase()
    {
        await using var factory = new DashboardFactory(provider);
        var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/windows", TestFleet.PaymentsApiWindow("Audited"), Ct);
        response.EnsureSuccessStatusCode();
        await using var db = factory.Database.OpenContext();

        // SQLite has no TRUNCATE; its equivalent is a DELETE without WHERE, covered by the DELETE trigger.
        string[] statements = provider == TestDatabaseProvider.PostgreSql
            ? ["""UPDATE "AuditEntries" SET "Actor" = 'someone-else'""", """DELETE FROM "AuditEntries" """, """TRUNCATE "AuditEntries" """]
            : ["""UPDATE "AuditEntries" SET "Actor" = 'someone-else'""", """DELETE FROM "AuditEntries" """];
        foreach (var sql in statements)
        {
            var refused = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync(sql, Ct));
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        }

        var entry = Assert.Single(await db.AuditEntries.AsNoTracking().ToListAsync(Ct));
        Assert.Equal("paul@contoso.example", entry.Actor);
    }

    // Hole: triggers stop mistakes, not someone with the database: INSERT OR REPLACE (SQLite) or dropping the triggers
    // rewrote an entry unseen. Each entry now carries a hash over its content and the previous entry's hash, and
    // /api/v1/audit/verify names the first entry that no longer matches.
    [Fact]
    public async Task AuditChain_EntryRewrittenBehindTheAppsBack_VerificationNamesIt()
    {
        await using var factory = new DashboardFactory(provider);
        var paul = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            (await paul.PostAsJsonAsync("/api/v1/windows", TestFleet.PaymentsApiWindow($"Chained {i}", day: 20 + i), Ct)).EnsureSuccessStatusCode();
        }

        var admin = factory.CreateClientAs("ada");
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify", Ct);
        await using var db = factory.Database.OpenContext();
        var victim = (await db.AuditEntries.AsNoTracking().OrderBy(e => e.ChainSequence).ToListAsync(Ct))[1];

        // Behind the app's back: drop the triggers, rewrite the second entry's actor, put the triggers back.
        string[] rewrite = provider == TestDatabaseProvider.PostgreSql
            ?
            [
                """ALTER TABLE "AuditEntries" DISABLE TRIGGER USER""",
                $"""UPDATE "AuditEntries" SET "Actor" = 'mallory@contoso.example' WHERE "Id" = {victim.Id}""",
                """ALTER TABLE "AuditEntries" ENABLE TRIGGER USER""",
            ]
            :
            [
                "DROP TRIGGER AuditEntries_NoUpdate",
                $"UPDATE AuditEntries SET Actor = 'mallory@contoso.example' WHERE Id = {victim.Id}",
                "CREATE TRIGGER AuditEntries_NoUpdate BEFORE UPDATE ON AuditEntries BEGIN SELECT RAISE(ABORT, 'Audit entries are append-only'); END;",
            ];
        foreach (var sql in rewrite)
        {
            await db.Database.ExecuteSqlRawAsync(sql, Ct);
        }

        var after = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify", Ct);
        var forbidden = await paul.GetAsync("/api/v1/audit/verify", Ct);

        Assert.Equal(3, before.GetProperty("entries").GetInt32());
        Assert.True(before.GetProperty("valid").GetBoolean());
        Assert.False(after.GetProperty("valid").GetBoolean());
        Assert.Equal(victim.Id, after.GetProperty("firstBrokenId").GetInt64());
        Assert.Contains("does not match its hash", after.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    // Hole: twenty simultaneous creates of the same slot on one cluster stored three or four overlapping windows: each
    // request checked the overlap rule before any of them had saved. The check and the save are one step now.
    [Fact]
    public async Task Create_TwentyRequestsForTheSameSlotAtOnce_ExactlyOneStoredTheOthersGetTheOverlapError()
    {
        await using var factory = new DashboardFactory(provider);
        var clients = Enumerable.Range(0, 20).Select(_ => factory.CreateClient()).ToList();
        await factory.Services.GetRequiredService<InventoryStore>().WhenFirstLoadCompleted.WaitAsync(Ct);

        var responses = await Task.WhenAll(clients.Select((c, i) => c.PostAsJsonAsync("/api/v1/windows", TestFleet.PaymentsApiWindow($"Same slot {i}", day: 12), Ct)));
        await using var db = factory.Database.OpenContext();
        var stored = await db.Windows.AsNoTracking().CountAsync(Ct);

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(19, refused.Count);
        foreach (var response in refused)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Overlaps window 'Same slot", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal(1, stored);
    }

    [Fact]
    public async Task AuditChain_ConcurrentWritesFromTwoContexts_OneUnbrokenChain()
    {
        await using var factory = new DashboardFactory(provider);
        var clients = Enumerable.Range(0, 6).Select(_ => factory.CreateClient()).ToList();

        var responses = await Task.WhenAll(clients.Select((c, i) => c.PostAsJsonAsync("/api/v1/windows", TestFleet.PaymentsApiWindow($"Racing {i}", day: 10 + (2 * i)), Ct)));
        var verification = await factory.CreateClientAs("ada").GetFromJsonAsync<JsonElement>("/api/v1/audit/verify", Ct);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(6, verification.GetProperty("entries").GetInt32());
        Assert.True(verification.GetProperty("valid").GetBoolean(), verification.ToString());
    }
}

public sealed class SqliteDatabaseTests() : DatabaseTests(TestDatabaseProvider.Sqlite)
{
    [Fact]
    public async Task Startup_NewDatabase_InWalMode()
    {
        await using var factory = new DashboardFactory();
        factory.CreateClient();

        await using var connection = new SqliteConnection(factory.Database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        var mode = (string?)await command.ExecuteScalarAsync(Ct);

        Assert.Equal("wal", mode);
    }

    [Fact]
    public async Task Startup_DatabaseOfTheFirstRelease_IsMigratedAndKeepsItsWindows()
    {
        using var database = TestDatabase.Create(TestDatabaseProvider.Sqlite);

        // A database as the first release left it: only the first migration, with one window in it.
        await using (var old = database.OpenContext())
        {
            await old.GetService<IMigrator>().MigrateAsync("20261125105256_InitialWindows", Ct);
            await old.Database.ExecuteSqlRawAsync(
                "INSERT INTO UpgradeWindows (Id, Title, SubscriptionId, ResourceGroup, ClusterName, ClusterId, NodePools, AllPools, Kind, Target, StartUtc, EndUtc, TimeZone, Notes, Status, Revision, BlackoutJustification, CreatedBy, CreatedAtUtc, UpdatedBy, UpdatedAtUtc, ConcurrencyStamp) " +
                "VALUES ('0B7C2F6E-0000-4000-8000-000000000001', 'Left by release 1', '6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10', 'rg-payments-prod', 'aks-payments-prod-weu', " +
                "'/subscriptions/6f1c3a52-8d4e-4b6a-9c1f-2a7e5d3b9c10/resourceGroups/rg-payments-prod/providers/Microsoft.ContainerService/managedClusters/aks-payments-prod-weu', '[\"api\"]', 0, 'NodeImage', NULL, " +
                "'2026-12-05 21:00:00', '2026-12-06 03:00:00', 'Europe/Amsterdam', NULL, 'Draft', 1, NULL, 'ops@contoso.com', '2026-11-20 09:00:00', NULL, NULL, '3F2F4C1E-0000-4000-8000-000000000002')",
                Ct);
        }

        await using var factory = new DashboardFactory().WithDatabase(database);
        var client = factory.CreateClient();
        var window = await client.GetFromJsonAsync<JsonElement>("/api/v1/windows/0b7c2f6e-0000-4000-8000-000000000001", Ct);
        await using var db = database.OpenContext();
        var applied = await db.Database.GetAppliedMigrationsAsync(Ct);
        var pending = await db.Database.GetPendingMigrationsAsync(Ct);

        Assert.Equal("Left by release 1", window.GetProperty("title").GetString());
        Assert.Equal(["api"], window.GetProperty("nodePools").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 21, 0, 0, TimeSpan.Zero), window.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, window.GetProperty("completionFound").ValueKind);
        Assert.Contains(applied, m => m.EndsWith("_CompletionCheck", StringComparison.Ordinal));
        Assert.Empty(pending);
    }
}

public sealed class PostgreSqlDatabaseTests() : DatabaseTests(TestDatabaseProvider.PostgreSql)
{
    // The migration lock needs a connection, so a missing database must be created first, as EF Core would have.
    [Fact]
    public async Task Migrate_DatabaseThatDoesNotExistYet_CreatedAndMigrated()
    {
        using var existing = TestDatabase.Create(TestDatabaseProvider.PostgreSql);
        var missing = new NpgsqlConnectionStringBuilder(existing.ConnectionString) { Database = $"dashboard_test_{Guid.NewGuid():N}" }.ConnectionString;
        try
        {
            await using var db = new PostgreSqlDashboardDbContext(new DbContextOptionsBuilder<PostgreSqlDashboardDbContext>().UseNpgsql(missing).Options);

            await DatabaseMigrator.MigrateAsync(db, Ct);

            Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        }
        finally
        {
            PostgreSqlTestServer.DropDatabase(missing);
        }
    }

    [Fact]
    public async Task Context_OnPostgreSql_RetriesTransientFailures()
    {
        await using var factory = new DashboardFactory(TestDatabaseProvider.PostgreSql);
        _ = factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();

        var strategy = scope.ServiceProvider.GetRequiredService<DashboardDbContext>().Database.CreateExecutionStrategy();

        Assert.True(strategy.RetriesOnFailure);
    }

    [Fact]
    public async Task EntraIdAuthentication_NoPasswordConfigured_SignsInWithATokenOfTheAppsCredential()
    {
        // A role whose password is the token the (fake) credential hands out, as Azure Database for PostgreSQL
        // accepts an Entra token for a role mapped to the app's identity.
        var database = TestDatabase.Create(TestDatabaseProvider.PostgreSql);
        var role = $"entra_app_{Guid.NewGuid():N}";
        var token = $"entra-token-{Guid.NewGuid():N}";
        PostgreSqlTestServer.Execute($"CREATE ROLE \"{role}\" LOGIN PASSWORD '{token}'");
        try
        {
            var databaseName = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
            PostgreSqlTestServer.Execute($"ALTER DATABASE \"{databaseName}\" OWNER TO \"{role}\"");
            var credential = new FakeTokenCredential(token);
            await using var factory = new DashboardFactory(TestDatabaseProvider.PostgreSql)
                .WithDatabase(database)
                .With("ConnectionStrings:Dashboard", new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = null }.ConnectionString)
                .With("Database:PostgreSqlAuthentication", "EntraId")
                .With("Azure:Credential", "WorkloadIdentity")
                .WithServices(services =>
                {
                    services.RemoveAll<TokenCredential>();
                    services.AddSingleton<TokenCredential>(credential);
                });

            var created = await factory.CreateClient().PostAsJsonAsync("/api/v1/windows", TestFleet.PaymentsApiWindow(), Ct);
            await using var db = database.OpenContext();
            var owner = await db.Database.SqlQueryRaw<string>("""SELECT tableowner AS "Value" FROM pg_tables WHERE tablename = 'UpgradeWindows'""").SingleAsync(Ct);

            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(role, owner);
            Assert.Contains("https://ossrdbms-aad.database.windows.net/.default", credential.Scopes);
            Assert.DoesNotContain(factory.Logs.Entries, e => e.Message.Contains(token, StringComparison.Ordinal));
        }
        finally
        {
            database.Dispose();
            PostgreSqlTestServer.Execute($"DROP ROLE IF EXISTS \"{role}\"");
        }
    }
}
