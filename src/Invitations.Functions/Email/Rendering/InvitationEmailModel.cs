namespace Invitations.Email.Rendering;

/// <summary>What an invitation email says. Names and message are user text: the renderer encodes them.</summary>
public sealed record InvitationEmailModel
{
    public required string InviteeAddress { get; init; }

    public string? InviteeDisplayName { get; init; }

    public required string AccountName { get; init; }

    public required string InviterName { get; init; }

    public string? PersonalMessage { get; init; }

    /// <summary>The accept link (contains the token: never log it).</summary>
    public required Uri Link { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The invitation's locale, e.g. <c>nl-NL</c>; null or unknown falls back to English.</summary>
    public string? Locale { get; init; }

    /// <summary>An <see cref="EmailJobKinds"/> value; <c>reissue</c> selects the "new invitation" text.</summary>
    public string Kind { get; init; } = EmailJobKinds.Invitation;
}
