using Invitations.Email.DeliveryReports;
using Invitations.Invitations;
using Invitations.Storage;

namespace Invitations.Email.Storage;

/// <summary>
/// Delivery reports → the invitation: the message id finds the send in <see cref="EmailMessageIndex"/>, then the
/// invitation's delivery status is updated through the write path (a report for an older send is ignored by the rules).
/// </summary>
public sealed class StoredEmailDeliveryReportSink(EmailMessageIndex messages, InvitationWriter writer) : IEmailDeliveryReportSink
{
    public async Task<bool> RecordAsync(EmailDeliveryReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var send = await messages.FindAsync(report.MessageId, cancellationToken);
        if (send is null)
        {
            return false;
        }

        return await StoredInvitationEmailSource.RecordDeliveryAsync(
            writer,
            send.AccountId,
            send.InvitationId,
            invitation => new EmailDelivery(
                report.Status, report.At, send.LinkVersion, send.SendNumber, AttemptsOf(invitation, send),
                Guid.Parse(report.MessageId).ToString("D"), report.MessageId, report.Reason),
            known: null,
            cancellationToken);
    }

    private static int AttemptsOf(Invitation invitation, EmailMessageRef send) =>
        invitation.Delivery is { } d && d.LinkVersion == send.LinkVersion && d.SendNumber == send.SendNumber ? d.Attempts : 0;
}
