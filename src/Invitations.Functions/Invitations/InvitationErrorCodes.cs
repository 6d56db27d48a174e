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
    public const string ResendLimitReached = "resend-limit-reached";
    public const string Conflict = "conflict";
    public const string NotFound = "not-found";
    public const string ValidationFailed = "validation-failed";
}
