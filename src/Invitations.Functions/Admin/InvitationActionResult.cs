using System.Text.Json;

namespace Invitations.Admin;

/// <summary>The answer of resend or send new: fresh, or replayed from the stored answer of an earlier call with the same key.</summary>
public sealed record InvitationActionResult(JsonElement Body, bool Replayed);
