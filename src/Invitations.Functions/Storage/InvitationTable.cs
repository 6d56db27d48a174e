using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Invitations.Storage;

/// <summary>
/// The <c>{prefix}Invitations</c> table. It is created once, on first use, not per request; a failed
/// creation is retried by the next caller.
/// </summary>
public sealed class InvitationTable(TableServiceClient service, IOptions<StorageOptions> options)
{
    public const string BaseName = "Invitations";

    private readonly TableClient _client = service.GetTableClient(options.Value.TablePrefix + BaseName);
    private readonly CreateOnce _creation = new(() =>
        service.GetTableClient(options.Value.TablePrefix + BaseName).CreateIfNotExistsAsync(CancellationToken.None));

    public string Name => _client.Name;

    public async Task<TableClient> GetClientAsync(CancellationToken cancellationToken)
    {
        await _creation.EnsureAsync(cancellationToken);
        return _client;
    }
}
