using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
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
    public async Task BeforeCommitAsync(InvitationChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var mapped = InvitationEventMapping.Map(change);
        if (mapped.Count > 0)
        {
            var first = mapped[0].Data;
            change.SideEffects.Record(this, await queues.SendAsync(new EventNudge(first.AccountId, first.InvitationId, first.Sequence, time.GetUtcNow()), NudgeDelay, ct));
        }
    }

    /// <summary>A refused change takes its nudge back (if the relay already has it, the relay drops it after the grace period).</summary>
    public async Task AbandonAsync(InvitationChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.SideEffects.TryTake<SendReceipt>(this, out var receipt))
        {
            await queues.TryDeleteAsync(receipt, ct);
        }
    }
}
