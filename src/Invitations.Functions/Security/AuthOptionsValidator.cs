using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Invitations.Security;

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
