using Invitations.Invitations;

namespace Invitations.Storage;

/// A change the door is about to commit.
public sealed record InvitationChange(
    Invitation Invitation,                     // the state after the rules ran (what will be written)
    IReadOnlyList<SequencedEvent> Events,      // the new events, in order
    bool IsCreate,
    int Attempt);                              // 1 on the first attempt
