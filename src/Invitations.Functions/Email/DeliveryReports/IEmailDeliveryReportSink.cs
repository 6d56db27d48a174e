using Invitations.Invitations;

namespace Invitations.Email.DeliveryReports;

/// <summary>Records a delivery report on the invitation whose send carries the ACS message id.</summary>
public interface IEmailDeliveryReportSink
{
    /// <returns>What the invitation's rules did with it; null when no invitation knows <see cref="EmailDeliveryReport.MessageId"/>.</returns>
    Task<DeliveryRecordOutcome?> RecordAsync(EmailDeliveryReport report, CancellationToken cancellationToken);
}
