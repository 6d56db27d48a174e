using System.Text.Json.Serialization;

namespace Invitations.Email.Acs;

internal sealed record AcsAddress(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("displayName")] string? DisplayName);
