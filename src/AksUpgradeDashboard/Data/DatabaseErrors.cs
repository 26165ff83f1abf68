using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AksUpgradeDashboard.Data;

/// <summary>What a failed save means, whichever provider raised it.</summary>
public static class DatabaseErrors
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    // SQLite result codes that mean the file cannot take the operation now: busy (locked too long), read-only, I/O
    // error, corrupt, disk full, cannot open, not a database.
    private const int SqliteReadOnly = 8;
    private static readonly int[] s_sqliteUnavailable = [5, SqliteReadOnly, 10, 11, 13, 14, 26];

    /// <summary>A primary key or unique index refused the row: another writer got there first.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
            && sqlite.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique,
        _ => false,
    };

    /// <summary>
    /// The database cannot take the operation at all (the file is gone, replaced, read-only or corrupt; the server is
    /// unreachable, shutting down or the database does not exist), as opposed to a refusal of this particular write.
    /// The answer is 503: nothing was saved, and trying again later may work.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => Chain(exception).Any(e => e switch
    {
        SqliteException sqlite => s_sqliteUnavailable.Contains(sqlite.SqliteErrorCode)
            // A file replaced by an empty or foreign one has none of our tables.
            || (sqlite.SqliteErrorCode == 1 && sqlite.Message.Contains("no such table", StringComparison.Ordinal)),
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) // shutting down, cannot connect now
            || postgres.SqlState is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.ReadOnlySqlTransaction,
        NpgsqlException npgsql => npgsql is not PostgresException && npgsql.IsTransient, // no answer from the server at all
        _ => false,
    });

    /// <summary>Whether the database refused a write because it is read-only (said in the log).</summary>
    public static bool IsReadOnly(Exception exception) => Chain(exception).Any(e =>
        e is SqliteException { SqliteErrorCode: SqliteReadOnly } || e is PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction });

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
