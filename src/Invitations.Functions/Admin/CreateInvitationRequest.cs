namespace Invitations.Admin;

/// <summary>Body of <c>POST /accounts/{accountId}/invitations</c>. Unknown members are refused.</summary>
public sealed record CreateInvitationRequest(
    string? Email,
    string? DisplayName = null,
    string? Role = null,
    string? Message = null,
    string? Locale = null);
