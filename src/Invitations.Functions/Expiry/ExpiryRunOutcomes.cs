namespace Invitations.Expiry;

public static class ExpiryRunOutcomes
{
    public const string Running = "running";

    /// <summary>Everything due was resolved, with no errors.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The budget ran out (backlog remains) or some items failed; the next run continues.</summary>
    public const string Partial = "partial";

    /// <summary>The run stopped on an unexpected error, or its process died (found by the next run).</summary>
    public const string Failed = "failed";

    /// <summary>Another run held the lock; this one did nothing.</summary>
    public const string LockedOut = "lockedOut";
}
