namespace Invitations.Invitations;

/// <summary>What <see cref="Invitation.RecordDelivery"/> did with a delivery status.</summary>
public enum DeliveryRecordOutcome
{
    /// <summary>The latest send's status was updated (with a history entry when the status changed).</summary>
    Applied,

    /// <summary>A report about an older send: written to the history only; the latest send's status stays.</summary>
    RecordedInHistory,

    /// <summary>Nothing to write: a repeat, a stale status of an older send, or the sender's status after a final report.</summary>
    Unchanged,
}
