using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Invitations.Invitations;
using Invitations.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Invitations.Expiry;

/// <summary>One row of the expiry index: this invitation's window ends at <see cref="ExpiresAt"/>.</summary>
public sealed record ExpiryIndexEntry(string Bucket, string AccountId, Guid InvitationId, DateTimeOffset ExpiresAt, DateTimeOffset? WrittenAt, ETag ETag)
{
    public string RowKey => ExpiryIndex.RowKeyOf(AccountId, InvitationId);

    /// <summary>The invitation as last written with this window, when the row was stamped after that write.</summary>
    public IndexedWrite? Written { get; init; }
}

/// <summary>
/// A pending invitation's row as one successful write left it: while its ETag is still current, the invitation is
/// pending with exactly this window, link version and history count, so the sweep can expire it without reading it.
/// </summary>
public sealed record IndexedWrite(ETag InvitationETag, int LinkVersion, long EventCount);

/// <summary>
/// The expiry index table. Rows are written before the invitation (see <see cref="IExpiryIndex"/>), read by the
/// sweep one range query at a time, and deleted once the sweep has resolved them.
/// </summary>
public sealed class ExpiryIndex(ExpiryTables tables, ILogger<ExpiryIndex>? logger = null) : IExpiryIndex
{
    private const string ExpiresAtProperty = "ExpiresAt";
    private const string InvitationETagProperty = "InvitationETag";
    private const string LinkVersionProperty = "LinkVersion";
    private const string EventCountProperty = "EventCount";

    private readonly ILogger _logger = logger ?? NullLogger<ExpiryIndex>.Instance;

    public async Task RecordAsync(string accountId, Guid invitationId, DateTimeOffset expiresAt, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        await tables.EnsureCreatedAsync(ct);
        // Upsert: a retried create or a second reissue in the same minute lands on the same row.
        await tables.Index.UpsertEntityAsync(ToEntity(accountId, invitationId, expiresAt), TableUpdateMode.Replace, ct);
    }

    public async Task RecordWrittenAsync(Stored<Invitation> written, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(written);
        try
        {
            await RecordStampedAsync(written, ct);
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException)
        {
            // The row written before the invitation stays: the sweep reads the invitation instead.
            ExpiryLog.IndexStampFailed(_logger, e, written.Value.Id, written.Value.AccountId);
        }
    }

    /// <summary>
    /// Upserts the row of a pending invitation's current window, stamped with this write. ExpiresAt and the ETag are
    /// written together, so a row's stamp always matches its window. Throws on failure (the sweep's heal needs to know).
    /// </summary>
    public async Task RecordStampedAsync(Stored<Invitation> written, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(written);
        var invitation = written.Value;
        if (invitation.StoredStatus != InvitationStatus.Pending || written.ETag == default)
        {
            return;
        }

        await tables.EnsureCreatedAsync(ct);
        var stamp = new IndexedWrite(written.ETag, invitation.LinkVersion, written.Revision);
        await tables.Index.UpsertEntityAsync(ToEntity(invitation.AccountId, invitation.Id, invitation.ExpiresAt, stamp), TableUpdateMode.Replace, ct);
    }

    /// <summary>The row of one invitation window (also used by the benchmark to seed in bulk).</summary>
    public static TableEntity ToEntity(string accountId, Guid invitationId, DateTimeOffset expiresAt, IndexedWrite? written = null)
    {
        var entity = new TableEntity(ExpiryBuckets.KeyOf(expiresAt), RowKeyOf(accountId, invitationId))
        {
            [ExpiresAtProperty] = expiresAt.ToUniversalTime(),
        };
        if (written is not null)
        {
            entity[InvitationETagProperty] = written.InvitationETag.ToString();
            entity[LinkVersionProperty] = written.LinkVersion;
            entity[EventCountProperty] = written.EventCount;
        }

        return entity;
    }

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

        var written = entity.GetString(InvitationETagProperty) is { Length: > 0 } etag &&
                      entity.GetInt32(LinkVersionProperty) is { } linkVersion &&
                      entity.GetInt64(EventCountProperty) is { } eventCount
            ? new IndexedWrite(new ETag(etag), linkVersion, eventCount)
            : null;
        return new ExpiryIndexEntry(entity.PartitionKey, rowKey[..bar], id, expiresAt, entity.Timestamp, entity.ETag) { Written = written };
    }
}
