using System.Text;
using System.Text.Json;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Invitations.Invitations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Email.DeliveryReports;

public enum DeliveryReportOutcome
{
    /// <summary>Missing or wrong secret (or no secret configured): 401.</summary>
    Unauthorized,

    /// <summary>Not an Event Grid event array: 400.</summary>
    BadRequest,

    /// <summary>Subscription validation: answer 200 <c>{"validationResponse": code}</c>.</summary>
    ValidationHandshake,

    /// <summary>Events handled: 200.</summary>
    Processed,
}
