using System.Globalization;
using Invitations.Invitations;
using Invitations.Storage;

namespace Invitations.Events;

/// <summary>
/// Plain rules (no Azure types): which aggregate events are published under which type, and their attributes. The
/// <c>id</c> comes from the invitation id and the history sequence, so every redelivery carries the same id.
/// </summary>
public static class InvitationEventMapping
{
    /// <summary>
    /// The published type of an event, or null for entries that are not changes subscribers hear about
    /// (<c>email-queued</c> rides along with created, resent and reissued; <c>link-copied</c> is an audit entry).
    /// An email failure is told apart by the delivery status it reports.
    /// </summary>
    public static string? TypeOf(InvitationEventKind kind, EmailDeliveryStatus? delivery) => kind switch
    {
        InvitationEventKind.Created => InvitationEventTypes.Created,
        InvitationEventKind.Resent => InvitationEventTypes.Resent,
        InvitationEventKind.Reissued => InvitationEventTypes.Reissued,
        InvitationEventKind.Accepted => InvitationEventTypes.Accepted,
        InvitationEventKind.Revoked => InvitationEventTypes.Revoked,
        InvitationEventKind.Expired => InvitationEventTypes.Expired,
        InvitationEventKind.RoleChanged => InvitationEventTypes.RoleChanged,
        InvitationEventKind.EmailSent => InvitationEventTypes.EmailSent,
        InvitationEventKind.EmailDelivered => InvitationEventTypes.EmailDelivered,
        InvitationEventKind.EmailFailed => delivery switch
        {
            EmailDeliveryStatus.Bounced => InvitationEventTypes.EmailBounced,
            EmailDeliveryStatus.Suppressed => InvitationEventTypes.EmailSuppressed,
            _ => InvitationEventTypes.EmailFailed,
        },
        InvitationEventKind.EmailDropped => InvitationEventTypes.EmailDropped,
        InvitationEventKind.EmailQueued or InvitationEventKind.LinkCopied => null,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Decide whether this event kind is published."),
    };

    /// <summary>Unique per invitation and sequence; stable across retries and redeliveries.</summary>
    public static string IdOf(Guid invitationId, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{invitationId:N}-{sequence:D6}");

    public static string SourceOf(string accountId) => "/accounts/" + Uri.EscapeDataString(accountId);

    public static string SubjectOf(Guid invitationId) => $"invitations/{invitationId:D}";

    /// <summary>The published events of one change, in order (empty when it has nothing to publish).</summary>
    public static IReadOnlyList<MappedEvent> Map(InvitationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return [.. change.Events.Select(e => Map(change.Invitation, e)).OfType<MappedEvent>()];
    }

    /// <summary>One event of <paramref name="invitation"/> (its state after the change), or null when not published.</summary>
    public static MappedEvent? Map(Invitation invitation, SequencedEvent sequenced)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(sequenced);
        var e = sequenced.Event;
        // An email outcome says its own status: a report about an older send is not the current send's status.
        if (TypeOf(e.Kind, e.DeliveryStatus ?? invitation.Delivery?.Status) is not { } type)
        {
            return null;
        }

        var isEmailOutcome = e.Kind is InvitationEventKind.EmailSent or InvitationEventKind.EmailDelivered or InvitationEventKind.EmailFailed or InvitationEventKind.EmailDropped;
        var data = new InvitationEventData(
            invitation.AccountId,
            invitation.Id,
            invitation.Email.Value,
            invitation.Role,
            invitation.StoredStatus.ToString().ToLowerInvariant(),
            e.LinkVersion,
            new EventActor(e.Actor.Id, e.Actor.Name),
            invitation.ExpiresAt,
            sequenced.Sequence,
            isEmailOutcome ? e.Details : null);
        return new MappedEvent(IdOf(invitation.Id, sequenced.Sequence), type, SourceOf(invitation.AccountId), SubjectOf(invitation.Id), e.At, data);
    }
}
