using Invitations.Accounts;
using Invitations.Email.Rendering;
using Invitations.Invitations;
using Invitations.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Email.Storage;

/// <summary>
/// The dispatcher's view of invitation storage: a point read gives the email's content and this send's record;
/// delivery updates are written on the invitation ETag-conditionally (a 412 re-reads and re-applies;
/// <see cref="Invitation.RecordDelivery"/> ignores updates for older sends). Before the first POST of a send, the
/// message id → invitation row is written, so delivery reports can find the invitation.
/// </summary>
public sealed partial class StoredInvitationEmailSource(
    InvitationRepository repository,
    EmailMessageIndex messages,
    IAccountDirectory accounts,
    InvitationLinkTokens tokens,
    IOptions<InvitationOptions> options,
    TimeProvider time,
    ILogger<StoredInvitationEmailSource> logger) : IInvitationEmailSource
{
    public const int MaxWriteAttempts = 5;

    public async Task<InvitationEmailContext?> LoadAsync(EmailJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!Guid.TryParse(job.InvitationId, out var invitationId))
        {
            return null;
        }

        var stored = await repository.GetAsync(job.AccountId, invitationId, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var invitation = stored.Value;
        var jobSend = (job.LinkVersion, job.SendNumber);
        var onInvitation = (invitation.LinkVersion, invitation.SendNumber);
        var ahead = jobSend.CompareTo(onInvitation) > 0;
        var current = jobSend == onInvitation && invitation.IsOpenAt(time.GetUtcNow());

        var account = await accounts.GetAsync(invitation.AccountId, cancellationToken);
        var link = options.Value.BuildLink(tokens.Create(invitation.AccountId, invitation.Id, invitation.LinkVersion));
        var email = new InvitationEmailModel
        {
            InviteeAddress = invitation.Email.Value,
            InviteeDisplayName = invitation.DisplayName,
            AccountName = account.Name,
            InviterName = invitation.InvitedBy.DisplayName,
            PersonalMessage = invitation.Message,
            Link = link,
            ExpiresAt = invitation.ExpiresAt,
            Locale = invitation.Locale,
            Kind = job.Kind,
        };

        var send = invitation.Delivery is { } d && d.LinkVersion == job.LinkVersion && d.SendNumber == job.SendNumber
            ? new EmailSendRecord(job.OperationId, d.Status, d.Attempts)
            : null;
        return new InvitationEmailContext(email, current, send) { IsAhead = ahead };
    }

    public async Task RecordAsync(EmailJob job, EmailDeliveryUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(update);
        if (!Guid.TryParse(job.InvitationId, out var invitationId))
        {
            return;
        }

        var delivery = new EmailDelivery(
            update.Status, update.At, job.LinkVersion, job.SendNumber, update.Attempts,
            update.OperationId.ToString("D"), update.MessageId, update.Reason);
        var write = UpdateDeliveryAsync(job.AccountId, invitationId, delivery, repository, logger, cancellationToken);

        // Before the POST (both writes finish before it): a delivery report may arrive before "sent" is written.
        // In parallel with the status write, as they are independent rows: one round trip less per email.
        // ACS answers with our Operation-Id as the message id; should it ever answer another id, that one is indexed too.
        var index = update.Status switch
        {
            EmailDeliveryStatus.Sending => messages.RecordAsync(update.OperationId, job, cancellationToken),
            EmailDeliveryStatus.Sent when Guid.TryParse(update.MessageId, out var returned) && returned != update.OperationId =>
                messages.RecordAsync(returned, update.OperationId, job, cancellationToken),
            _ => Task.CompletedTask,
        };
        await Task.WhenAll(write, index);
    }

    /// <summary>
    /// Applies <paramref name="delivery"/> to the stored invitation through <see cref="Invitation.RecordDelivery"/>,
    /// re-reading on a concurrent change.
    /// </summary>
    /// <returns>What the rules did; null when the invitation does not exist.</returns>
    internal static async Task<DeliveryRecordOutcome?> UpdateDeliveryAsync(
        string accountId, Guid invitationId, EmailDelivery delivery, InvitationRepository repository, ILogger logger, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await repository.GetAsync(accountId, invitationId, ct);
            if (stored is null)
            {
                return null;
            }

            var outcome = stored.Value.RecordDelivery(delivery);
            if (outcome == DeliveryRecordOutcome.Unchanged)
            {
                return outcome;
            }

            try
            {
                await repository.UpdateAsync(stored, ct);
                return outcome;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxWriteAttempts)
            {
                LogRetry(logger, accountId, invitationId, attempt);
            }
        }
    }

    [LoggerMessage(EventId = 4151, Level = LogLevel.Information, Message = "Delivery status of invitation {InvitationId} in account {AccountId} met a concurrent change (attempt {Attempt}); re-reading")]
    private static partial void LogRetry(ILogger logger, string accountId, Guid invitationId, int attempt);
}
