using System.Text.Json.Serialization;

namespace Invitations.Email.Acs;

// Wire shapes of the ACS Email REST API 2023-03-31 (azure-rest-api-specs,
// specification/communication/data-plane/Email/stable/2023-03-31/CommunicationServicesEmail.json).

internal sealed record AcsSendRequest(
    [property: JsonPropertyName("senderAddress")] string SenderAddress,
    [property: JsonPropertyName("recipients")] AcsRecipients Recipients,
    [property: JsonPropertyName("content")] AcsContent Content,
    [property: JsonPropertyName("replyTo")] IReadOnlyList<AcsAddress>? ReplyTo,
    [property: JsonPropertyName("userEngagementTrackingDisabled")] bool UserEngagementTrackingDisabled);

internal sealed record AcsRecipients([property: JsonPropertyName("to")] IReadOnlyList<AcsAddress> To);

internal sealed record AcsAddress(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("displayName")] string? DisplayName);

internal sealed record AcsContent(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("plainText")] string PlainText,
    [property: JsonPropertyName("html")] string Html);

/// <summary>EmailSendResult: the 202 body of a send and the 200 body of an operation GET.</summary>
internal sealed record AcsSendResult(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("error")] AcsError? Error);

internal sealed record AcsErrorResponse([property: JsonPropertyName("error")] AcsError? Error);

internal sealed record AcsError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);
