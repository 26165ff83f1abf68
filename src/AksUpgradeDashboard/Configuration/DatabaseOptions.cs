using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AksUpgradeDashboard.Configuration;

/// <summary>Configuration section <c>Database</c>; the connection string itself is <c>ConnectionStrings:Dashboard</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string ProviderKey = "Database:Provider";
    public const string ConnectionStringKey = "ConnectionStrings:Dashboard";
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";
    public const string AuthenticationKey = "Database:PostgreSqlAuthentication";
    public const string PasswordAuthentication = "Password";
    public const string EntraIdAuthentication = "EntraId";

    /// <summary><c>Sqlite</c> (default, a file beside the app) or <c>PostgreSql</c> (a server several replicas share).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// <c>Password</c> (default: whatever the connection string says) or <c>EntraId</c>: sign in to Azure Database for
    /// PostgreSQL with an Entra token of <c>Azure:Credential</c>, with no password anywhere.
    /// </summary>
    public string PostgreSqlAuthentication { get; set; } = PasswordAuthentication;

    public bool UsesPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);

    public bool UsesEntraId => UsesPostgreSql && string.Equals(PostgreSqlAuthentication, EntraIdAuthentication, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Names the key to fix; never echoes a connection string, which may hold a password.</summary>
public sealed class ValidateDatabaseOptions(IConfiguration configuration) : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (!options.UsesPostgreSql && !string.Equals(options.Provider, DatabaseOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail($"{DatabaseOptions.ProviderKey} '{options.Provider}' is not recognised. Use '{DatabaseOptions.Sqlite}' or '{DatabaseOptions.PostgreSql}'.");
        }

        var connectionString = configuration[DatabaseOptions.ConnectionStringKey];
        if (options.UsesPostgreSql && string.IsNullOrWhiteSpace(connectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.ConnectionStringKey} is required when {DatabaseOptions.ProviderKey} is {DatabaseOptions.PostgreSql} " +
                "(for example Host=db.example.com;Database=aksdashboard;Username=dashboard;Password=...).");
        }

        if (connectionString is { Length: > 0 } && Problem(options, connectionString) is { } problem)
        {
            return ValidateOptionsResult.Fail($"{DatabaseOptions.ConnectionStringKey} is not a valid {(options.UsesPostgreSql ? "PostgreSQL" : "SQLite")} connection string: {problem}");
        }

        return EntraIdProblem(options, connectionString) is { } entraId ? ValidateOptionsResult.Fail(entraId) : ValidateOptionsResult.Success;
    }

    private string? EntraIdProblem(DatabaseOptions options, string? connectionString)
    {
        if (!string.Equals(options.PostgreSqlAuthentication, DatabaseOptions.PasswordAuthentication, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(options.PostgreSqlAuthentication, DatabaseOptions.EntraIdAuthentication, StringComparison.OrdinalIgnoreCase))
        {
            return $"{DatabaseOptions.AuthenticationKey} '{options.PostgreSqlAuthentication}' is not recognised. Use '{DatabaseOptions.PasswordAuthentication}' or '{DatabaseOptions.EntraIdAuthentication}'.";
        }

        if (!string.Equals(options.PostgreSqlAuthentication, DatabaseOptions.EntraIdAuthentication, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!options.UsesPostgreSql)
        {
            return $"{DatabaseOptions.AuthenticationKey} is {DatabaseOptions.EntraIdAuthentication}, which needs {DatabaseOptions.ProviderKey} {DatabaseOptions.PostgreSql}.";
        }

        var parsed = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(parsed.Username))
        {
            return $"{DatabaseOptions.ConnectionStringKey} needs Username=<the PostgreSQL role of the app's identity> when {DatabaseOptions.AuthenticationKey} is {DatabaseOptions.EntraIdAuthentication}.";
        }

        if (!string.IsNullOrEmpty(parsed.Password))
        {
            return $"{DatabaseOptions.ConnectionStringKey} has a Password, but {DatabaseOptions.AuthenticationKey} is {DatabaseOptions.EntraIdAuthentication}: remove it (the Entra token is the password).";
        }

        var credential = configuration[$"{AzureOptions.SectionName}:Credential"];
        return string.IsNullOrWhiteSpace(credential) || !ValidateAzureOptions.Credentials.Contains(credential, StringComparer.OrdinalIgnoreCase)
            ? $"Azure:Credential must name the identity that signs in to PostgreSQL when {DatabaseOptions.AuthenticationKey} is {DatabaseOptions.EntraIdAuthentication}. Use one of {string.Join(", ", ValidateAzureOptions.Credentials)}."
            : null;
    }

    private static string? Problem(DatabaseOptions options, string connectionString)
    {
        try
        {
            var target = options.UsesPostgreSql
                ? new NpgsqlConnectionStringBuilder(connectionString).Host
                : new SqliteConnectionStringBuilder(connectionString).DataSource;
            return string.IsNullOrWhiteSpace(target) ? (options.UsesPostgreSql ? "it names no Host." : "it names no Data Source.") : null;
        }
        catch (ArgumentException)
        {
            // The parser's message may quote the value (and so a password): say what to check instead.
            return "a keyword is unknown or a value is malformed. Check it is a list of key=value pairs separated by semicolons.";
        }
    }
}
