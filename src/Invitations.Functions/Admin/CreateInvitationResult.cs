using System.Text.Json;

namespace Invitations.Admin;

/// <summary>The answer of a create: fresh, or replayed from the stored answer of an earlier call with the same key.</summary>
public sealed record CreateInvitationResult(Guid InvitationId, JsonElement Body, bool Replayed);
