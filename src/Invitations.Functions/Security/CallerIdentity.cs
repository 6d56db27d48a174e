using Invitations.Invitations;

namespace Invitations.Security;

/// <summary>Who called, from a validated bearer token. Never built from request bodies.</summary>
/// <param name="VerifiedEmails">The addresses the token vouches for (see <see cref="AuthOptions.EmailVerifiedClaims"/>); may be empty.</param>
public sealed record CallerIdentity(
    string UserId,
    string? Name,
    IReadOnlyList<string> VerifiedEmails,
    IReadOnlySet<string> Roles,
    IReadOnlySet<string> Accounts)
{
    public Actor ToActor() => new(UserId, Name);

    public bool IsAdminOf(string accountId, string adminRole) =>
        Roles.Contains(adminRole) && Accounts.Contains(accountId);
}
