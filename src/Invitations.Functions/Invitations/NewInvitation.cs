namespace Invitations.Invitations;

/// <summary>A create request that has passed validation.</summary>
public sealed record NewInvitation(
    string AccountId,
    Guid Id,
    EmailAddress Email,
    string? DisplayName,
    string Role,
    string? Message,
    string? Locale);
