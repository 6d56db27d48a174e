namespace Invitations.Invitations;

/// <summary>The stable codes of invitation rules (the API's problem types end in them).</summary>
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
