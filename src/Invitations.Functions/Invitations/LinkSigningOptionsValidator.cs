using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Invitations.Invitations;

public sealed partial class LinkSigningOptionsValidator : IValidateOptions<LinkSigningOptions>
{
    public ValidateOptionsResult Validate(string? name, LinkSigningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Keys.Count == 0)
        {
            failures.Add("LinkSigning__Keys__{keyId} must hold at least one key.");
        }

        if (!options.Keys.ContainsKey(options.ActiveKeyId))
        {
            failures.Add("LinkSigning__ActiveKeyId must name one of the configured LinkSigning__Keys.");
        }

        foreach (var (keyId, value) in options.Keys)
        {
            if (!KeyIdPattern().IsMatch(keyId))
            {
                failures.Add($"Link signing key id '{keyId}' must be 1-32 letters, digits or '-'.");
            }

            // Never echo the key itself.
            if (!TryDecode(value, out var bytes) || bytes.Length < LinkSigningOptions.MinimumKeyBytes)
            {
                failures.Add($"Link signing key '{keyId}' must be base64 of at least {LinkSigningOptions.MinimumKeyBytes} bytes.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool TryDecode(string? value, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        try
        {
            bytes = Convert.FromBase64String(value.Trim());
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,32}$")]
    private static partial Regex KeyIdPattern();
}
