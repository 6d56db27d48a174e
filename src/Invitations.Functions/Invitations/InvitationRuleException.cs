using System.Diagnostics.CodeAnalysis;

namespace Invitations.Invitations;

/// <summary>An action broke an invitation rule; <see cref="DomainException.Code"/> is one of <see cref="InvitationErrorCodes"/>.</summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors",
    Justification = "Every rule error has a code; a constructor without one would have to invent it.")]
public sealed class InvitationRuleException : DomainException
{
    public InvitationRuleException(string code, string message)
        : base(code, message)
    {
    }

    /// <summary>A limit: <paramref name="retryAt"/> is when the refused action becomes possible again.</summary>
    public InvitationRuleException(string code, string message, TimeSpan retryAfter, DateTimeOffset retryAt)
        : base(code, message, retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1), retryAt)
    {
    }
}
