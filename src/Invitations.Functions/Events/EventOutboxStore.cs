using Azure;
using Azure.Data.Tables;
using Invitations.Storage;

namespace Invitations.Events;

/// <summary>
/// The relay's storage work in one account's partition: a lease so one relay at a time publishes it (that keeps
/// each invitation's events in order), reading pending rows in key order, and deleting published rows (with the
/// lease when the run ends) in one transaction.
/// </summary>
public sealed class EventOutboxStore(InvitationTable table, TimeProvider time)
{
    /// <summary>Longer than a run's budget plus one publish with its retries, so a live run never loses its lease.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);

    /// <summary>The lease's ETag, or null when another relay holds it.</summary>
    public async Task<ETag?> TryAcquireLeaseAsync(string accountId, CancellationToken ct)
    {
        var client = await table.GetClientAsync(ct);
        var lease = new TableEntity(accountId, OutboxRows.LeaseKey) { ["Kind"] = "outbox-lease", ["Until"] = time.GetUtcNow() + LeaseDuration };
        try
        {
            return (await client.AddEntityAsync(lease, ct)).Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var current = await client.GetEntityIfExistsAsync<TableEntity>(accountId, OutboxRows.LeaseKey, cancellationToken: ct);
            if (current.HasValue && current.Value!.GetDateTimeOffset("Until") > time.GetUtcNow())
            {
                return null;
            }

            try
            {
                // An abandoned lease (its relay crashed): take it over, conditionally.
                return current.HasValue
                    ? (await client.UpdateEntityAsync(lease, current.Value!.ETag, TableUpdateMode.Replace, ct)).Headers.ETag
                    : (await client.AddEntityAsync(lease, ct)).Headers.ETag;
            }
            catch (RequestFailedException race) when (race.Status is 409 or 412)
            {
                return null;
            }
        }
    }

    public async Task ReleaseLeaseAsync(string accountId, ETag lease, CancellationToken ct)
    {
        var client = await table.GetClientAsync(ct);
        try
        {
            await client.DeleteEntityAsync(accountId, OutboxRows.LeaseKey, lease, ct);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Taken over after it expired: the new holder owns it.
        }
    }

    /// <summary>The first <paramref name="max"/> pending rows of the partition: per invitation, in sequence order.</summary>
    public async Task<IReadOnlyList<OutboxRow>> ReadPendingAsync(string accountId, int max, CancellationToken ct)
    {
        var client = await table.GetClientAsync(ct);
        var rows = new List<OutboxRow>(max);
        await foreach (var page in client.QueryAsync<TableEntity>(OutboxRows.RangeFilter(accountId), max, cancellationToken: ct).AsPages(pageSizeHint: max))
        {
            rows.AddRange(page.Values.Take(max - rows.Count).Select(OutboxRows.FromEntity));
            if (rows.Count >= max || page.ContinuationToken is null)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>
    /// Deletes published rows (and the lease when <paramref name="releaseLease"/>) in one transaction, conditional on
    /// the lease. Returns the lease's new ETag (default when released), or null when it was taken over (the rows stay;
    /// the new holder publishes them again).
    /// </summary>
    public async Task<ETag?> CompleteAsync(string accountId, IReadOnlyList<OutboxRow> published, ETag lease, bool releaseLease, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(published);
        var client = await table.GetClientAsync(ct);
        var leaseEntity = new TableEntity(accountId, OutboxRows.LeaseKey) { ETag = lease };
        var actions = published.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(accountId, r.RowKey), r.ETag))
            .Append(releaseLease
                ? new TableTransactionAction(TableTransactionActionType.Delete, leaseEntity, lease)
                // Keeping the lease still checks it: a merge with no change, conditional on its ETag.
                : new TableTransactionAction(TableTransactionActionType.UpdateMerge, leaseEntity, lease))
            .ToList();
        try
        {
            var response = await client.SubmitTransactionAsync(actions, ct);
            return releaseLease ? default(ETag) : response.Value[^1].Headers.ETag;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether the change that numbered an event <paramref name="sequence"/> (or a later one) has committed: the
    /// invitation's EventCount has passed it. False while the write is still landing, or if it never commits.
    /// </summary>
    public async Task<bool> HasCommittedAsync(string accountId, Guid invitationId, long sequence, CancellationToken ct)
    {
        var client = await table.GetClientAsync(ct);
        var row = await client.GetEntityIfExistsAsync<TableEntity>(
            accountId, InvitationRows.InvitationKey(invitationId), [InvitationRows.EventCountProperty], ct);
        return row.HasValue && row.Value![InvitationRows.EventCountProperty] is { } count &&
               Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture) > sequence;
    }
}
