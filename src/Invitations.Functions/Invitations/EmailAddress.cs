using System.Globalization;
using System.Net.Mail;

namespace Invitations.Invitations;

/// <summary>
/// An invitee address as typed (trimmed) plus its comparison form: lower-cased, with an IDN domain in
/// its ASCII (punycode) form, so "Ana@Bücher.example" and "ana@xn--bcher-kva.example" are one invitee.
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
        if (value.Length > MaxLength || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || value.Contains('<', StringComparison.Ordinal))
        {
            return false;
        }

        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1 || value.IndexOf('@', StringComparison.Ordinal) != at)
        {
            return false;
        }

        string asciiDomain;
        try
        {
            asciiDomain = Idn.GetAscii(value[(at + 1)..]).ToLowerInvariant();
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

    public override string ToString() => Value;
}
