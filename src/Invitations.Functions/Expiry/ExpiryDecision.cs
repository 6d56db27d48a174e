namespace Invitations.Expiry;

public enum ExpiryDecision
{
    /// <summary>The window in this row has not ended yet (the current, partly due bucket): leave the row.</summary>
    NotYetDue,

    /// <summary>Pending, window ended, and the row describes the invitation's current window: expire it.</summary>
    Expire,

    /// <summary>The row no longer describes the invitation (accepted, revoked, reissued, expired, deleted): drop the row.</summary>
    Stale,

    /// <summary>The row is ahead of its invitation and young: the repository's write may still be landing. Keep it.</summary>
    Wait,
}
