using System.Text.Json.Serialization;

namespace Invitations.Email.Acs;

internal sealed record AcsRecipients([property: JsonPropertyName("to")] IReadOnlyList<AcsAddress> To);
