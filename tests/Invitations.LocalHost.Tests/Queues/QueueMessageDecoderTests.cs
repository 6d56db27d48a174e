using System.Text;
using Invitations.LocalHost.Metadata;
using Invitations.LocalHost.Queues;

namespace Invitations.LocalHost.Tests.Queues;

public sealed class QueueMessageDecoderTests
{
    [Fact]
    public void Base64_messages_are_decoded_to_their_bytes()
    {
        var raw = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"text":"héllo"}"""));

        Assert.True(QueueMessageDecoder.TryDecode(raw, QueueMessageEncoding.Base64, out var body));
        Assert.Equal("""{"text":"héllo"}""", body.ToString());
    }

    [Theory]
    [InlineData("""{"text":"plain json"}""")]
    [InlineData("not base64!")]
    [InlineData("abc")] // wrong length
    public void Text_that_is_not_base64_fails_to_decode_with_the_default_encoding(string raw)
    {
        Assert.False(QueueMessageDecoder.TryDecode(raw, QueueMessageEncoding.Base64, out _));
    }

    [Fact]
    public void With_encoding_none_the_raw_text_is_the_body()
    {
        var raw = Convert.ToBase64String("x"u8.ToArray()); // even base64-looking text stays as it is

        Assert.True(QueueMessageDecoder.TryDecode(raw, QueueMessageEncoding.None, out var body));
        Assert.Equal(raw, body.ToString());
    }

    [Theory]
    [InlineData(QueueMessageEncoding.Base64)]
    [InlineData(QueueMessageEncoding.None)]
    public void Encode_and_decode_round_trip(QueueMessageEncoding encoding)
    {
        var body = BinaryData.FromString("""{"text":"round trip ✓"}""");

        Assert.True(QueueMessageDecoder.TryDecode(QueueMessageDecoder.Encode(body, encoding), encoding, out var decoded));
        Assert.Equal(body.ToString(), decoded.ToString());
    }
}
