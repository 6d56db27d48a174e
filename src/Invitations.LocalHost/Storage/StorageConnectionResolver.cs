namespace Invitations.LocalHost.Storage;

/// <summary>
/// Resolves a binding's <c>connection</c> to a connection string the way the host does: <c>AzureWebJobs{Name}</c>,
/// then <c>ConnectionStrings:{Name}</c>, then <c>{Name}</c>; an empty connection means <c>AzureWebJobsStorage</c>.
/// Identity-based connections (<c>{Name}__queueServiceUri</c>) are Azure-only and not supported here.
/// </summary>
public static class StorageConnectionResolver
{
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    public static string? Find(IConfiguration configuration, string? connectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = string.IsNullOrWhiteSpace(connectionName) ? DefaultConnectionName : connectionName.Replace("__", ":", StringComparison.Ordinal);
        return new[] { "AzureWebJobs" + name, "ConnectionStrings:" + name, name }
            .Select(key => configuration[key])
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
    }

    public static string Resolve(IConfiguration configuration, string? connectionName, string usedBy)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = Find(configuration, connectionName);
        if (value is not null)
        {
            return value;
        }

        var name = string.IsNullOrWhiteSpace(connectionName) ? DefaultConnectionName : connectionName;
        var identityBased = configuration.GetSection(name.Replace("__", ":", StringComparison.Ordinal)).GetChildren().Any();
        throw new InvalidOperationException(identityBased
            ? $"{usedBy} uses the identity-based connection '{name}'; the local host needs a connection string in '{name}' (for example UseDevelopmentStorage=true)."
            : $"{usedBy} uses the connection '{name}', but no app setting '{name}' holds a connection string.");
    }

    public static bool IsDevelopmentStorage(string? connectionString) =>
        connectionString is not null &&
        connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);
}
