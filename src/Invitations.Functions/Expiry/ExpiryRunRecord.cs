namespace Invitations.Expiry;

public static class ExpiryRunTriggers
{
    public const string Schedule = "schedule";
    public const string Manual = "manual";
}

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

/// <summary>What ops staff see of one run (GET ops/expiry-runs), and what the log line and metrics carry.</summary>
public sealed class ExpiryRunRecord
{
    public required string Id { get; init; }
    public required string Trigger { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; set; }
    public long DurationMs { get; set; }
    public bool IsPastDue { get; init; }
    public bool DryRun { get; init; }

    /// <summary>Distinct index buckets the run read rows from.</summary>
    public int BucketsRead { get; set; }

    /// <summary>Due index rows looked at (each costs a point read of its invitation).</summary>
    public int Examined { get; set; }

    public int Expired { get; set; }

    /// <summary>Rows whose invitation was already accepted, revoked, reissued, expired or gone.</summary>
    public int Skipped { get; set; }

    public int Errors { get; set; }

    /// <summary>The budget ran out with due rows left; the next run continues with them.</summary>
    public bool BacklogRemaining { get; set; }

    /// <summary>The newest bucket known fully resolved after this run.</summary>
    public string? CheckpointBucket { get; set; }

    public required string Outcome { get; set; }

    /// <summary>Why a run failed or was locked out; never carries secrets.</summary>
    public string? Detail { get; set; }
}
