using Invitations.Invitations;

namespace Invitations.Admin;

/// <summary>Resend and send-new answers: a confirmation to show, and the invitation as it now is.</summary>
public sealed record InvitationActionView(string Message, InvitationView Invitation);
