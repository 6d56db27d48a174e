namespace Invitations.Admin.Bulk;

/// <summary>What became of one row: <see cref="Created"/> (fresh or replayed), or the <see cref="Failure"/> the edge answers for it.</summary>
public sealed record BulkRowOutcome(int Index, CreateInvitationResult? Created, Exception? Failure);
