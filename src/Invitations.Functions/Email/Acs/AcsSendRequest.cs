using System.Text.Json.Serialization;

namespace Invitations.Email.Acs;

internal sealed record AcsSendRequest(
    [property: JsonPropertyName("senderAddress")] string SenderAddress,
    [property: JsonPropertyName("recipients")] AcsRecipients Recipients,
    [property: JsonPropertyName("content")] AcsContent Content,
    [property: JsonPropertyName("replyTo")] IReadOnlyList<AcsAddress>? ReplyTo,
    [property: JsonPropertyName("userEngagementTrackingDisabled")] bool UserEngagementTrackingDisabled);
