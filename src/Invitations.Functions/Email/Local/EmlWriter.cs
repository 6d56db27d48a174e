using System.Globalization;
using System.Text;

namespace Invitations.Email.Local;

/// <summary>
/// Writes an email as an RFC 5322 message with a MIME multipart/alternative body (text, then HTML), UTF-8,
/// quoted-printable parts, and RFC 2047 encoded-words for non-ASCII header text. Just enough MIME for a
/// developer's mail client to open the .eml file; lines end in CRLF.
/// </summary>
public static class EmlWriter
{
    private const int MaxEncodedWordBytes = 45; // 60 base64 characters + "=?utf-8?B?" + "?=" = 72 ≤ 75 (RFC 2047)
    private const int MaxQuotedPrintableLine = 76;

    public static string Write(EmailMessage message, string fromAddress, string? fromDisplayName, Guid operationId, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(fromAddress);

        var boundary = $"=_invitations_{operationId:N}";
        var builder = new StringBuilder();
        Header(builder, "Date", date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal));
        Header(builder, "From", Mailbox(fromDisplayName, fromAddress));
        Header(builder, "To", Mailbox(message.ToDisplayName, message.ToAddress));
        if (message.ReplyTo is not null)
        {
            Header(builder, "Reply-To", Mailbox(null, message.ReplyTo));
        }

        Header(builder, "Subject", Unstructured(message.Subject));
        Header(builder, "Message-ID", $"<{operationId:D}@invitations.local>");
        Header(builder, "MIME-Version", "1.0");
        Header(builder, "Content-Type", $"multipart/alternative; boundary=\"{boundary}\"");
        builder.Append("\r\n");
        builder.Append("This is a multi-part message in MIME format.\r\n");

        Part(builder, boundary, "text/plain", message.PlainText);
        Part(builder, boundary, "text/html", message.Html);
        builder.Append("--").Append(boundary).Append("--\r\n");
        return builder.ToString();
    }

    /// <summary>Quoted-printable (RFC 2045, section 6.7) of UTF-8 text, with CRLF line ends and soft breaks at 76.</summary>
    public static string QuotedPrintable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var output = new StringBuilder(text.Length + (text.Length / 8));
        for (var i = 0; i < lines.Length; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(lines[i]);
            var lineLength = 0;
            for (var b = 0; b < bytes.Length; b++)
            {
                var value = bytes[b];
                var isLast = b == bytes.Length - 1;
                var literal = value is >= 33 and <= 126 && value != (byte)'=' ||
                              (value is (byte)' ' or (byte)'\t' && !isLast); // trailing whitespace must be encoded
                var token = literal ? ((char)value).ToString() : $"={value:X2}";

                // Keep room for the soft break '='; a literal last character may use the 76th column.
                var limit = isLast ? MaxQuotedPrintableLine : MaxQuotedPrintableLine - 1;
                if (lineLength + token.Length > limit)
                {
                    output.Append("=\r\n");
                    lineLength = 0;
                }

                output.Append(token);
                lineLength += token.Length;
            }

            if (i < lines.Length - 1)
            {
                output.Append("\r\n");
            }
        }

        return output.ToString();
    }

    private static void Part(StringBuilder builder, string boundary, string mediaType, string content)
    {
        builder.Append("\r\n--").Append(boundary).Append("\r\n");
        Header(builder, "Content-Type", $"{mediaType}; charset=utf-8");
        Header(builder, "Content-Transfer-Encoding", "quoted-printable");
        builder.Append("\r\n");
        builder.Append(QuotedPrintable(content));
        builder.Append("\r\n");
    }

    private static void Header(StringBuilder builder, string name, string value) =>
        builder.Append(name).Append(": ").Append(value).Append("\r\n");

    private static string Mailbox(string? displayName, string address)
    {
        var cleanAddress = HeaderText.SingleLine(address).Replace("<", "", StringComparison.Ordinal).Replace(">", "", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(displayName))
        {
            return $"<{cleanAddress}>";
        }

        return $"{Phrase(HeaderText.SingleLine(displayName))} <{cleanAddress}>";
    }

    /// <summary>A display name: a quoted string when ASCII, encoded-words otherwise (RFC 5322 3.2.5, RFC 2047 5(3)).</summary>
    private static string Phrase(string text)
    {
        if (IsPrintableAscii(text))
        {
            return "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        }

        return EncodedWords(text);
    }

    private static string Unstructured(string text) => IsPrintableAscii(text) ? text : EncodedWords(text);

    /// <summary>Base64 encoded-words of at most 75 characters, split on whole characters, folded with CRLF SP.</summary>
    private static string EncodedWords(string text)
    {
        var words = new List<string>();
        var chunk = new List<byte>(MaxEncodedWordBytes);
        Span<byte> runeBytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(runeBytes);
            if (chunk.Count + length > MaxEncodedWordBytes)
            {
                words.Add(Word(chunk));
                chunk.Clear();
            }

            for (var i = 0; i < length; i++)
            {
                chunk.Add(runeBytes[i]);
            }
        }

        if (chunk.Count > 0)
        {
            words.Add(Word(chunk));
        }

        return string.Join("\r\n ", words);

        static string Word(List<byte> bytes) => $"=?utf-8?B?{Convert.ToBase64String(bytes.ToArray())}?=";
    }

    private static bool IsPrintableAscii(string text) => text.All(c => c is >= ' ' and <= '~');
}
