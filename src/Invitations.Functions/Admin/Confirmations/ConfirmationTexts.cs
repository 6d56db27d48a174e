using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Invitations.Admin.Confirmations;

/// <summary>
/// The confirmation texts in the languages of the email templates (English, Dutch), chosen by Accept-Language.
/// Parameters are filled in by name; times are shown in UTC as <c>yyyy-MM-dd HH:mm UTC</c>.
/// </summary>
public static class ConfirmationTexts
{
    public const string DefaultLanguage = "en";

    private static readonly Dictionary<string, Dictionary<string, string>> Texts = new(StringComparer.Ordinal)
    {
        ["en"] = new(StringComparer.Ordinal)
        {
            [ConfirmationCodes.Created] = "Invitation created. The email to {email} is queued and will be sent shortly. The link works until {expiresAt}.",
            [ConfirmationCodes.Resent] = "The invitation email to {email} is queued to be sent again, with the same link. It still works until {expiresAt}.",
            [ConfirmationCodes.Reissued] = "A new invitation email to {email} is queued. The previous link no longer works; the new one works until {expiresAt}.",
            [ConfirmationCodes.Revoked] = "The invitation for {email} was revoked. Its link no longer works.",
            [ConfirmationCodes.AlreadyRevoked] = "The invitation for {email} was already revoked.",
            [ConfirmationCodes.RoleChanged] = "The invitation for {email} now grants the role {role}. No email was sent.",
            [ConfirmationCodes.RoleUnchanged] = "The invitation for {email} already grants the role {role}.",
            [ConfirmationCodes.BulkCreated] = "{created} invitations created; their emails are queued and will be sent shortly. {failed} rows were not invited.",
        },
        ["nl"] = new(StringComparer.Ordinal)
        {
            [ConfirmationCodes.Created] = "Uitnodiging aangemaakt. De e-mail aan {email} staat in de wachtrij en wordt zo verstuurd. De link werkt tot {expiresAt}.",
            [ConfirmationCodes.Resent] = "De uitnodigingsmail aan {email} staat in de wachtrij om opnieuw te worden verstuurd, met dezelfde link. Die werkt nog tot {expiresAt}.",
            [ConfirmationCodes.Reissued] = "Een nieuwe uitnodigingsmail aan {email} staat in de wachtrij. De vorige link werkt niet meer; de nieuwe werkt tot {expiresAt}.",
            [ConfirmationCodes.Revoked] = "De uitnodiging voor {email} is ingetrokken. De link werkt niet meer.",
            [ConfirmationCodes.AlreadyRevoked] = "De uitnodiging voor {email} was al ingetrokken.",
            [ConfirmationCodes.RoleChanged] = "De uitnodiging voor {email} geeft nu de rol {role}. Er is geen e-mail verstuurd.",
            [ConfirmationCodes.RoleUnchanged] = "De uitnodiging voor {email} geeft de rol {role} al.",
            [ConfirmationCodes.BulkCreated] = "{created} uitnodigingen aangemaakt; de e-mails staan in de wachtrij en worden zo verstuurd. {failed} rijen zijn niet uitgenodigd.",
        },
    };

    public static IReadOnlyCollection<string> Languages => Texts.Keys;

    /// <summary>
    /// The best supported language for an Accept-Language value (RFC 9110 §12.5.4: highest q first, a region matches its
    /// language, q=0 excludes); English when nothing matches or the header is absent or malformed.
    /// </summary>
    public static string Negotiate(StringValues acceptLanguage)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptLanguage, out var ranges))
        {
            return DefaultLanguage;
        }

        foreach (var range in ranges.Where(r => r.Quality is not 0).OrderByDescending(r => r.Quality ?? 1))
        {
            var tag = range.Value.Value ?? "";
            var language = tag.Split('-')[0].ToLowerInvariant();
            if (Texts.ContainsKey(language))
            {
                return language;
            }

            if (tag == "*")
            {
                return DefaultLanguage;
            }
        }

        return DefaultLanguage;
    }

    public static Confirmation Create(string messageCode, string language, params (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var texts = Texts.TryGetValue(language, out var found) ? found : Texts[DefaultLanguage];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var message = texts[messageCode];
        foreach (var (name, value) in parameters)
        {
            values[name] = Format(value);
            message = message.Replace("{" + name + "}", value is DateTimeOffset at ? Display(at) : values[name], StringComparison.Ordinal);
        }

        return new Confirmation(messageCode, values, message, texts == Texts[DefaultLanguage] ? DefaultLanguage : language);
    }

    /// <summary>Parameters as a client reads them: times in ISO 8601 UTC (Z), everything else as text.</summary>
    private static string Format(object value) => value switch
    {
        DateTimeOffset at => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Display(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
