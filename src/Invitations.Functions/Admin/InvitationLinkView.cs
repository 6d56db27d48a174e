namespace Invitations.Admin;

/// <summary>Copy invitation link.</summary>
public sealed record InvitationLinkView(string Url, DateTime ExpiresAt);
