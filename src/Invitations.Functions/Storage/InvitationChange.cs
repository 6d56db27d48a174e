using Invitations.Invitations;

namespace Invitations.Storage;

/// <summary>A change the door is about to commit.</summary>
/// <param name="Invitation">The state after the rules ran (what will be written).</param>
/// <param name="Events">The new events, in order.</param>
/// <param name="IsCreate">True for a new invitation.</param>
/// <param name="Attempt">1 on the first attempt.</param>
public sealed record InvitationChange(
    Invitation Invitation,
    IReadOnlyList<SequencedEvent> Events,
    bool IsCreate,
    int Attempt)
{
    /// <summary>The participants' side effects of this attempt, which an abandoned change takes back.</summary>
    public ChangeSideEffects SideEffects { get; } = new();
}
