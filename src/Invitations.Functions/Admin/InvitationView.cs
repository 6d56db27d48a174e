using Invitations.Admin.Confirmations;
using Invitations.Invitations;

namespace Invitations.Admin;

/// <summary>An invitation as the admin API shows it. It never holds the link or its token.</summary>
public sealed record InvitationView(
    Guid Id,
    string AccountId,
    string Email,
    string? DisplayName,
    string Role,
    string? Message,
    string? Locale,
    InvitationStatus Status,
    PersonView InvitedBy,
    DateTime CreatedAt,
    DateTime SentAt,
    DateTime ExpiresAt,
    int LinkVersion,
    int SendNumber,
    int ResendsRemaining,
    DateTime? ClosedAt,
    PersonView? ClosedBy,
    EmailDeliveryView? EmailDelivery)
{
    /// <summary>On the answer of an action (create, revoke, role change) only: what it did, to show the admin.</summary>
    public Confirmation? Confirmation { get; init; }

    /// <param name="limit">The invitation's email limit: <c>resendsRemaining</c> is what it still allows (send new counts too).</param>
    public static InvitationView From(Invitation invitation, DateTimeOffset now, EmailLimit limit)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(limit);
        var status = invitation.StatusAt(now);
        return new InvitationView(
            invitation.Id,
            invitation.AccountId,
            invitation.Email.Value,
            invitation.DisplayName,
            invitation.Role,
            invitation.Message,
            invitation.Locale,
            status,
            new PersonView(invitation.InvitedBy.Id, invitation.InvitedBy.Name),
            invitation.CreatedAt.UtcDateTime,
            invitation.SentAt.UtcDateTime,
            invitation.ExpiresAt.UtcDateTime,
            invitation.LinkVersion,
            invitation.SendNumber,
            status == InvitationStatus.Pending ? invitation.EmailsRemaining(now, limit) : 0,
            // An invitation that expired by the clock but not yet by the sweep closed at its expiry.
            invitation.ClosedAt?.UtcDateTime ?? (status == InvitationStatus.Expired ? invitation.ExpiresAt.UtcDateTime : null),
            invitation.ClosedBy is { } by ? new PersonView(by.Id, by.Name) : null,
            invitation.Delivery is { } d
                ? new EmailDeliveryView(d.Status.ToString().ToLowerInvariant(), d.At.UtcDateTime, d.LinkVersion, d.SendNumber, d.Attempts, d.OperationId, d.Reason)
                : null);
    }
}
