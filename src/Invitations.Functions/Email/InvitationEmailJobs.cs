using Invitations.Invitations;

namespace Invitations.Email;

/// <summary>Builds the email job of an invitation's current send (kept apart from <see cref="EmailJob"/>, whose file the email feature shares).</summary>
public static class InvitationEmailJobs
{
    /// <summary>The job of one send of <paramref name="invitation"/> as it is now (its current link version and send number).</summary>
    public static EmailJob For(Invitation invitation, string kind)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return new EmailJob(invitation.AccountId, invitation.Id.ToString(), invitation.LinkVersion, invitation.SendNumber, kind);
    }
}
