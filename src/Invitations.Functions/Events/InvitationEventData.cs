using System.Text.Json.Serialization;

namespace Invitations.Events;

/// <summary>
/// The <c>data</c> of every invitation event (JSON, camelCase). Facts only: never a link token, key or secret.
/// <see cref="Sequence"/> orders the events of one invitation; <see cref="Reason"/> is set on email outcomes only.
/// </summary>
public sealed record InvitationEventData(
    string AccountId,
    Guid InvitationId,
    string Email,
    string Role,
    string Status,
    int LinkVersion,
    EventActor Actor,
    DateTimeOffset ExpiresAt,
    long Sequence,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null);
