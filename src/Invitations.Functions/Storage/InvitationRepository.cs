using System.Text;
using Azure;
using Azure.Data.Tables;
using Invitations.Expiry;
using Invitations.Invitations;
using Microsoft.Extensions.Logging;

namespace Invitations.Storage;

/// <summary>Filters of a list: statuses as a reader sees them at <c>now</c> (pending past expiry is expired).</summary>
public sealed record InvitationListQuery(IReadOnlyCollection<InvitationStatus> Statuses, string? EmailPrefix = null);

/// <summary>
/// Invitations of one account in one partition: point reads, single-partition range queries, ETag-conditional
/// writes, and every change written together with its history rows in one (same-partition) transaction.
/// </summary>
public sealed partial class InvitationRepository(
    InvitationTable table,
    IExpiryIndex expiryIndex,
    TimeProvider time,
    ILogger<InvitationRepository> logger)
{
    public const int MaxPageSize = 100;
    private const int MaxCreateAttempts = 3;
    private const int MaxHistoryRows = 2000;

    public async Task<Stored<Invitation>?> GetAsync(string accountId, Guid invitationId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var client = await table.GetClientAsync(ct);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(accountId, InvitationRows.InvitationKey(invitationId), cancellationToken: ct);
        return response.HasValue ? ToStored(response.Value!) : null;
    }

    /// <summary>
    /// Cheap pre-check before the email job is queued (the create transaction checks again, atomically):
    /// throws <c>already-invited</c> when an open invitation holds the address.
    /// </summary>
    public async Task EnsureEmailAvailableAsync(string accountId, EmailAddress email, CancellationToken ct)
    {
        var client = await table.GetClientAsync(ct);
        var (_, holder) = await ReadGuardAsync(client, accountId, email, ct);
        if (holder is not null && holder.Value.IsOpenAt(time.GetUtcNow()))
        {
            throw AlreadyInvited(holder);
        }
    }

    /// <summary>
    /// Writes a new invitation in one transaction: the email guard row (added, or ETag-replaced when its invitation is
    /// no longer open), the invitation, its history rows and the optional idempotency row. Two concurrent creates for one
    /// address: one commits, the other sees the guard changed, re-evaluates and gets <c>already-invited</c>.
    /// </summary>
    /// <exception cref="InvitationRuleException"><c>already-invited</c>.</exception>
    /// <exception cref="IdempotencyKeyTakenException">A concurrent create stored the same idempotency key first.</exception>
    public async Task<Stored<Invitation>> CreateAsync(Invitation invitation, IdempotencyRecord? idempotency, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var client = await table.GetClientAsync(ct);
        var accountId = invitation.AccountId;

        for (var attempt = 1; ; attempt++)
        {
            var (guard, holder) = await ReadGuardAsync(client, accountId, invitation.Email, ct);
            if (holder is not null && holder.Value.Id != invitation.Id && holder.Value.IsOpenAt(time.GetUtcNow()))
            {
                throw AlreadyInvited(holder);
            }

            var events = invitation.NewEvents;
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, InvitationRows.ToEntity(invitation, events.Count)),
                GuardAction(accountId, invitation, guard),
            };
            actions.AddRange(HistoryActions(invitation, revision: 0));
            if (idempotency is not null)
            {
                actions.Add(new(TableTransactionActionType.Add, ToEntity(accountId, idempotency)));
            }

            // The sweep must know about the invitation before it exists.
            await expiryIndex.RecordAsync(accountId, invitation.Id, invitation.ExpiresAt, ct);

            try
            {
                var response = await client.SubmitTransactionAsync(actions, ct);
                var stored = new Stored<Invitation>(invitation, ETagOf(response.Value[0]), events.Count);
                invitation.ClearNewEvents();
                // Best effort: lets the sweep expire it without a read if nothing changes it before then.
                await expiryIndex.RecordWrittenAsync(stored, ct);
                return stored;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                var failed = ex.FailedTransactionActionIndex is { } index && index < actions.Count ? actions[index] : null;
                if (failed is not null && idempotency is not null && failed.Entity.RowKey == InvitationRows.IdempotencyKey(idempotency.Key))
                {
                    throw new IdempotencyKeyTakenException("The idempotency key was used by a concurrent request.", ex);
                }

                if (attempt >= MaxCreateAttempts)
                {
                    throw new ConcurrencyConflictException("The address was being invited concurrently. Try again.", ex);
                }

                // The guard changed under us (a concurrent create or reissue): re-evaluate with fresh rows.
                LogCreateRetry(logger, accountId, invitation.Id, ex.Status, ex.ErrorCode);
            }
        }
    }

    /// <summary>
    /// ETag-conditional replace of the invitation plus its new events as history rows, in one transaction.
    /// A reissue (new window) also re-takes the email guard, so an account never has two open invitations for one address.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">Someone else wrote the invitation (or its guard) since it was read.</exception>
    /// <exception cref="InvitationRuleException"><c>already-invited</c> when a reissue meets another open invitation for the address.</exception>
    public async Task<Stored<Invitation>> UpdateAsync(Stored<Invitation> stored, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var invitation = stored.Value;
        var client = await table.GetClientAsync(ct);
        var events = invitation.NewEvents;
        var revision = stored.Revision + events.Count;

        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, InvitationRows.ToEntity(invitation, revision), stored.ETag),
        };

        var reissued = events.Any(e => e.Kind == InvitationEventKind.Reissued);
        if (reissued)
        {
            var (guard, holder) = await ReadGuardAsync(client, invitation.AccountId, invitation.Email, ct);
            if (holder is not null && holder.Value.Id != invitation.Id && holder.Value.IsOpenAt(time.GetUtcNow()))
            {
                throw AlreadyInvited(holder);
            }

            actions.Add(GuardAction(invitation.AccountId, invitation, guard));
            await expiryIndex.RecordAsync(invitation.AccountId, invitation.Id, invitation.ExpiresAt, ct);
        }

        actions.AddRange(HistoryActions(invitation, stored.Revision));

        try
        {
            ETag etag;
            if (actions.Count == 1)
            {
                var response = await client.UpdateEntityAsync(actions[0].Entity, stored.ETag, TableUpdateMode.Replace, ct);
                etag = response.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag.");
            }
            else
            {
                var response = await client.SubmitTransactionAsync(actions, ct);
                etag = ETagOf(response.Value[0]);
            }

            invitation.ClearNewEvents();
            var written = new Stored<Invitation>(invitation, etag, revision);
            if (invitation.StoredStatus == InvitationStatus.Pending)
            {
                // Every write of a pending invitation (reissue, resend, copy link, delivery status) re-stamps its
                // index row, so the sweep can still expire it without a read.
                await expiryIndex.RecordWrittenAsync(written, ct);
            }

            return written;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 409)
        {
            throw new ConcurrencyConflictException("The invitation was changed by someone else at the same time. Reload and try again.", ex);
        }
    }

    /// <summary>One page of the account's invitations (one partition, row-key range, server-side filter).</summary>
    public async Task<Page<Invitation>> ListAsync(string accountId, InvitationListQuery query, int pageSize, string? continuationToken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var client = await table.GetClientAsync(ct);
        var filter = ListFilter(accountId, query, time.GetUtcNow());

        var resume = continuationToken is null ? null : DecodeContinuation(accountId, continuationToken);
        try
        {
            await foreach (var page in client.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: ct).AsPages(resume, pageSize))
            {
                var items = page.Values.Select(InvitationRows.FromEntity).ToList();
                return new Page<Invitation>(items, page.ContinuationToken is { } next ? EncodeContinuation(accountId, next) : null);
            }
        }
        catch (RequestFailedException ex) when (resume is not null && ex.Status == 400)
        {
            throw ValidationFailedException.InvalidContinuationToken();
        }

        return new Page<Invitation>([], null);
    }

    /// <summary>The audit entries of one invitation, oldest first.</summary>
    public async Task<IReadOnlyList<InvitationEvent>> GetHistoryAsync(string accountId, Guid invitationId, CancellationToken ct)
    {
        var client = await table.GetClientAsync(ct);
        var prefix = InvitationRows.HistoryKeyPrefix(invitationId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {prefix} and RowKey lt {InvitationRows.RangeEnd(prefix)}");
        var events = new List<InvitationEvent>();
        await foreach (var entity in client.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            events.Add(InvitationRows.FromHistoryEntity(entity));
            if (events.Count >= MaxHistoryRows)
            {
                break;
            }
        }

        return events;
    }

    public async Task<IdempotencyRecord?> GetIdempotencyAsync(string accountId, string key, CancellationToken ct)
    {
        var client = await table.GetClientAsync(ct);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(accountId, InvitationRows.IdempotencyKey(key), cancellationToken: ct);
        if (!response.HasValue)
        {
            return null;
        }

        var e = response.Value!;
        return new IdempotencyRecord(
            key,
            e.GetString("RequestHash"),
            e.GetGuid("InvitationId") ?? Guid.Empty,
            e.GetString("Body"),
            e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue);
    }

    internal static string ListFilter(string accountId, InvitationListQuery query, DateTimeOffset now)
    {
        var filter = new StringBuilder(TableClient.CreateQueryFilter(
            $"PartitionKey eq {accountId} and RowKey ge {InvitationRows.InvitationPrefix} and RowKey lt {InvitationRows.RangeEnd(InvitationRows.InvitationPrefix)}"));

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

    private async Task<(TableEntity? Guard, Stored<Invitation>? Holder)> ReadGuardAsync(
        TableClient client, string accountId, EmailAddress email, CancellationToken ct)
    {
        var guard = await client.GetEntityIfExistsAsync<TableEntity>(accountId, InvitationRows.EmailGuardKey(email), cancellationToken: ct);
        if (!guard.HasValue)
        {
            return (null, null);
        }

        var holderId = guard.Value!.GetGuid("InvitationId");
        var holder = holderId is { } id ? await GetAsync(accountId, id, ct) : null;
        return (guard.Value, holder);
    }

    private static TableTransactionAction GuardAction(string accountId, Invitation invitation, TableEntity? existing)
    {
        var entity = new TableEntity(accountId, InvitationRows.EmailGuardKey(invitation.Email))
        {
            ["Kind"] = "email-guard",
            ["InvitationId"] = invitation.Id,
            ["EmailNormalized"] = invitation.Email.Normalized,
        };
        return existing is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, existing.ETag);
    }

    private static IEnumerable<TableTransactionAction> HistoryActions(Invitation invitation, long revision) =>
        invitation.NewEvents.Select((e, i) => new TableTransactionAction(
            TableTransactionActionType.Add,
            InvitationRows.ToHistoryEntity(invitation.AccountId, invitation.Id, e, revision + i)));

    private static TableEntity ToEntity(string accountId, IdempotencyRecord record) =>
        new(accountId, InvitationRows.IdempotencyKey(record.Key))
        {
            ["Kind"] = "idempotency",
            ["RequestHash"] = record.RequestHash,
            ["InvitationId"] = record.InvitationId,
            ["Body"] = record.Body,
            ["CreatedAt"] = record.CreatedAt,
        };

    private static Stored<Invitation> ToStored(TableEntity entity) =>
        new(InvitationRows.FromEntity(entity), entity.ETag, entity.GetInt64(InvitationRows.EventCountProperty) ?? 0);

    private static ETag ETagOf(Response response) =>
        response.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag for the invitation row.");

    private static InvitationRuleException AlreadyInvited(Stored<Invitation> holder) =>
        new(InvitationErrorCodes.AlreadyInvited, "This address already has an open invitation in this account.")
        {
            Details = { ["invitationId"] = holder.Value.Id },
        };

    // The SDK's token is two opaque, space-separated storage keys. We wrap it with the account it belongs to and
    // accept back only a well-formed one for the same account; storage rejecting it anyway is caught in ListAsync.
    private static string EncodeContinuation(string accountId, string token) =>
        System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(accountId + "\n" + token));

    private static string DecodeContinuation(string accountId, string token)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token)).Split('\n');
            if (decoded.Length == 2 && decoded[0] == accountId && decoded[1].Length is > 0 and <= 1024 &&
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Create of invitation {InvitationId} in account {AccountId} met a concurrent change ({Status} {ErrorCode}); re-evaluating")]
    private static partial void LogCreateRetry(ILogger logger, string accountId, Guid invitationId, int status, string? errorCode);
}
