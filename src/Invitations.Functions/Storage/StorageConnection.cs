using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Invitations.Storage;

/// <summary>
/// Resolves the storage connection the way the Functions host resolves a binding's <c>Connection</c>:
/// a plain setting holds a connection string (local, Azurite); otherwise <c>{Name}__tableServiceUri</c>
/// and <c>{Name}__queueServiceUri</c> select identity-based access (Azure, no keys in settings).
/// </summary>
public sealed class StorageConnection
{
    /// <summary>The connection name used by our clients and by the queue trigger binding.</summary>
    public const string Name = "InvitationsStorage";

    private readonly string? _connectionString;
    private readonly Uri? _tableServiceUri;
    private readonly Uri? _queueServiceUri;
    private readonly TokenCredential? _credential;

    public StorageConnection(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Name);
        _connectionString = section.Value;
        if (!string.IsNullOrWhiteSpace(_connectionString))
        {
            return;
        }

        _tableServiceUri = ReadUri(section, "tableServiceUri");
        _queueServiceUri = ReadUri(section, "queueServiceUri");
        if (_tableServiceUri is null || _queueServiceUri is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{Name}' to a connection string, or '{Name}__tableServiceUri' and '{Name}__queueServiceUri' for identity-based access.");
        }

        var clientId = section["clientId"];
        _credential = string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }

    public TableServiceClient CreateTableServiceClient(TableClientOptions? options = null) =>
        _connectionString is not null
            ? new TableServiceClient(_connectionString, options ?? new TableClientOptions())
            : new TableServiceClient(_tableServiceUri!, _credential!, options ?? new TableClientOptions());

    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions? options = null) =>
        _connectionString is not null
            ? new QueueServiceClient(_connectionString, options ?? new QueueClientOptions())
            : new QueueServiceClient(_queueServiceUri!, _credential!, options ?? new QueueClientOptions());

    private static Uri? ReadUri(IConfigurationSection section, string key) =>
        Uri.TryCreate(section[key], UriKind.Absolute, out var uri) ? uri : null;
}
