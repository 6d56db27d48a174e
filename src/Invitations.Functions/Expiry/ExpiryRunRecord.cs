namespace Invitations.Expiry;

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
