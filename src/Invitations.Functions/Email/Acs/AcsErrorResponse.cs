using System.Text.Json.Serialization;

namespace Invitations.Email.Acs;

internal sealed record AcsErrorResponse([property: JsonPropertyName("error")] AcsError? Error);
