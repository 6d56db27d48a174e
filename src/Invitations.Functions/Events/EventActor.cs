using System.Text.Json.Serialization;

namespace Invitations.Events;

/// <summary>Who caused the event: an admin, the invitee, or <c>system</c> (the sweep, the email sender).</summary>
public sealed record EventActor(
    string Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name);
