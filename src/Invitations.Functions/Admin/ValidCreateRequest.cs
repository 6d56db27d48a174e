using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Invitations.Invitations;

namespace Invitations.Admin;

/// <summary>A create request that passed validation, in normalised form.</summary>
public sealed record ValidCreateRequest(EmailAddress Email, string? DisplayName, string Role, string? Message, string? Locale)
{
    /// <summary>Identifies the request for Idempotency-Key replays: same normalised content, same hash.</summary>
    public string Hash()
    {
        var canonical = JsonSerializer.Serialize(new[] { Email.Normalized, DisplayName, Role, Message, Locale });
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
