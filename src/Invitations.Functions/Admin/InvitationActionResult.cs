using System.Text.Json;

namespace Invitations.Admin;

/// <summary>
/// The answer of resend or send new: the invitation as it now is (<see cref="Invitation"/>, JSON), fresh or replayed
/// from the one stored by an earlier call with the same key. The edge adds the confirmation in the caller's language.
/// </summary>
public sealed record InvitationActionResult(JsonElement Invitation, bool Replayed);
