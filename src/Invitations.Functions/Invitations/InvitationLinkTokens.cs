using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Invitations.Invitations;

/// <summary>
/// Invitation link tokens: <c>base64url(payload) "." base64url(HMAC-SHA256(key, payload))</c>, where the payload
/// names the key id, account, invitation and link version. Tokens are never stored: copy-link derives the same
/// token again, and a 256-bit MAC under a secret key makes them unguessable. Old key ids keep verifying until removed.
/// </summary>
public sealed class InvitationLinkTokens
{
    private const byte FormatVersion = 1;
    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("invitations/link/v1\n");

    private readonly string _activeKeyId;
    private readonly Dictionary<string, byte[]> _keys;

    public InvitationLinkTokens(IOptions<LinkSigningOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _activeKeyId = value.ActiveKeyId;
        _keys = value.Keys.ToDictionary(
            pair => pair.Key,
            pair => LinkSigningOptionsValidator.TryDecode(pair.Value, out var bytes) ? bytes : [],
            StringComparer.Ordinal);
    }

    /// <summary>The token for a link version, under the active key (deterministic).</summary>
    public string Create(string accountId, Guid invitationId, int linkVersion) =>
        Create(accountId, invitationId, linkVersion, _activeKeyId);

    internal string Create(string accountId, Guid invitationId, int linkVersion, string keyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var payload = EncodePayload(keyId, accountId, invitationId, linkVersion);
        var mac = Sign(_keys[keyId], payload);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>Checks shape, key and MAC. Version and state checks are the invitation's job.</summary>
    public bool TryVerify(string? token, out LinkTokenClaims? claims)
    {
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot != token.LastIndexOf('.') ||
            !TryDecode(token.AsSpan(0, dot), out var payload) ||
            !TryDecode(token.AsSpan(dot + 1), out var mac) ||
            !TryDecodePayload(payload, out var decoded) ||
            !_keys.TryGetValue(decoded!.KeyId, out var key) || key.Length == 0)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(Sign(key, payload), mac))
        {
            return false;
        }

        claims = decoded;
        return true;
    }

    private static byte[] Sign(byte[] key, byte[] payload)
    {
        using var hmac = new HMACSHA256(key);
        hmac.TransformBlock(Purpose, 0, Purpose.Length, null, 0);
        hmac.TransformFinalBlock(payload, 0, payload.Length);
        return hmac.Hash!;
    }

    private static byte[] EncodePayload(string keyId, string accountId, Guid invitationId, int linkVersion)
    {
        var key = Encoding.UTF8.GetBytes(keyId);
        var account = Encoding.UTF8.GetBytes(accountId);
        if (key.Length > byte.MaxValue || account.Length > byte.MaxValue)
        {
            throw new ArgumentException("Key id and account id must be at most 255 bytes.");
        }

        var buffer = new byte[1 + 1 + key.Length + 1 + account.Length + 16 + 4];
        var span = buffer.AsSpan();
        span[0] = FormatVersion;
        span[1] = (byte)key.Length;
        key.CopyTo(span[2..]);
        var offset = 2 + key.Length;
        span[offset] = (byte)account.Length;
        account.CopyTo(span[(offset + 1)..]);
        offset += 1 + account.Length;
        invitationId.TryWriteBytes(span.Slice(offset, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(span[(offset + 16)..], linkVersion);
        return buffer;
    }

    private static bool TryDecodePayload(byte[] payload, out LinkTokenClaims? claims)
    {
        claims = null;
        var span = payload.AsSpan();
        if (span.Length < 2 + 1 + 16 + 4 || span[0] != FormatVersion)
        {
            return false;
        }

        var keyLength = span[1];
        if (span.Length < 2 + keyLength + 1)
        {
            return false;
        }

        var accountLength = span[2 + keyLength];
        var offset = 2 + keyLength + 1 + accountLength;
        if (span.Length != offset + 16 + 4)
        {
            return false;
        }

        try
        {
            var keyId = new UTF8Encoding(false, true).GetString(span.Slice(2, keyLength));
            var account = new UTF8Encoding(false, true).GetString(span.Slice(2 + keyLength + 1, accountLength));
            var id = new Guid(span.Slice(offset, 16), bigEndian: true);
            var version = BinaryPrimitives.ReadInt32BigEndian(span[(offset + 16)..]);
            if (account.Length == 0 || version < 1)
            {
                return false;
            }

            claims = new LinkTokenClaims(account, id, version, keyId);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(text, out var length))
        {
            return false;
        }

        bytes = new byte[length];
        return Base64Url.TryDecodeFromChars(text, bytes, out var written) && written == length;
    }
}
