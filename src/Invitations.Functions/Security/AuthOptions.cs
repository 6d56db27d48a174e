namespace Invitations.Security;

/// <summary>Bearer token validation and authorization settings (section <c>Auth</c>, settings <c>Auth__*</c>).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";
    public const int MinimumDevelopmentKeyBytes = 32;

    public AuthMode Mode { get; set; } = AuthMode.Entra;

    /// <summary>Expected <c>iss</c>. Entra: optional, taken from the OpenID configuration when empty.</summary>
    public string? Issuer { get; set; }

    /// <summary>Expected <c>aud</c> (Entra: the API's application ID URI or client id).</summary>
    public string? Audience { get; set; }

    /// <summary>Entra: <c>https://login.microsoftonline.com/{tenant}/v2.0</c>; its <c>.well-known/openid-configuration</c> names the signing keys.</summary>
    public Uri? Authority { get; set; }

    /// <summary>Development only: base64 of at least 32 bytes. Refused when <see cref="Mode"/> is Entra.</summary>
    public string? DevelopmentSigningKey { get; set; }

    /// <summary>The app role an account admin holds (the <c>roles</c> claim).</summary>
    public string AdminRole { get; set; } = "Invitations.Admin";

    /// <summary>The app role of operators (ops endpoints, not the admin API).</summary>
    public string OpsRole { get; set; } = "Invitations.Ops";

    /// <summary>The claim listing the accounts a caller administers (multi-valued, a JSON array, or space/comma separated).</summary>
    public string AccountClaim { get; set; } = "accounts";

    /// <summary>
    /// The claim holding the caller's email. On accept it counts only when one of <see cref="EmailVerifiedClaims"/> is
    /// true: Entra ID's <c>email</c> is optional and not always verified (docs/api.md, "Which address counts on accept").
    /// </summary>
    public string EmailClaim { get; set; } = "email";

    /// <summary>
    /// Boolean claims, comma separated, any of which vouches for <see cref="EmailClaim"/> when true: <c>email_verified</c>
    /// (OpenID Connect) and <c>xms_edov</c> (Entra ID: the email's domain owner is verified). Empty: the issuer puts only
    /// verified addresses in <see cref="EmailClaim"/>. A token whose <c>email_verified</c> is false is refused either way.
    /// </summary>
    public string EmailVerifiedClaims { get; set; } = "email_verified,xms_edov";

    /// <summary>
    /// Claims, comma separated, that hold only verified addresses (Entra ID optional claims sourced from the user's
    /// authoritative emails). A caller may accept with any of them.
    /// </summary>
    public string VerifiedEmailClaims { get; set; } = "verified_primary_email,verified_secondary_email";

    /// <summary>Tolerance for clock differences between issuer and us.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);
}
