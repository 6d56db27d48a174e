using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Invitations.Events;

/// <summary>
/// The queue message that tells the relay an account's partition has outbox rows: the change's account, invitation
/// and the sequence of its first published event (to tell "already published" from "not committed yet").
/// </summary>
/// <param name="FirstSentAt">When the change sent it; a nudge whose change never committed is dropped after a grace period.</param>
/// <param name="Attempt">1, then +1 after each failed publish (the backoff exponent).</param>
public sealed record EventNudge(string AccountId, Guid InvitationId, long Sequence, DateTimeOffset FirstSentAt, int Attempt = 1)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static bool TryParse(string? text, [NotNullWhen(true)] out EventNudge? nudge)
    {
        nudge = null;
        try
        {
            nudge = string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<EventNudge>(text, Json);
        }
        catch (JsonException)
        {
            return false;
        }

        if (nudge is null || string.IsNullOrEmpty(nudge.AccountId) || nudge.InvitationId == Guid.Empty || nudge.Attempt < 1)
        {
            nudge = null;
            return false;
        }

        return true;
    }
}
