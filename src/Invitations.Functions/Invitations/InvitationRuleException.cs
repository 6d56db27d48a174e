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

    /// <summary>A limit: <paramref name="retryAt"/> is when the refused action becomes possible again.</summary>
    public InvitationRuleException(string code, string message, TimeSpan retryAfter, DateTimeOffset retryAt)
        : this(code, message)
    {
        RetryAfter = retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1);
        RetryAt = retryAt;
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

    /// <summary>Set for limits: how long until the caller may try again (at least a second).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Set for limits: when the caller may try again.</summary>
    public DateTimeOffset? RetryAt { get; }
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
    public const string InvitationEmailLimitReached = "invitation-email-limit-reached";
    public const string AccountEmailLimitReached = "account-email-limit-reached";
    public const string EmailNotVerified = "email-not-verified";
    public const string Conflict = "conflict";
    public const string NotFound = "not-found";
    public const string ValidationFailed = "validation-failed";

    /// <summary>Email delivery only (never an HTTP answer): another delivery of the same send claimed it first.</summary>
    public const string SendClaimed = "send-claimed";
}
