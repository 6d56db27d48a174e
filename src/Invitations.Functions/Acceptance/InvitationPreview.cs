using Invitations.Invitations;

namespace Invitations.Acceptance;

/// <summary>What the accept page shows. No ids of the inviter, no link.</summary>
public sealed record InvitationPreview(
    string AccountId,
    string AccountName,
    string InvitedBy,
    string Email,
    string? DisplayName,
    string Role,
    InvitationStatus Status,
    DateTime ExpiresAt,
    DateTime? AcceptedAt);
