namespace Invitations.Admin;

/// <summary>Counts per status of an account's invitations as of <see cref="AsOf"/>.</summary>
public sealed record InvitationSummaryView(int Pending, int Accepted, int Revoked, int Expired, int Total, DateTime AsOf);
