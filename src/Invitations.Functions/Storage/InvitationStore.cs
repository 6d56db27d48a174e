using System.Text;
using Azure;
using Azure.Data.Tables;
using Invitations.Invitations;

namespace Invitations.Storage;

/// <summary>
/// Reads of one account's invitations, in one partition: point reads, single-partition range queries and the paged
/// history. Changes go through <see cref="InvitationWriter"/>; the only write here is the link-copy audit row, which
/// is not a change of the invitation.
/// </summary>
public sealed class InvitationStore(InvitationTable table, TimeProvider time)
{
    public const int MaxPageSize = 100;

    public async Task<Stored<Invitation>?> GetAsync(string accountId, Guid invitationId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var client = await table.GetClientAsync(ct);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(accountId, InvitationRows.InvitationKey(invitationId), cancellationToken: ct);
        return response.HasValue ? ToStored(response.Value!) : null;
    }

    /// <summary>
    /// Appends (or folds into this window's row, see <see cref="InvitationRows.LinkCopiedKey"/>) the audit entry of a
    /// link copy: an upsert of one history row, with no ETag, so it never conflicts with changes of the invitation.
    /// </summary>
    public async Task AppendLinkCopiedAsync(Invitation invitation, InvitationEvent copied, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(copied);
        var client = await table.GetClientAsync(ct);
        await client.UpsertEntityAsync(InvitationRows.ToHistoryEntity(invitation.AccountId, invitation.Id, copied, 0), TableUpdateMode.Replace, ct);
    }

    /// <summary>One page of the account's invitations (one partition, row-key range, server-side filter).</summary>
    public Task<Page<Invitation>> ListAsync(string accountId, InvitationListQuery query, int pageSize, string? continuationToken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        // A token resumes only the order it came from.
        var scope = query.OldestFirst ? accountId : accountId + "/" + InvitationRows.NewestFirstPrefix;
        return PageAsync(ListFilter(accountId, query, time.GetUtcNow()), scope, InvitationRows.FromEntity, pageSize, continuationToken, ct);
    }

    /// <summary>
    /// How many invitations the account has per status as of now (pending past its window counts as expired): one
    /// range query over the invitation rows reading two properties, a request per 1,000 invitations. Each invitation is
    /// one row, so it is counted once, in its committed state, however many changes run concurrently.
    /// </summary>
    public async Task<IReadOnlyDictionary<InvitationStatus, int>> CountByStatusAsync(string accountId, CancellationToken ct)
    {
        var client = await table.GetClientAsync(ct);
        var now = time.GetUtcNow();
        var counts = Enum.GetValues<InvitationStatus>().ToDictionary(s => s, _ => 0);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {accountId} and RowKey ge {InvitationRows.InvitationPrefix} and RowKey lt {InvitationRows.RangeEnd(InvitationRows.InvitationPrefix)}");
        await foreach (var row in client.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["Status", "ExpiresAt"], cancellationToken: ct))
        {
            counts[InvitationRows.StatusAt(row, now)]++;
        }

        return counts;
    }

    /// <summary>One page of the audit entries of one invitation, newest first; never cut silently (follow the token).</summary>
    public Task<Page<InvitationEvent>> GetHistoryAsync(
        string accountId, Guid invitationId, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var prefix = InvitationRows.HistoryKeyPrefix(invitationId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {prefix} and RowKey lt {InvitationRows.RangeEnd(prefix)}");
        return PageAsync(filter, $"{accountId}/{invitationId:N}", InvitationRows.FromHistoryEntity, pageSize, continuationToken, ct);
    }

    public async Task<IdempotencyRecord?> GetIdempotencyAsync(string accountId, string key, CancellationToken ct)
    {
        var client = await table.GetClientAsync(ct);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(accountId, InvitationRows.IdempotencyKey(key), cancellationToken: ct);
        return response.HasValue ? InvitationRows.FromIdempotencyEntity(response.Value!) : null;
    }

    internal static string ListFilter(string accountId, InvitationListQuery query, DateTimeOffset now)
    {
        var rows = query.OldestFirst ? InvitationRows.InvitationPrefix : InvitationRows.NewestFirstPrefix;
        var filter = new StringBuilder(TableClient.CreateQueryFilter(
            $"PartitionKey eq {accountId} and RowKey ge {rows} and RowKey lt {InvitationRows.RangeEnd(rows)}"));

        var statuses = query.Statuses.Distinct().ToList();
        if (statuses.Count is > 0 and < 4)
        {
            var pending = InvitationRows.StatusName(InvitationStatus.Pending);
            var clauses = statuses.Select(status => status switch
            {
                // Correctness never waits for the sweep: the clock decides between pending and expired.
                InvitationStatus.Pending => TableClient.CreateQueryFilter($"(Status eq {pending} and ExpiresAt gt {now})"),
                InvitationStatus.Expired => TableClient.CreateQueryFilter(
                    $"(Status eq {InvitationRows.StatusName(InvitationStatus.Expired)} or (Status eq {pending} and ExpiresAt le {now}))"),
                _ => TableClient.CreateQueryFilter($"Status eq {InvitationRows.StatusName(status)}"),
            });
            filter.Append(" and (").AppendJoin(" or ", clauses).Append(')');
        }

        if (!string.IsNullOrEmpty(query.EmailPrefix))
        {
            var prefix = query.EmailPrefix;
            filter.Append(" and ").Append(TableClient.CreateQueryFilter(
                $"EmailNormalized ge {prefix} and EmailNormalized lt {prefix + '\uffff'}"));
        }

        return filter.ToString();
    }

    internal static Stored<Invitation> ToStored(TableEntity entity) =>
        new(InvitationRows.FromEntity(entity), entity.ETag, entity.GetInt64(InvitationRows.EventCountProperty) ?? 0);

    /// <summary>One page of a single-partition query; the continuation token is bound to <paramref name="scope"/> (the list it belongs to).</summary>
    private async Task<Page<T>> PageAsync<T>(
        string filter, string scope, Func<TableEntity, T> map, int pageSize, string? continuationToken, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var client = await table.GetClientAsync(ct);
        var resume = continuationToken is null ? null : DecodeContinuation(scope, continuationToken);
        try
        {
            await foreach (var page in client.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: ct).AsPages(resume, pageSize))
            {
                return new Page<T>([.. page.Values.Select(map)], page.ContinuationToken is { } next ? EncodeContinuation(scope, next) : null);
            }
        }
        catch (RequestFailedException ex) when (resume is not null && ex.Status == 400)
        {
            throw ValidationFailedException.InvalidContinuationToken();
        }

        return new Page<T>([], null);
    }

    // The SDK's token is two opaque, space-separated storage keys. We wrap it with the list it belongs to (an account,
    // or one invitation's history) and accept back only a well-formed one for the same list; storage rejecting it
    // anyway is caught where the query runs.
    private static string EncodeContinuation(string scope, string token) =>
        System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(scope + "\n" + token));

    private static string DecodeContinuation(string scope, string token)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token)).Split('\n');
            if (decoded.Length == 2 && decoded[0] == scope && decoded[1].Length is > 0 and <= 1024 &&
                decoded[1].All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '+' or '/' or '=' or '!' or '-' or '_' or '*' or '.'))
            {
                return decoded[1];
            }
        }
        catch (FormatException)
        {
        }

        throw ValidationFailedException.InvalidContinuationToken();
    }
}
