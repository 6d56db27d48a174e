namespace Invitations.Invitations;

/// <summary>
/// An action broke an invitation rule. <see cref="Code"/> is the stable problem code the API returns
/// (see <see cref="InvitationErrorCodes"/>); the HTTP layer maps it to a status in one place.
/// </summary>
public sealed class InvitationRuleException : Exception
{
    public InvitationRuleException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public InvitationRuleException(string code, string message, TimeSpan retryAfter)
        : this(code, message)
    {
        RetryAfter = retryAfter;
    }

    public InvitationRuleException()
        : this(InvitationErrorCodes.Conflict, "The invitation rule was broken.")
    {
    }

    public InvitationRuleException(string message)
        : this(InvitationErrorCodes.Conflict, message)
    {
    }

    public InvitationRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = InvitationErrorCodes.Conflict;
    }

    public string Code { get; }

    /// <summary>Set for rate limits: when the caller may try again.</summary>
    public TimeSpan? RetryAfter { get; }
}

public static class InvitationErrorCodes
{
    public const string Expired = "invitation-expired";
    public const string Accepted = "invitation-accepted";
    public const string Revoked = "invitation-revoked";
    public const string Superseded = "invitation-superseded";
    public const string InvalidToken = "invalid-token";
    public const string AlreadyInvited = "already-invited";
    public const string AcceptedByAnotherUser = "accepted-by-another-user";
    public const string EmailMismatch = "email-mismatch";
    public const string ResendLimitReached = "resend-limit-reached";
    public const string Conflict = "conflict";
    public const string NotFound = "not-found";
    public const string ValidationFailed = "validation-failed";

    /// <summary>Email delivery only (never an HTTP answer): another delivery of the same send claimed it first.</summary>
    public const string SendClaimed = "send-claimed";
}
