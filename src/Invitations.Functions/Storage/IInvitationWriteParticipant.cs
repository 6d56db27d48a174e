using Azure.Data.Tables;

namespace Invitations.Storage;

public interface IInvitationWriteParticipant
{
    /// Reads and checks before anything is queued; throw an InvitationRuleException (or another domain exception) to refuse.
    /// Returns the rows to add to the change's transaction (partition key = the change's account id).
    ValueTask<IReadOnlyList<TableTransactionAction>> PrepareAsync(InvitationChange change, CancellationToken ct) =>
        ValueTask.FromResult<IReadOnlyList<TableTransactionAction>>([]);

    /// Side effects that must exist before the commit; all participants run concurrently. Runs again on a retry and
    /// must be harmless when the transaction then fails.
    Task BeforeCommitAsync(InvitationChange change, CancellationToken ct) => Task.CompletedTask;
}
