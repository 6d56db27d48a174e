using System.Text.Json.Serialization;
using Invitations.Admin.Confirmations;
using Invitations.Invitations;

namespace Invitations.Admin;

/// <summary>Body of <c>POST /accounts/{accountId}/invitations</c>. Unknown members are refused.</summary>
public sealed record CreateInvitationRequest(
    string? Email,
    string? DisplayName = null,
    string? Role = null,
    string? Message = null,
    string? Locale = null);

/// <summary>A person as the API shows them: an id and a display name.</summary>
public sealed record PersonView(string Id, string? Name);

/// <summary>The last known fate of the latest email (so an admin can copy the link when email failed).</summary>
/// <summary>What happened to the latest email: lets an admin see "failed: recipient suppressed" and copy the link instead.</summary>
public sealed record EmailDeliveryView(
    string Status, DateTime At, int LinkVersion, int SendNumber, int Attempts, string? OperationId, string? Reason);

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

    public static InvitationView From(Invitation invitation, DateTimeOffset now, ResendPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(policy);
        var status = invitation.StatusAt(now);
        var recent = invitation.RecentResends.Count(at => at > now - policy.Window);
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
            status == InvitationStatus.Pending ? Math.Max(0, policy.Limit - recent) : 0,
            // An invitation that expired by the clock but not yet by the sweep closed at its expiry.
            invitation.ClosedAt?.UtcDateTime ?? (status == InvitationStatus.Expired ? invitation.ExpiresAt.UtcDateTime : null),
            invitation.ClosedBy is { } by ? new PersonView(by.Id, by.Name) : null,
            invitation.Delivery is { } d
                ? new EmailDeliveryView(d.Status.ToString().ToLowerInvariant(), d.At.UtcDateTime, d.LinkVersion, d.SendNumber, d.Attempts, d.OperationId, d.Reason)
                : null);
    }
}

/// <summary>A page of the Users page list.</summary>
public sealed record InvitationListView(
    IReadOnlyList<InvitationView> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ContinuationToken);

/// <summary>Counts per status of an account's invitations as of <see cref="AsOf"/>.</summary>
public sealed record InvitationSummaryView(int Pending, int Accepted, int Revoked, int Expired, int Total, DateTime AsOf);

/// <summary>Copy invitation link.</summary>
public sealed record InvitationLinkView(string Url, DateTime ExpiresAt);

/// <summary>Resend and send-new answers: a confirmation to show (<see cref="Message"/> is its text), and the invitation as it now is.</summary>
public sealed record InvitationActionView(string Message, InvitationView Invitation, Confirmation Confirmation);

/// <summary>Body of <c>PATCH /accounts/{accountId}/invitations/{invitationId}</c>. Unknown members are refused.</summary>
public sealed record ChangeInvitationRoleRequest(string? Role);

public sealed record HistoryEntryView(string Event, PersonView Actor, DateTime At, int LinkVersion, string? Details);

/// <summary>A page of an invitation's history, newest first; <c>continuationToken</c> is null on the last page.</summary>
public sealed record HistoryView(
    Guid InvitationId,
    IReadOnlyList<HistoryEntryView> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ContinuationToken);
