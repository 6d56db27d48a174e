using System.Text;
using System.Text.Json;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Invitations.Invitations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Email.DeliveryReports;

/// <summary>Records a delivery report on the invitation whose send carries the ACS message id.</summary>
public interface IEmailDeliveryReportSink
{
    /// <returns>False when no invitation knows <see cref="EmailDeliveryReport.MessageId"/>.</returns>
    Task<bool> RecordAsync(EmailDeliveryReport report, CancellationToken cancellationToken);
}
