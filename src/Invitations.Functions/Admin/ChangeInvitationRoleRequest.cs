namespace Invitations.Admin;

/// <summary>Body of <c>PATCH /accounts/{accountId}/invitations/{invitationId}</c>. Unknown members are refused.</summary>
public sealed record ChangeInvitationRoleRequest(string? Role);
