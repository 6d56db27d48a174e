using Invitations.Invitations;
using Invitations.Storage;

namespace Invitations.Tests.Events;

/// <summary>
/// Builds <see cref="InvitationChange"/>s the way the door numbers them (sequence = events stored before the change +
/// index), so participant and relay tests can run without the door.
/// </summary>
internal sealed class DoorChanges
{
    public long EventCount { get; private set; }

    /// <summary>The change of the invitation's new events; then forgets them, as a commit would.</summary>
    public InvitationChange Next(Invitation invitation, int attempt = 1)
    {
        var isCreate = EventCount == 0;
        var events = invitation.NewEvents.Select((e, i) => new SequencedEvent(e, EventCount + i)).ToList();
        EventCount += events.Count;
        invitation.ClearNewEvents();
        return new InvitationChange(invitation, events, isCreate, attempt);
    }
}
