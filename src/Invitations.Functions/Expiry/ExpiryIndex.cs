using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Invitations.Expiry;

/// <summary>
/// The expiry index table. A row is written before its invitation's create or reissue commits (by
/// <see cref="ExpiryIndexParticipant"/>, on the write path), so an invitation never exists without one; read by the
/// sweep one range query at a time, and deleted once the sweep has resolved it. A row whose write then failed is
/// harmless: the sweep checks the invitation before it changes anything.
/// </summary>
public sealed class ExpiryIndex(ExpiryTables tables)
{
    private const string ExpiresAtProperty = "ExpiresAt";

    /// <returns>The row's new ETag.</returns>
    public async Task<ETag> RecordAsync(string accountId, Guid invitationId, DateTimeOffset expiresAt, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        await tables.EnsureCreatedAsync(ct);
        // Upsert: a retried create or a second reissue in the same minute lands on the same row.
        var response = await tables.Index.UpsertEntityAsync(ToEntity(accountId, invitationId, expiresAt), TableUpdateMode.Replace, ct);
        return response.Headers.ETag ?? ETag.All;
    }

    /// <summary>The row of one invitation window (also used by the benchmark to seed in bulk).</summary>
    public static TableEntity ToEntity(string accountId, Guid invitationId, DateTimeOffset expiresAt) =>
        new(ExpiryBuckets.KeyOf(expiresAt), RowKeyOf(accountId, invitationId))
        {
            [ExpiresAtProperty] = expiresAt.ToUniversalTime(),
        };

    /// <summary>
    /// Every row in buckets up to and including the one holding <paramref name="now"/>, oldest first. The
    /// past holds only unresolved rows (resolved ones are deleted), so this reads what is due, not the table.
    /// </summary>
    public AsyncPageable<TableEntity> QueryUpTo(DateTimeOffset now, int pageSize, CancellationToken ct) =>
        tables.Index.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey le {ExpiryBuckets.KeyOf(now)}"),
            maxPerPage: pageSize,
            select: null,
            cancellationToken: ct);

    /// <summary>Deletes a resolved row, only if nobody rewrote it since it was read.</summary>
    public async Task DeleteAsync(ExpiryIndexEntry entry, CancellationToken ct)
    {
        try
        {
            await tables.Index.DeleteEntityAsync(entry.Bucket, entry.RowKey, entry.ETag, ct);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone already, or rewritten by a reissue in the same bucket: the new row stays for its own turn.
        }
    }

    /// <summary>Deletes rows of ONE bucket in one transaction, each only if unchanged since read.</summary>
    /// <returns>False when the transaction failed (some row was rewritten or is gone): nothing was deleted.</returns>
    public async Task<bool> TryDeleteBatchAsync(IReadOnlyCollection<ExpiryIndexEntry> entries, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Select(e => e.Bucket).Distinct(StringComparer.Ordinal).Count() != 1)
        {
            throw new ArgumentException("A batch must stay inside one bucket partition.", nameof(entries));
        }

        try
        {
            await tables.Index.SubmitTransactionAsync(
                entries.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(e.Bucket, e.RowKey), e.ETag)),
                ct);
            return true;
        }
        catch (TableTransactionFailedException)
        {
            return false;
        }
    }

    public static string RowKeyOf(string accountId, Guid invitationId) =>
        string.Create(CultureInfo.InvariantCulture, $"{accountId}|{invitationId:N}");

    /// <summary>Null for a row this code did not write (wrong shape): the sweep counts it as an error.</summary>
    public static ExpiryIndexEntry? Parse(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var rowKey = entity.RowKey;
        var bar = rowKey.LastIndexOf('|');
        if (bar <= 0 ||
            !Guid.TryParseExact(rowKey.AsSpan(bar + 1), "N", out var id) ||
            entity.GetDateTimeOffset(ExpiresAtProperty) is not { } expiresAt)
        {
            return null;
        }

        return new ExpiryIndexEntry(entity.PartitionKey, rowKey[..bar], id, expiresAt, entity.Timestamp, entity.ETag);
    }
}
