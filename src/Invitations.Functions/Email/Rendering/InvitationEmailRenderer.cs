using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Invitations.Email.Rendering;

/// <summary>
/// Renders the invitation templates by placeholder substitution (no template engine): every value is encoded for
/// where it lands (HTML-encoded in HTML, single-lined in the subject), and values are never re-scanned for
/// placeholders, so user text cannot inject markup, headers or template syntax.
/// </summary>
public sealed partial class InvitationEmailRenderer(EmailTemplateStore templates, IOptions<EmailOptions> options)
{
    private readonly EmailTemplateStore _templates = templates ?? throw new ArgumentNullException(nameof(templates));
    private readonly EmailOptions _options = options?.Value ?? throw new ArgumentNullException(nameof(options));

    private enum Target
    {
        Html,
        Text,
        Subject,
    }

    public RenderedEmail Render(InvitationEmailModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Link.IsAbsoluteUri || (model.Link.Scheme != Uri.UriSchemeHttps && model.Link.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The invitation link must be an absolute http(s) URL.", nameof(model));
        }

        var templateName = model.Kind == EmailJobKinds.Reissue ? "reissue" : "invitation";
        var language = _templates.ResolveLanguage(model.Locale, templateName);
        var culture = CultureFor(language);

        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["productName"] = HeaderText.SingleLine(_options.ProductName),
            ["accountName"] = HeaderText.SingleLine(model.AccountName),
            ["inviterName"] = HeaderText.SingleLine(model.InviterName),
            ["inviteeName"] = HeaderText.SingleLine(model.InviteeDisplayName ?? ""),
            ["personalMessage"] = NormalizeMessage(model.PersonalMessage),
            ["link"] = model.Link.AbsoluteUri,
        };

        string Apply(string fileName, Target target) =>
            Substitute(_templates.Get(language, fileName), values, model.ExpiresAt, culture, target);

        var subject = HeaderText.Subject(Apply($"{templateName}.subject.txt", Target.Subject));
        var html = Apply($"{templateName}.html", Target.Html);
        var text = Apply($"{templateName}.txt", Target.Text);
        return new RenderedEmail(subject, html, text, language);
    }

    /// <summary>Renders and addresses the email for <paramref name="model"/>.</summary>
    public EmailMessage Compose(InvitationEmailModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rendered = Render(model);
        return new EmailMessage(model.InviteeAddress, model.InviteeDisplayName, rendered.Subject, rendered.Html, rendered.PlainText, _options.ReplyTo);
    }

    private static string Substitute(string template, Dictionary<string, string> values, DateTimeOffset expiresAt, CultureInfo culture, Target target)
    {
        // Sections first, on template text only; then one pass of placeholders, whose output is never re-scanned.
        var withSections = SectionPattern().Replace(template, match =>
            values.TryGetValue(match.Groups["name"].Value, out var value) && value.Length > 0 ? match.Groups["body"].Value : "");

        var result = PlaceholderPattern().Replace(withSections, match =>
        {
            var name = match.Groups["name"].Value;
            if (name == "expiresOn")
            {
                var format = match.Groups["format"].Success ? match.Groups["format"].Value : "D";
                return Encode(expiresAt.UtcDateTime.ToString(format, culture), target, multiline: false);
            }

            return values.TryGetValue(name, out var value)
                ? Encode(value, target, multiline: name == "personalMessage")
                : throw new InvalidOperationException($"Unknown email template placeholder '{name}'.");
        });

        return target == Target.Subject ? result.Trim() : result;
    }

    private static string Encode(string value, Target target, bool multiline) => target switch
    {
        Target.Html when multiline => WebUtility.HtmlEncode(value).Replace("\n", "<br>\n", StringComparison.Ordinal),
        Target.Html => WebUtility.HtmlEncode(value),
        Target.Subject => HeaderText.SingleLine(value),
        _ => value,
    };

    private static string NormalizeMessage(string? message) =>
        string.IsNullOrWhiteSpace(message)
            ? ""
            : message.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

    private static CultureInfo CultureFor(string language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    [GeneratedRegex(@"\{\{#(?<name>\w+)\}\}(?<body>.*?)\{\{/\k<name>\}\}", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex SectionPattern();

    [GeneratedRegex(@"\{\{(?<name>\w+)(?::(?<format>[^}]+))?\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
