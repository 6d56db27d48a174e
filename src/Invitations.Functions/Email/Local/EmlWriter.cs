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
    private const int MaxHeaderLine = 78;
    private const int MaxQuotedPrintableLine = 76;

    public static string Write(EmailMessage message, string fromAddress, string? fromDisplayName, Guid operationId, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(fromAddress);

        var boundary = $"=_invitations_{operationId:N}";
        var builder = new StringBuilder();
        Header(builder, "Date", date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal));
        Header(builder, "From", Mailbox("From", fromDisplayName, fromAddress));
        Header(builder, "To", Mailbox("To", message.ToDisplayName, message.ToAddress));
        if (message.ReplyTo is not null)
        {
            Header(builder, "Reply-To", Mailbox("Reply-To", null, message.ReplyTo));
        }

        Header(builder, "Subject", Unstructured("Subject", message.Subject));
        Header(builder, "Message-ID", $"<{operationId:D}@invitations.local>");
        Header(builder, "MIME-Version", "1.0");
        Header(builder, "Content-Type", $"multipart/alternative;\r\n boundary=\"{boundary}\"");
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
        // The CRLF before each delimiter belongs to the delimiter (RFC 2046 5.1.1), so content keeps its own line ends.
        builder.Append("--").Append(boundary).Append("\r\n");
        Header(builder, "Content-Type", $"{mediaType}; charset=utf-8");
        Header(builder, "Content-Transfer-Encoding", "quoted-printable");
        builder.Append("\r\n");
        builder.Append(QuotedPrintable(content));
        builder.Append("\r\n");
    }

    private static void Header(StringBuilder builder, string name, string value) =>
        builder.Append(name).Append(": ").Append(value).Append("\r\n");

    private static string Mailbox(string headerName, string? displayName, string address)
    {
        var cleanAddress = HeaderText.SingleLine(address).Replace("<", "", StringComparison.Ordinal).Replace(">", "", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(displayName))
        {
            return $"<{cleanAddress}>";
        }

        // A display name: a quoted string when short ASCII, encoded-words otherwise (RFC 5322 3.2.5, RFC 2047 5(3)).
        var name = HeaderText.SingleLine(displayName);
        var phrase = IsPrintableAscii(name) && headerName.Length + name.Length + 6 <= MaxHeaderLine
            ? "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : EncodedWords(name, headerName.Length + 2);
        var lastLine = phrase[(phrase.LastIndexOf('\n') + 1)..];
        var firstLinePrefix = phrase.Contains('\n', StringComparison.Ordinal) ? 0 : headerName.Length + 2;
        return firstLinePrefix + lastLine.Length + cleanAddress.Length + 3 > MaxHeaderLine
            ? $"{phrase}\r\n <{cleanAddress}>"
            : $"{phrase} <{cleanAddress}>";
    }

    /// <summary>Unstructured text (a subject): folded at spaces when ASCII, encoded-words otherwise.</summary>
    private static string Unstructured(string headerName, string text)
    {
        if (!IsPrintableAscii(text))
        {
            return EncodedWords(text, headerName.Length + 2);
        }

        var folded = new StringBuilder();
        var lineLength = headerName.Length + 2;
        foreach (var word in text.Split(' '))
        {
            if (folded.Length > 0)
            {
                if (lineLength + 1 + word.Length > MaxHeaderLine)
                {
                    folded.Append("\r\n");
                    lineLength = 0;
                }

                folded.Append(' ');
                lineLength++;
            }

            folded.Append(word);
            lineLength += word.Length;
        }

        return folded.ToString();
    }

    /// <summary>
    /// Base64 encoded-words, split on whole characters, each at most 75 characters and each line at most 78
    /// (the first line also holds the header name), folded with CRLF SP.
    /// </summary>
    private static string EncodedWords(string text, int firstLinePrefix)
    {
        const int overhead = 12; // "=?utf-8?B?" and "?="
        static int BytesFor(int prefix) => (Math.Min(75, MaxHeaderLine - prefix) - overhead) / 4 * 3;

        var words = new List<string>();
        var budget = BytesFor(firstLinePrefix);
        var chunk = new List<byte>(MaxEncodedWordBytes);
        Span<byte> runeBytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(runeBytes);
            if (chunk.Count + length > budget)
            {
                budget = BytesFor(1);
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
