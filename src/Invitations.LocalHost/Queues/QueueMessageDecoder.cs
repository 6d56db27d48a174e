using System.Buffers.Text;
using Invitations.LocalHost.Metadata;

namespace Invitations.LocalHost.Queues;

/// <summary>
/// Turns the raw message text into the body the function sees. With <c>base64</c> (the host's default) the text
/// must be base64; with <c>none</c> it is taken as UTF-8 text as it is.
/// </summary>
public static class QueueMessageDecoder
{
    public static bool TryDecode(string rawText, QueueMessageEncoding encoding, out BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(rawText);
        if (encoding == QueueMessageEncoding.None)
        {
            body = BinaryData.FromString(rawText);
            return true;
        }

        var trimmed = rawText.Trim();
        if (!Base64.IsValid(trimmed))
        {
            body = BinaryData.Empty;
            return false;
        }

        body = BinaryData.FromBytes(Convert.FromBase64String(trimmed));
        return true;
    }

    /// <summary>How a producer must write a message for the given encoding (tests and tools use it).</summary>
    public static string Encode(BinaryData body, QueueMessageEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(body);
        return encoding == QueueMessageEncoding.None ? body.ToString() : Convert.ToBase64String(body.ToMemory().Span);
    }
}
