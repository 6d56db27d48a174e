using Azure.Data.Tables;

namespace Invitations.Storage;

/// <summary>
/// Adds a feature's work to every change that goes through <see cref="InvitationWriter"/>, so Storage never imports
/// the features (Email queues its job, Expiry keeps its index, Events writes outbox rows, Limits check quotas).
/// </summary>
public interface IInvitationWriteParticipant
{
    /// <summary>
    /// Reads and checks before anything is queued; throw an <see cref="Invitations.InvitationRuleException"/> (or another
    /// domain exception) to refuse. Returns the rows to add to the change's transaction (partition key = the account id).
    /// </summary>
    ValueTask<IReadOnlyList<TableTransactionAction>> PrepareAsync(InvitationChange change, CancellationToken ct) =>
        ValueTask.FromResult<IReadOnlyList<TableTransactionAction>>([]);

    /// <summary>
    /// Side effects that must exist before the commit; all participants run concurrently. Runs again on a retry and
    /// must be harmless when the transaction then fails.
    /// </summary>
    Task BeforeCommitAsync(InvitationChange change, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// The change this participant prepared for was refused or failed for good (after <see cref="BeforeCommitAsync"/>
    /// ran): undo its side effects where that is safe, so a refusal changes nothing. Best effort: a failure here is
    /// logged, and what is left is what BeforeCommitAsync already had to make harmless.
    /// </summary>
    Task AbandonAsync(InvitationChange change, CancellationToken ct) => Task.CompletedTask;
}
