using Azure;
using Azure.Data.Tables;
using Invitations.Storage;
using Microsoft.Extensions.Options;

namespace Invitations.Email.Storage;

/// <summary>
/// Table <c>{prefix}EmailMessages</c>: PK = the ACS message id (lower-case "D" format), RK = "". Our Operation-Id is
/// written before the POST, so a delivery report always finds its invitation; ACS answers the POST with the same id
/// (docs/architecture.md, "Delivery reports"), and if an answer ever carries another id, that id is indexed as well.
/// Created on first use.
/// </summary>
public sealed class EmailMessageIndex(TableServiceClient service, IOptions<StorageOptions> storage)
{
    public const string TableName = "EmailMessages";

    private readonly TableClient _table = service.GetTableClient(storage.Value.TablePrefix + TableName);
    private readonly CreateOnce _creation = new(async () =>
    {
        try
        {
            await service.GetTableClient(storage.Value.TablePrefix + TableName).CreateIfNotExistsAsync(CancellationToken.None);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Created concurrently by another instance.
        }
    });

    public string Name => _table.Name;

    public Task RecordAsync(Guid operationId, EmailJob job, CancellationToken ct) => RecordAsync(operationId, operationId, job, ct);

    /// <summary>Indexes <paramref name="messageId"/> (the id a delivery report will carry) for the send <paramref name="operationId"/>.</summary>
    public async Task RecordAsync(Guid messageId, Guid operationId, EmailJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var table = await GetTableAsync(ct);
        var entity = new TableEntity(Key(messageId), "")
        {
            ["AccountId"] = job.AccountId,
            ["InvitationId"] = job.InvitationId.ToString("D"),
            ["LinkVersion"] = job.LinkVersion,
            ["SendNumber"] = job.SendNumber,
            ["OperationId"] = Key(operationId),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
    }

    /// <returns>Null for an id we never sent (or not a UUID).</returns>
    public async Task<EmailMessageRef?> FindAsync(string messageId, CancellationToken ct)
    {
        if (!Guid.TryParse(messageId, out var id))
        {
            return null;
        }

        var table = await GetTableAsync(ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Key(id), "", cancellationToken: ct);
        if (!row.HasValue)
        {
            return null;
        }

        var e = row.Value!;
        return Guid.TryParse(e.GetString("InvitationId"), out var invitationId)
            ? new EmailMessageRef(
                e.GetString("AccountId"), invitationId, e.GetInt32("LinkVersion") ?? 0, e.GetInt32("SendNumber") ?? 0,
                e.GetString("OperationId") ?? Key(id)) // rows written before the column: the message id is the operation id
            : null;
    }

    private static string Key(Guid id) => id.ToString("D");

    private async Task<TableClient> GetTableAsync(CancellationToken ct)
    {
        await _creation.EnsureAsync(ct);
        return _table;
    }
}
