using System.Globalization;
using System.Text;
using Invitations.Invitations;

namespace Invitations.Email;

/// <summary>Makes text safe for a header: one line, no control characters, bounded length.</summary>
public static class HeaderText
{
    public const int MaxSubjectLength = 255;

    /// <summary>
    /// Replaces CR, LF and every other control character with a space, collapses runs of spaces, and drops invisible
    /// format characters (a right-to-left override in an inviter's name would reverse the rest of the subject).
    /// </summary>
    public static string SingleLine(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        var lastWasSpace = false;
        foreach (var rune in value.EnumerateRunes())
        {
            if (PlainText.IsInvisible(rune))
            {
                continue;
            }

            // Control characters, and the Unicode line/paragraph separators some mail clients honour.
            var isSpace = Rune.IsControl(rune) || Rune.IsWhiteSpace(rune) || rune.Value is 0x2028 or 0x2029;
            if (isSpace)
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            builder.Append(rune.ToString());
            lastWasSpace = false;
        }

        return builder.ToString().Trim();
    }

    /// <summary>Single line, cut to <paramref name="maxLength"/> characters without splitting a surrogate pair or a combined character.</summary>
    public static string Subject(string value, int maxLength = MaxSubjectLength)
    {
        var line = SingleLine(value);
        if (line.Length <= maxLength)
        {
            return line;
        }

        const string ellipsis = "…";
        var budget = maxLength - ellipsis.Length;
        var cut = 0;
        var elements = StringInfo.GetTextElementEnumerator(line);
        while (elements.MoveNext())
        {
            var next = elements.ElementIndex + elements.GetTextElement().Length;
            if (next > budget)
            {
                break;
            }

            cut = next;
        }

        return line[..cut].TrimEnd() + ellipsis;
    }
}
