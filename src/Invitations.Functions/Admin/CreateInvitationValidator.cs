using System.Text.RegularExpressions;
using Invitations.Invitations;

namespace Invitations.Admin;

/// <summary>
/// Checks a create body against the rules of the API: a valid address, limits, a configured role, and nothing that
/// could reach an email header carries a line break or control character.
/// </summary>
public static partial class CreateInvitationValidator
{
    public const int MaxLocaleLength = 35;

    public static ValidCreateRequest Validate(CreateInvitationRequest body, InvitationOptions options)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new ValidationErrors();

        EmailAddress? email = null;
        if (string.IsNullOrWhiteSpace(body.Email))
        {
            errors.Add("email", "Required.");
        }
        else if (!EmailAddress.TryParse(body.Email, out email))
        {
            errors.Add("email", "Not a valid email address.");
        }

        var displayName = Optional(body.DisplayName);
        if (displayName is not null)
        {
            if (displayName.Length > Invitation.MaxDisplayNameLength)
            {
                errors.Add("displayName", $"At most {Invitation.MaxDisplayNameLength} characters.");
            }

            if (HasHeaderBreakingCharacters(displayName))
            {
                errors.Add("displayName", "Must not contain line breaks or control characters.");
            }

            AddTextRules(errors, "displayName", displayName);
        }

        var message = Optional(body.Message);
        if (message is not null)
        {
            if (message.Length > Invitation.MaxMessageLength)
            {
                errors.Add("message", $"At most {Invitation.MaxMessageLength} characters.");
            }

            // The message goes in the body only: line breaks are fine there, other control characters are not.
            if (message.Any(c => char.IsControl(c) && c is not '\r' and not '\n' and not '\t'))
            {
                errors.Add("message", "Must not contain control characters.");
            }

            AddTextRules(errors, "message", message);
            // Bounded first: the pattern runs on at most MaxMessageLength characters.
            if (message.Length <= Invitation.MaxMessageLength && PlainText.FindLink(message) is { } link)
            {
                errors.Add("message", $"Must not contain links, web or email addresses, or domain names (found '{link}'). The invitation link is the only link in the email.");
            }
        }

        string? role = null;
        if (body.Role is null)
        {
            role = options.DefaultRole;
        }
        else
        {
            role = options.RoleList.FirstOrDefault(r => string.Equals(r, body.Role.Trim(), StringComparison.OrdinalIgnoreCase));
            if (role is null)
            {
                errors.Add("role", $"Unknown role. Allowed: {string.Join(", ", options.RoleList)}.");
            }
        }

        var locale = Optional(body.Locale);
        if (locale is not null && (locale.Length > MaxLocaleLength || !LocalePattern().IsMatch(locale)))
        {
            errors.Add("locale", "Not a language tag such as 'en' or 'pt-BR'.");
        }

        errors.ThrowIfAny();
        return new ValidCreateRequest(email!, displayName, role!, message, locale);
    }

    /// <summary>CR, LF and other control or line-separator characters would let a value break out of a mail header.</summary>
    public static bool HasHeaderBreakingCharacters(string value) =>
        value.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085');

    /// <summary>Bidi controls and other invisible characters can disguise what the invitee reads.</summary>
    private static void AddTextRules(ValidationErrors errors, string field, string value)
    {
        if (PlainText.FindInvisibleCharacter(value) is { } invisible)
        {
            errors.Add(field, $"Must not contain invisible formatting characters such as bidirectional controls (found {invisible}).");
        }
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$")]
    private static partial Regex LocalePattern();
}
