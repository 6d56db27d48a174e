namespace Invitations.Invitations;

/// <summary>Everything an invitation persists; storage maps it to and from rows.</summary>
public sealed record InvitationState
{
    public required string AccountId { get; init; }
    public required Guid Id { get; init; }
    public required EmailAddress Email { get; init; }
    public string? DisplayName { get; init; }
    public required string Role { get; init; }
    public string? Message { get; init; }
    public string? Locale { get; init; }
    public required Actor InvitedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required int LinkVersion { get; init; }
    public required DateTimeOffset SentAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required int SendNumber { get; init; }
    public required InvitationStatus StoredStatus { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public Actor? ClosedBy { get; init; }
    public string? AcceptedByUserId { get; init; }
    public EmailDelivery? Delivery { get; init; }
    public IReadOnlyList<DateTimeOffset> RecentEmails { get; init; } = [];
}
