namespace Invitations.Events;

/// <summary>How one relay run for a nudge ended (tests and logs read it).</summary>
public enum EventRelayOutcome
{
    /// <summary>The partition's pending events were published, the nudged one included (or already published).</summary>
    Published,

    /// <summary>Another relay holds the partition's lease; the nudge comes back shortly.</summary>
    Busy,

    /// <summary>The topic refused a batch; the nudge comes back after a backoff.</summary>
    Failed,

    /// <summary>The nudged change has not committed yet; the nudge comes back shortly.</summary>
    WaitingForCommit,

    /// <summary>The nudged change never committed within the grace period: nothing to publish.</summary>
    NeverCommitted,

    /// <summary>The run used its time budget; the nudge comes back at once to continue.</summary>
    Continued,

    /// <summary>The lease expired under the run and was taken over; the new holder finishes.</summary>
    LeaseLost,
}
