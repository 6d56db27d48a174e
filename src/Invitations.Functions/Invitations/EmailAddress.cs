using System.Globalization;
using System.Net.Mail;
using System.Text;

namespace Invitations.Invitations;

/// <summary>
/// An invitee address as typed (trimmed) plus its comparison form: NFC, lower-cased, with an IDN domain in
/// its ASCII (punycode) form, so "Ana@Bücher.example" and "ana@xn--bcher-kva.example" are one invitee.
/// A non-ASCII character that stands for an ASCII one (the Kelvin sign for "k", full-width letters, ligatures) makes
/// the address invalid, so such an address never matches a plain ASCII one, on invite or on accept.
/// </summary>
public sealed record EmailAddress
{
    public const int MaxLength = 254;
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    private EmailAddress(string value, string normalized)
    {
        Value = value;
        Normalized = normalized;
    }

    /// <summary>The address as the admin entered it, trimmed.</summary>
    public string Value { get; }

    /// <summary>The form used for uniqueness and comparison.</summary>
    public string Normalized { get; }

    public static bool TryParse(string? input, out EmailAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var value = input.Trim();
        if (value.Length > MaxLength || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || value.Contains('<', StringComparison.Ordinal) ||
            value.EnumerateRunes().Any(r => PlainText.IsInvisible(r) || StandsForAscii(r)))
        {
            return false;
        }

        // Safe once no character stands for an ASCII one: NFC then only joins non-ASCII characters.
        value = value.Normalize(NormalizationForm.FormC);

        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1 || value.IndexOf('@', StringComparison.Ordinal) != at)
        {
            return false;
        }

        string asciiDomain;
        var domain = value[(at + 1)..].ToLowerInvariant();
        try
        {
            asciiDomain = Idn.GetAscii(domain).ToLowerInvariant();
            // IDNA may map characters (ß to ss); a Unicode label must already be in its mapped form.
            if (domain.Split('.').Any(label => !label.All(char.IsAscii) && !string.Equals(Idn.GetUnicode(Idn.GetAscii(label)), label, StringComparison.Ordinal)))
            {
                return false;
            }
        }
        catch (ArgumentException)
        {
            return false;
        }

        if (!asciiDomain.Contains('.', StringComparison.Ordinal) || asciiDomain.EndsWith('.'))
        {
            return false;
        }

        var normalized = value[..at].ToLowerInvariant() + "@" + asciiDomain;
        // MailAddress checks the local part's syntax (quotes, dots) against RFC 5322.
        if (!MailAddress.TryCreate(normalized, out var parsed) || !string.Equals(parsed.Address, normalized, StringComparison.Ordinal))
        {
            return false;
        }

        address = new EmailAddress(value, normalized);
        return true;
    }

    public static EmailAddress Parse(string input) =>
        TryParse(input, out var address) ? address! : throw new FormatException("Not a valid email address.");

    /// <summary>Rebuilds a stored address without re-validating it.</summary>
    public static EmailAddress FromStored(string value, string normalized) => new(value, normalized);

    public bool Matches(string? other) => TryParse(other, out var parsed) && parsed!.Normalized == Normalized;

    /// <summary>A non-ASCII character whose compatibility form or case mapping contains ASCII (U+212A KELVIN SIGN → "k").</summary>
    private static bool StandsForAscii(Rune rune)
    {
        if (rune.IsAscii)
        {
            return false;
        }

        var text = rune.ToString();
        return HasAscii(text.Normalize(NormalizationForm.FormKC)) || HasAscii(text.ToLowerInvariant()) || HasAscii(text.ToUpperInvariant());

        static bool HasAscii(string s) => s.Any(char.IsAscii);
    }

    public override string ToString() => Value;
}
