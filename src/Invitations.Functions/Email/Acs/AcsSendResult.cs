using System.Text.Json.Serialization;

namespace Invitations.Email.Acs;

/// <summary>EmailSendResult: the 202 body of a send and the 200 body of an operation GET.</summary>
internal sealed record AcsSendResult(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("error")] AcsError? Error);
