namespace Invitations.Email.DeliveryReports;

public enum DeliveryReportOutcome
{
    /// <summary>Missing or wrong secret (or no secret configured): 401.</summary>
    Unauthorized,

    /// <summary>Not an Event Grid or CloudEvents 1.0 event batch (or, for the OPTIONS handshake, no origin): 400.</summary>
    BadRequest,

    /// <summary>Event Grid schema subscription validation: answer 200 <c>{"validationResponse": code}</c>.</summary>
    ValidationHandshake,

    /// <summary>CloudEvents 1.0 abuse-protection handshake (OPTIONS): answer 200 with <c>WebHook-Allowed-Origin</c>.</summary>
    OriginAllowed,

    /// <summary>Events handled: 200 with the counts.</summary>
    Processed,
}
