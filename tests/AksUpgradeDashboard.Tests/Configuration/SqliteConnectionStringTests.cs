using AksUpgradeDashboard.Data;

namespace AksUpgradeDashboard.Tests.Configuration;

public class SqliteConnectionStringTests
{
    // A plain file opens by its path every time and is never created by the app's own connections; anything chosen on
    // purpose (in memory, a URI, a mode) is left as configured (review finding: :memory: would vanish without pooling).
    [Theory]
    [InlineData("Data Source=/data/dashboard.db", "Data Source=/data/dashboard.db;Mode=ReadWrite;Pooling=False")]
    [InlineData("Data Source=/data/dashboard.db;Cache=Shared", "Data Source=/data/dashboard.db;Mode=ReadWrite;Cache=Shared;Pooling=False")]
    [InlineData("Data Source=:memory:", "Data Source=:memory:")]
    [InlineData("Data Source=dashboard;Mode=Memory;Cache=Shared", "Data Source=dashboard;Mode=Memory;Cache=Shared")]
    [InlineData("Data Source=/data/dashboard.db;Mode=ReadOnly", "Data Source=/data/dashboard.db;Mode=ReadOnly")]
    [InlineData("Data Source=file:/data/dashboard.db?vfs=unix", "Data Source=file:/data/dashboard.db?vfs=unix")]
    public void SqliteConnectionString_PlainFileOnly(string configured, string expected) =>
        Assert.Equal(expected, DatabaseSetup.SqliteConnectionString(configured));
}
