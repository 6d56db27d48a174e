using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Email;

/// <summary>What one delivery of an email job came to (the queue message is then completed).</summary>
public enum EmailDispatchResult
{
    /// <summary>ACS accepted the email now.</summary>
    Sent,

    /// <summary>This send was already done (redelivery, or an earlier crash after ACS accepted it): no new POST.</summary>
    AlreadyDone,

    /// <summary>The invitation is gone or the job is stale: nothing sent.</summary>
    Dropped,

    /// <summary>ACS throttled: the job was put back on the queue for after Retry-After.</summary>
    Rescheduled,

    /// <summary>A permanent failure was recorded; no further attempts.</summary>
    Failed,

    /// <summary>Telemetry only (the delivery throws and the queue redelivers): the invitation write has not landed yet.</summary>
    NotYetWritten,

    /// <summary>Telemetry only (the delivery throws and the queue redelivers): a transient failure.</summary>
    Retrying,

    /// <summary>
    /// Another delivery holds the send's claim (it may be POSTing right now): no POST; the job is put back for when
    /// that claim's lease ends, and then finds the send done (or, if that delivery crashed, asks ACS and claims it).
    /// </summary>
    ClaimHeld,
}
