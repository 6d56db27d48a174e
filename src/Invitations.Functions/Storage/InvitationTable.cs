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
    private readonly Lock _gate = new();
    private Task? _creation;

    public string Name => _client.Name;

    public async Task<TableClient> GetClientAsync(CancellationToken cancellationToken)
    {
        Task creation;
        lock (_gate)
        {
            if (_creation is null || _creation.IsFaulted || _creation.IsCanceled)
            {
                // Not tied to one caller's token: a cancelled request must not poison creation for the others.
                _creation = _client.CreateIfNotExistsAsync(CancellationToken.None);
            }

            creation = _creation;
        }

        await creation.WaitAsync(cancellationToken);
        return _client;
    }
}
