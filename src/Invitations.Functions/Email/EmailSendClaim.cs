using Invitations.Invitations;
using Invitations.Storage;

namespace Invitations.Email;

/// <summary>A delivery's claim on one send: it alone may POST this email now, as attempt <paramref name="Attempts"/>.</summary>
public sealed record EmailSendClaim(int Attempts)
{
    /// <summary>The source's own state after the claim, so recording the outcome need not read again.</summary>
    public Stored<Invitation>? Snapshot { get; init; }
}
