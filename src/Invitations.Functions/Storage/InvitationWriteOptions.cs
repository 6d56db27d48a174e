using Invitations.Invitations;

namespace Invitations.Storage;

/// <summary>Per-call options of <see cref="InvitationWriter.ChangeAsync"/>.</summary>
public sealed record InvitationWriteOptions
{
    /// <summary>
    /// The invitation as the caller just read it, unchanged: the first attempt starts from it instead of reading again.
    /// A retry always reads fresh state.
    /// </summary>
    public Stored<Invitation>? Known { get; init; }

    /// <summary>Makes the change idempotent under a client's key: its answer is stored in the same transaction.</summary>
    public IdempotentChange? Idempotency { get; init; }
}
