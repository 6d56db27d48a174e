using System.Diagnostics.CodeAnalysis;

namespace Invitations.Invitations;

/// <summary>No such invitation in this account (<c>not-found</c>). Another account's id is not found either.</summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors",
    Justification = "The message is fixed: it never says more than that the invitation does not exist.")]
public sealed class InvitationNotFoundException : DomainException
{
    public InvitationNotFoundException()
        : base(InvitationErrorCodes.NotFound, "No such invitation.")
    {
    }
}
