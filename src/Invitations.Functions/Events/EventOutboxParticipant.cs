using Azure.Data.Tables;
using Invitations.Storage;

namespace Invitations.Events;

/// <summary>
/// Plugs the outbox into the door: the change's published events become outbox rows in its own transaction (so an
/// event exists if and only if its change committed), and one nudge per change tells the relay which partition has
/// work. The nudge is the only extra storage request of a change; it is visible after <see cref="NudgeDelay"/> so the
/// relay usually finds the rows committed (when not, it waits for the commit: see <see cref="EventOutboxRelay"/>).
/// </summary>
public sealed class EventOutboxParticipant(EventQueues queues, TimeProvider time) : IInvitationWriteParticipant
{
    public static readonly TimeSpan NudgeDelay = TimeSpan.FromSeconds(1);

    public ValueTask<IReadOnlyList<TableTransactionAction>> PrepareAsync(InvitationChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var accountId = change.Invitation.AccountId;
        IReadOnlyList<TableTransactionAction> rows = [.. InvitationEventMapping.Map(change)
            .Select(e => new TableTransactionAction(TableTransactionActionType.Add, OutboxRows.ToEntity(accountId, e)))];
        return ValueTask.FromResult(rows);
    }

    /// <summary>Harmless when the transaction then fails: the relay finds nothing, sees the change never committed, drops it.</summary>
    public Task BeforeCommitAsync(InvitationChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var mapped = InvitationEventMapping.Map(change);
        var first = mapped.Count > 0 ? mapped[0] : null;
        return first is null
            ? Task.CompletedTask
            : queues.SendAsync(new EventNudge(first.Data.AccountId, first.Data.InvitationId, first.Data.Sequence, time.GetUtcNow()), NudgeDelay, ct);
    }
}
