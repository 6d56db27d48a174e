using Invitations.Accounts;
using Invitations.Invitations;
using Microsoft.Extensions.Options;

namespace Invitations.Storage;

/// <summary>How an email job's send relates to the stored invitation.</summary>
public enum SendState
{
    /// <summary>The invitation is pending and this is its current link version and latest send: send it.</summary>
    Current,

    /// <summary>The invitation moved on (closed, newer link, later send): drop the job, a dead link is never mailed.</summary>
    Stale,

    /// <summary>The job names a send the invitation does not have yet (its write may still be landing): retry briefly, then drop.</summary>
    NotYetStored,
}

/// <summary>Everything an invitation email needs: the invitation, its account, the link of this send, and whether to send.</summary>
public sealed record InvitationSend(Invitation Invitation, AccountInfo Account, Uri Link, SendState State);

/// <summary>
/// The invitations side of the email queue consumer (queue first, then write; docs/architecture.md): loads the send a
/// job names and records what happened to it. The email feature adapts this to its <c>IInvitationEmailSource</c>.
/// </summary>
public sealed class InvitationSendStore(
    InvitationRepository repository,
    InvitationLinkTokens tokens,
    IAccountDirectory accounts,
    IOptions<InvitationOptions> options,
    TimeProvider time)
{
    private const int MaxAttempts = 5;

    /// <summary>Null when the invitation does not exist (an orphan job of a create that never landed).</summary>
    public async Task<InvitationSend?> LoadAsync(string accountId, Guid invitationId, int linkVersion, int sendNumber, CancellationToken ct)
    {
        var stored = await repository.GetAsync(accountId, invitationId, ct);
        if (stored is null)
        {
            return null;
        }

        var invitation = stored.Value;
        var state = (linkVersion, sendNumber).CompareTo((invitation.LinkVersion, invitation.SendNumber)) switch
        {
            > 0 => SendState.NotYetStored,
            < 0 => SendState.Stale,
            _ => invitation.IsOpenAt(time.GetUtcNow()) ? SendState.Current : SendState.Stale,
        };
        var link = options.Value.BuildLink(tokens.Create(accountId, invitationId, linkVersion));
        return new InvitationSend(invitation, await accounts.GetAsync(accountId, ct), link, state);
    }

    /// <summary>
    /// Records a delivery status on the invitation (ETag-conditional, retried on fresh state). Reports about an older
    /// send than the one recorded are ignored by the rules. Returns false when the invitation does not exist.
    /// </summary>
    public async Task<bool> RecordDeliveryAsync(string accountId, Guid invitationId, EmailDelivery delivery, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await repository.GetAsync(accountId, invitationId, ct);
            if (stored is null)
            {
                return false;
            }

            if (stored.Value.RecordDelivery(delivery) == DeliveryRecordOutcome.Unchanged)
            {
                return true;
            }

            try
            {
                await repository.UpdateAsync(stored, ct);
                return true;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50) * attempt), ct);
            }
        }
    }
}
