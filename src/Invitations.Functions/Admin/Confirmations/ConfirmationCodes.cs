namespace Invitations.Admin.Confirmations;

/// <summary>
/// Stable codes of the confirmations the portal shows after an action. A client may switch on them and render its own
/// text from the parameters; the text beside them is English or Dutch by Accept-Language. Never rename a code.
/// </summary>
public static class ConfirmationCodes
{
    /// <summary>Parameters: email, expiresAt. The email is queued, not yet sent.</summary>
    public const string Created = "invitation-created";

    /// <summary>Parameters: email, expiresAt. The same link is queued to be emailed again.</summary>
    public const string Resent = "invitation-resent";

    /// <summary>Parameters: email, expiresAt. A new link is queued; the old one stopped working.</summary>
    public const string Reissued = "invitation-reissued";

    /// <summary>Parameters: email. The link stopped working; no email is sent.</summary>
    public const string Revoked = "invitation-revoked";

    /// <summary>Parameters: email. It was revoked before; nothing changed.</summary>
    public const string AlreadyRevoked = "invitation-already-revoked";

    /// <summary>Parameters: email, role. No email is sent.</summary>
    public const string RoleChanged = "invitation-role-changed";

    /// <summary>Parameters: email, role. The invitation already had this role; nothing changed.</summary>
    public const string RoleUnchanged = "invitation-role-unchanged";

    /// <summary>Parameters: created, failed. The created invitations' emails are queued, not yet sent.</summary>
    public const string BulkCreated = "invitations-bulk-created";
}
