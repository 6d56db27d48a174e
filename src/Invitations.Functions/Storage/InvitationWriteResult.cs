using Invitations.Invitations;

namespace Invitations.Storage;

/// <summary>What a write through <see cref="InvitationWriter"/> came to.</summary>
public sealed record InvitationWriteResult
{
    /// <summary>The invitation as stored after the call (null only for a replay).</summary>
    public Stored<Invitation>? Stored { get; init; }

    /// <summary>False when the rules changed nothing, so nothing was written.</summary>
    public bool Changed { get; init; }

    /// <summary>The answer stored under the request's idempotency key by an earlier call: nothing was written.</summary>
    public IdempotencyRecord? Replay { get; init; }

    public Invitation Invitation => (Stored ?? throw new InvalidOperationException("A replayed answer carries no invitation.")).Value;
}
