namespace Invitations.Email.DeliveryReports;

/// <summary>
/// What a webhook delivery did. <see cref="Applied"/> changed the latest email's status of an invitation;
/// <see cref="RecordedInHistory"/> were reports about an older send, written to its history only; <see cref="Unchanged"/>
/// changed nothing (a repeat, or a report the invitation already had).
/// </summary>
public sealed record DeliveryReportResult(DeliveryReportOutcome Outcome)
{
    /// <summary>The validation code (<see cref="DeliveryReportOutcome.ValidationHandshake"/>) or the allowed origin (<see cref="DeliveryReportOutcome.OriginAllowed"/>).</summary>
    public string? Answer { get; init; }

    public int Applied { get; init; }
    public int RecordedInHistory { get; init; }
    public int Unchanged { get; init; }
    public int UnknownMessageIds { get; init; }
    public int Ignored { get; init; }

    /// <summary>Reports written to an invitation (its status or its history).</summary>
    public int Recorded => Applied + RecordedInHistory;
}
