using System.Text.Json.Serialization;

namespace Invitations.Email.Acs;

internal sealed record AcsError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);
