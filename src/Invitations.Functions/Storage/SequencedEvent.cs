using Invitations.Invitations;

namespace Invitations.Storage;

/// <summary>
/// An event with its history sequence number: unique per invitation, and the same on every retry of the same
/// committed change (sequence = the invitation's stored EventCount before the change + the event's index).
/// </summary>
public sealed record SequencedEvent(InvitationEvent Event, long Sequence);
