using Azure;
using Azure.Data.Tables;
using Invitations.Invitations;
using Microsoft.Extensions.Logging;
using Polly;

namespace Invitations.Storage;

/// <summary>
/// The one door for every change of an invitation (docs/architecture.md, "Request flows"). Per attempt: read (or
/// start from what the caller read), apply the rules, let the participants check and then queue (email job, expiry
/// index, …) concurrently, and write ONE ETag-conditional transaction in the account's partition: the invitation, one
/// history row per event, the email guard on create and reissue, the idempotency answer and the participants' rows.
/// A concurrent change (409/412) re-runs the attempt on fresh state, through <see cref="InvitationWriteRetry"/>.
/// </summary>
public sealed partial class InvitationWriter(
    InvitationTable table,
    InvitationStore store,
    IEnumerable<IInvitationWriteParticipant> participants,
    InvitationWriteRetry retry,
    TimeProvider time,
    ILogger<InvitationWriter> logger)
{
    private readonly IInvitationWriteParticipant[] _participants = [.. participants];
    private readonly ResiliencePipeline _pipeline = retry.Build(time);

    /// <summary>
    /// Writes a new invitation (from <see cref="Invitation.Create"/>). Common path: the participants' side effects and
    /// one transaction. An address held by an open invitation answers <c>already-invited</c>; one held by a closed
    /// invitation costs two reads more (its guard row is then replaced, ETag-conditionally).
    /// </summary>
    public async Task<InvitationWriteResult> CreateAsync(Invitation invitation, IdempotencyRecord? idempotency, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var state = new CreateState();
        return await AbandonOnFailureAsync(state.Started, () => _pipeline.ExecuteAsync(
            static async (args, token) => await args.Writer.CreateOnceAsync(args.Invitation, args.Idempotency, args.State, token),
            (Writer: this, Invitation: invitation, Idempotency: idempotency, State: state),
            ct).AsTask());
    }

    /// <summary>
    /// Changes one invitation: <paramref name="apply"/> runs the rules on the current state (it may throw an
    /// <see cref="InvitationRuleException"/> to refuse; then nothing is queued or written). No change, no write.
    /// </summary>
    /// <exception cref="InvitationRuleException"><c>not-found</c>, or whatever the rules refuse.</exception>
    /// <exception cref="ConcurrencyConflictException">Concurrent changes outlasted every retry.</exception>
    public async Task<InvitationWriteResult> ChangeAsync(
        string accountId, Guid invitationId, Action<Invitation, DateTimeOffset> apply, InvitationWriteOptions? options, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        ArgumentNullException.ThrowIfNull(apply);
        var request = new ChangeRequest(accountId, invitationId, apply, options ?? new InvitationWriteOptions());
        return await AbandonOnFailureAsync(request.Started, () => _pipeline.ExecuteAsync(
            static async (args, token) => await args.Writer.ChangeOnceAsync(args.Request, token),
            (Writer: this, Request: request),
            ct).AsTask());
    }

    private async Task<InvitationWriteResult> CreateOnceAsync(Invitation invitation, IdempotencyRecord? idempotency, CreateState state, CancellationToken ct)
    {
        state.Attempt++;
        var accountId = invitation.AccountId;
        // A retry follows a conflict whose handler has just read the key and found nothing: it need not read again (a
        // key committed since still fails this transaction's Add of the row, and that conflict replays it).
        if (idempotency is not null && state.Attempt == 1 && await store.GetIdempotencyAsync(accountId, idempotency.Key, ct) is { } earlier)
        {
            return new InvitationWriteResult { Replay = earlier };
        }

        var events = Sequence(invitation.NewEvents, from: 0);
        var change = new InvitationChange(invitation, events, IsCreate: true, state.Attempt);
        var participantRows = await PrepareAsync(change, ct);
        state.Started.Add(change);
        await BeforeCommitAsync(change, ct);

        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, InvitationRows.ToEntity(invitation, events.Count)),
            GuardAction(invitation, state.Guard),
        };
        const int guardIndex = 1;
        actions.AddRange(HistoryActions(invitation, events));
        if (idempotency is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, InvitationRows.ToIdempotencyEntity(accountId, idempotency)));
        }

        actions.AddRange(participantRows);
        var client = await table.GetClientAsync(ct);
        try
        {
            var response = await client.SubmitTransactionAsync(actions, ct);
            invitation.ClearNewEvents();
            return Written(invitation, response.Value[0], events.Count);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            // A concurrent retry of the same request committed first (its guard row may be what failed here): replay it.
            if (idempotency is not null && await store.GetIdempotencyAsync(accountId, idempotency.Key, ct) is { } committed)
            {
                return new InvitationWriteResult { Replay = committed };
            }

            if (ex.FailedTransactionActionIndex == guardIndex)
            {
                // The address has a guard row (added, or replaced, since): does an open invitation hold it?
                var (guard, holder) = await ReadGuardAsync(client, accountId, invitation.Email, ct);
                if (holder is not null && holder.Value.Id != invitation.Id && holder.Value.IsOpenAt(time.GetUtcNow()))
                {
                    throw AlreadyInvited(holder);
                }

                state.Guard = guard;
            }
            else if (ex.FailedTransactionActionIndex == 0 && await store.GetAsync(accountId, invitation.Id, ct) is { } landed)
            {
                // An earlier send of this very transaction landed (its answer was lost and the SDK retried it).
                invitation.ClearNewEvents();
                return new InvitationWriteResult { Stored = landed, Changed = true };
            }

            LogConflict(logger, accountId, invitation.Id, state.Attempt, ex.Status, ex.ErrorCode);
            throw new ConcurrencyConflictException("The address was being invited concurrently. Try again.", ex);
        }
    }

    private async Task<InvitationWriteResult> ChangeOnceAsync(ChangeRequest request, CancellationToken ct)
    {
        request.Attempt++;
        var (accountId, invitationId) = (request.AccountId, request.InvitationId);
        var idempotency = request.Options.Idempotency;

        Stored<Invitation>? stored;
        if (request.Attempt == 1 && request.Options.Known is { } known && idempotency is null)
        {
            stored = known;
        }
        else if (idempotency is not null)
        {
            // Same partition, independent point reads: one round trip.
            var read = store.GetAsync(accountId, invitationId, ct);
            var answered = store.GetIdempotencyAsync(accountId, idempotency.Key, ct);
            await Task.WhenAll(read, answered);
            if (await answered is { } earlier)
            {
                return new InvitationWriteResult { Replay = earlier };
            }

            stored = await read;
        }
        else
        {
            stored = await store.GetAsync(accountId, invitationId, ct);
        }

        if (stored is null)
        {
            throw new InvitationNotFoundException();
        }

        var invitation = stored.Value;
        request.Apply(invitation, time.GetUtcNow());
        if (!invitation.HasChanges)
        {
            return new InvitationWriteResult { Stored = stored, Changed = false };
        }

        var events = Sequence(invitation.NewEvents, from: stored.Revision);
        var change = new InvitationChange(invitation, events, IsCreate: false, request.Attempt);
        var client = await table.GetClientAsync(ct);

        // A new window re-takes the address, so an account never has two open invitations for one address.
        var reissued = invitation.NewEvents.Any(e => e.Kind == InvitationEventKind.Reissued);
        var guardRead = reissued ? ReadGuardAsync(client, accountId, invitation.Email, ct, self: invitation.Id) : Task.FromResult<(TableEntity?, Stored<Invitation>?)>((null, null));
        var prepared = PrepareAsync(change, ct).AsTask();
        await Task.WhenAll(guardRead, prepared);
        var (guard, holder) = await guardRead;
        if (holder is not null && holder.Value.Id != invitation.Id && holder.Value.IsOpenAt(time.GetUtcNow()))
        {
            throw AlreadyInvited(holder);
        }

        request.Started.Add(change);
        await BeforeCommitAsync(change, ct);

        var revision = stored.Revision + events.Count;
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, InvitationRows.ToEntity(invitation, revision), stored.ETag),
        };
        if (reissued)
        {
            actions.Add(GuardAction(invitation, guard));
        }

        actions.AddRange(HistoryActions(invitation, events));
        if (idempotency is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, InvitationRows.ToIdempotencyEntity(accountId, idempotency.Answer(invitation))));
        }

        actions.AddRange(await prepared);
        try
        {
            var response = await client.SubmitTransactionAsync(actions, ct);
            invitation.ClearNewEvents();
            return Written(invitation, response.Value[0], revision);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            LogConflict(logger, accountId, invitationId, request.Attempt, ex.Status, ex.ErrorCode);
            throw new ConcurrencyConflictException("The invitation was changed by someone else at the same time. Reload and try again.", ex);
        }
    }

    private async ValueTask<IReadOnlyList<TableTransactionAction>> PrepareAsync(InvitationChange change, CancellationToken ct)
    {
        if (_participants.Length == 0)
        {
            return [];
        }

        var prepared = await Task.WhenAll(_participants.Select(p => p.PrepareAsync(change, ct).AsTask()));
        return [.. prepared.SelectMany(rows => rows)];
    }

    private Task BeforeCommitAsync(InvitationChange change, CancellationToken ct) =>
        Task.WhenAll(_participants.Select(p => p.BeforeCommitAsync(change, ct)));

    /// <summary>
    /// Runs a whole write; if it ends without a commit (refused, conflicts outlasted the retries, storage failed), every
    /// attempt whose side effects went out is abandoned, so a refusal leaves nothing behind. A committed write keeps
    /// the side effects of its earlier attempts: they are duplicates of what committed (the same send, the same window).
    /// </summary>
    private async Task<InvitationWriteResult> AbandonOnFailureAsync(List<InvitationChange> started, Func<Task<InvitationWriteResult>> write)
    {
        try
        {
            var result = await write();
            if (result.Replay is not null)
            {
                await AbandonAsync(started);
            }

            return result;
        }
        catch (Exception) when (started.Count > 0)
        {
            await AbandonAsync(started);
            throw;
        }
    }

    private async Task AbandonAsync(List<InvitationChange> started)
    {
        // Not the caller's token: a cancelled request must still clean up what it queued.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var change in started)
        {
            foreach (var participant in _participants)
            {
                try
                {
                    await participant.AbandonAsync(change, timeout.Token);
                }
                catch (Exception e) when (e is RequestFailedException or OperationCanceledException)
                {
                    LogAbandonFailed(logger, e, change.Invitation.AccountId, change.Invitation.Id, participant.GetType().Name);
                }
            }
        }
    }

    /// <summary>The address's guard row and the invitation it names (not read again when that is <paramref name="self"/>).</summary>
    private async Task<(TableEntity? Guard, Stored<Invitation>? Holder)> ReadGuardAsync(
        TableClient client, string accountId, EmailAddress email, CancellationToken ct, Guid? self = null)
    {
        var guard = await client.GetEntityIfExistsAsync<TableEntity>(accountId, InvitationRows.EmailGuardKey(email), cancellationToken: ct);
        if (!guard.HasValue)
        {
            return (null, null);
        }

        var holderId = guard.Value!.GetGuid("InvitationId");
        var holder = holderId is { } id && id != self ? await store.GetAsync(accountId, id, ct) : null;
        return (guard.Value, holder);
    }

    private static IReadOnlyList<SequencedEvent> Sequence(IReadOnlyList<InvitationEvent> events, long from) =>
        [.. events.Select((e, i) => new SequencedEvent(e, from + i))];

    private static IEnumerable<TableTransactionAction> HistoryActions(Invitation invitation, IReadOnlyList<SequencedEvent> events) =>
        events.Select(e => new TableTransactionAction(
            TableTransactionActionType.Add,
            InvitationRows.ToHistoryEntity(invitation.AccountId, invitation.Id, e.Event, e.Sequence)));

    private static TableTransactionAction GuardAction(Invitation invitation, TableEntity? existing)
    {
        var entity = InvitationRows.ToGuardEntity(invitation);
        return existing is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, existing.ETag);
    }

    private static InvitationWriteResult Written(Invitation invitation, Response invitationResponse, long revision) =>
        new()
        {
            Stored = new Stored<Invitation>(
                invitation,
                invitationResponse.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag for the invitation row."),
                revision),
            Changed = true,
        };

    private static InvitationRuleException AlreadyInvited(Stored<Invitation> holder) =>
        new(InvitationErrorCodes.AlreadyInvited, "This address already has an open invitation in this account.")
        {
            Details = { ["invitationId"] = holder.Value.Id },
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "Write of invitation {InvitationId} in account {AccountId} met a concurrent change on attempt {Attempt} ({Status} {ErrorCode}); retrying on fresh state")]
    private static partial void LogConflict(ILogger logger, string accountId, Guid invitationId, int attempt, int status, string? errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not undo the side effects of an abandoned write of invitation {InvitationId} in account {AccountId} ({Participant}); they stay harmless")]
    private static partial void LogAbandonFailed(ILogger logger, Exception exception, string accountId, Guid invitationId, string participant);

    /// <summary>What a create carries from one attempt to the next: the guard row found by a failed attempt, and the attempts whose side effects went out.</summary>
    private sealed class CreateState
    {
        public int Attempt { get; set; }
        public TableEntity? Guard { get; set; }
        public List<InvitationChange> Started { get; } = [];
    }

    private sealed record ChangeRequest(string AccountId, Guid InvitationId, Action<Invitation, DateTimeOffset> Apply, InvitationWriteOptions Options)
    {
        public int Attempt { get; set; }
        public List<InvitationChange> Started { get; } = [];
    }
}
