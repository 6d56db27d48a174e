using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Invitations.Security;

public enum AuthMode
{
    /// <summary>Tokens signed with <see cref="AuthOptions.DevelopmentSigningKey"/> (local runs and tests only).</summary>
    Development,

    /// <summary>Tokens issued by Microsoft Entra ID, keys from the authority's OpenID configuration.</summary>
    Entra,
}

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

/// <summary>Checks the combination, so a misconfigured app fails at start rather than on the first request.</summary>
/// <param name="configuration">
/// The app's settings, to tell whether it runs on Azure App Service (<c>WEBSITE_SITE_NAME</c> is set there), where
/// Development mode is refused: its key sits in the repository's sample settings, so anyone could mint admin tokens.
/// </param>
public sealed class AuthOptionsValidator(IConfiguration? configuration = null) : IValidateOptions<AuthOptions>
{
    public const string AzureSiteNameSetting = "WEBSITE_SITE_NAME";

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Auth__Audience is required.");
        }

        if (string.IsNullOrWhiteSpace(options.AdminRole))
        {
            failures.Add("Auth__AdminRole is required.");
        }

        if (string.IsNullOrWhiteSpace(options.AccountClaim))
        {
            failures.Add("Auth__AccountClaim is required.");
        }

        if (string.IsNullOrWhiteSpace(options.EmailClaim))
        {
            failures.Add("Auth__EmailClaim is required.");
        }

        switch (options.Mode)
        {
            case AuthMode.Entra:
                if (options.Authority is not { IsAbsoluteUri: true } authority || authority.Scheme != Uri.UriSchemeHttps)
                {
                    failures.Add("Auth__Authority must be an https URL (https://login.microsoftonline.com/{tenant}/v2.0) when Auth__Mode is Entra.");
                }

                // A symmetric development key must never be able to mint tokens for a real deployment.
                if (!string.IsNullOrWhiteSpace(options.DevelopmentSigningKey))
                {
                    failures.Add("Auth__DevelopmentSigningKey is refused when Auth__Mode is Entra; remove it.");
                }

                break;
            case AuthMode.Development:
                if (!string.IsNullOrEmpty(configuration?[AzureSiteNameSetting]))
                {
                    failures.Add("Auth__Mode=Development is refused on Azure; use Entra.");
                }

                if (string.IsNullOrWhiteSpace(options.Issuer))
                {
                    failures.Add("Auth__Issuer is required in Development mode.");
                }

                if (!TryDecodeKey(options.DevelopmentSigningKey, out var key) || key.Length < AuthOptions.MinimumDevelopmentKeyBytes)
                {
                    failures.Add($"Auth__DevelopmentSigningKey must be base64 of at least {AuthOptions.MinimumDevelopmentKeyBytes} bytes in Development mode.");
                }

                break;
            default:
                failures.Add("Auth__Mode must be Development or Entra.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool TryDecodeKey(string? value, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        try
        {
            key = Convert.FromBase64String(value.Trim());
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
