namespace Invitations.Security;

/// <summary>What a development token says about its holder.</summary>
public sealed record DevelopmentTokenRequest
{
    public string UserId { get; init; } = "dev-admin";
    public string? Name { get; init; } = "Dev Admin";
    public string? Email { get; init; } = "admin@example.com";

    /// <summary>The <c>email_verified</c> claim minted with <see cref="Email"/>; <c>null</c> leaves it out.</summary>
    public bool? EmailVerified { get; init; } = true;
    public IReadOnlyList<string> Roles { get; init; } = [];
    public IReadOnlyList<string> Accounts { get; init; } = [];
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(12);
}
