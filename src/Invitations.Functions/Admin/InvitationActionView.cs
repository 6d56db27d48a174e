using Invitations.Admin.Confirmations;

namespace Invitations.Admin;

/// <summary>Resend and send-new answers: a confirmation to show (<see cref="Message"/> is its text), and the invitation as it now is.</summary>
public sealed record InvitationActionView(string Message, InvitationView Invitation, Confirmation Confirmation);
