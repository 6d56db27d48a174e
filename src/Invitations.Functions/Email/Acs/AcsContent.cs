using System.Text.Json.Serialization;

namespace Invitations.Email.Acs;

internal sealed record AcsContent(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("plainText")] string PlainText,
    [property: JsonPropertyName("html")] string Html);
