using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Invitations.Invitations;

/// <summary>
/// Content rules for what an admin writes into someone else's inbox (names and the personal message): no links, so
/// the invitation link is the only one in the email, and no invisible characters that reorder or hide text.
/// </summary>
public static partial class PlainText
{
    /// <summary>
    /// The first thing a mail client could turn into a link: a URL (any scheme, or <c>www.</c>), an address, a bare
    /// domain such as <c>evil.example/login</c> or an IPv4 address; <c>null</c> when there is none. Checked on the
    /// compatibility form without invisible characters, so full-width letters or a zero-width space do not hide one.
    /// </summary>
    public static string? FindLink(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var visible = new StringBuilder(text.Length);
        foreach (var rune in text.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            if (!IsInvisible(rune))
            {
                visible.Append(rune.ToString());
            }
        }

        var match = LinkPattern().Match(visible.ToString());
        return match.Success ? match.Value : null;
    }

    /// <summary>
    /// The first invisible format character (bidi controls U+202A–U+202E and U+2066–U+2069, marks, zero-width and
    /// other Unicode "Cf" characters, Hangul fillers), as <c>U+XXXX</c>; <c>null</c> when there is none. Zero-width
    /// (non-)joiners are allowed between two visible characters, where Persian, Indic scripts and emoji need them.
    /// </summary>
    public static string? FindInvisibleCharacter(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var runes = text.EnumerateRunes().ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            var rune = runes[i];
            if (!IsInvisible(rune))
            {
                continue;
            }

            var isJoiner = rune.Value is 0x200C or 0x200D;
            if (isJoiner && i > 0 && i < runes.Length - 1 && IsVisible(runes[i - 1]) && IsVisible(runes[i + 1]))
            {
                continue;
            }

            return $"U+{rune.Value:X4}";
        }

        return null;
    }

    /// <summary>Format characters (Unicode category Cf) and the fillers that render as nothing.</summary>
    public static bool IsInvisible(Rune rune) =>
        Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0;

    private static bool IsVisible(Rune rune) => !IsInvisible(rune) && !Rune.IsWhiteSpace(rune) && !Rune.IsControl(rune);

    // scheme:// or a linkable scheme: or www. | an IPv4 address | label(.label)+ ending in a TLD of letters (or punycode), not followed by
    // more of a word. Dots include the ideographic full stop, which IDNA treats as a dot.
    [GeneratedRegex(
        """
        \b[a-z][a-z0-9+.\-]{1,30}://|\b(?:https?|ftp|mailto|javascript|vbscript|data|tel|sms|file):(?=\S)|\bwww[.\u3002]\S
        |(?<![\p{L}\p{N}])\d{1,3}(?:[.\u3002]\d{1,3}){3}(?![\p{L}\p{N}])
        |(?<![\p{L}\p{N}\-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,61}[\p{L}\p{N}])?[.\u3002])+(?:\p{L}{2,63}|xn--[a-z0-9\-]{1,59})(?![\p{L}\p{N}\-])
        """,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex LinkPattern();
}
