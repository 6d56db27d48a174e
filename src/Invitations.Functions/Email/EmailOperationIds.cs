using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Invitations.Email;

/// <summary>
/// Derives the ACS <c>Operation-Id</c> of a send from (invitation, link version, send number), so every retry,
/// redelivery or second worker of the same send uses the same id and ACS de-duplicates it.
/// The id is a name-based UUID version 5 (RFC 9562, section 5.5: SHA-1 over namespace + name) in the
/// namespace <see cref="Namespace"/>, with the name <c>"{invitationId}/{linkVersion}/{sendNumber}"</c> in UTF-8.
/// Changing the namespace or the name format would change every id and break de-duplication of in-flight sends:
/// never change them.
/// </summary>
public static class EmailOperationIds
{
    /// <summary>Fixed namespace of invitation email sends (a random v4 UUID chosen once).</summary>
    public static readonly Guid Namespace = new("5d1f0a3c-8b7e-4e52-9c0f-6a2d4b7e9c31");

    public static Guid For(string invitationId, int linkVersion, int sendNumber)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(invitationId);
        var name = string.Create(CultureInfo.InvariantCulture, $"{invitationId}/{linkVersion}/{sendNumber}");
        return NameBased(Namespace, name);
    }

    /// <summary>RFC 9562 UUID version 5 of <paramref name="name"/> (UTF-8) in <paramref name="namespaceId"/>.</summary>
    public static Guid NameBased(Guid namespaceId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        // The namespace is hashed in network byte order (big-endian), as the RFC's text form reads.
        Span<byte> ns = stackalloc byte[16];
        namespaceId.TryWriteBytes(ns, bigEndian: true, out _);

        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.CopyTo(input);
        nameBytes.CopyTo(input, 16);

#pragma warning disable CA5350 // SHA-1 is what RFC 9562 v5 specifies; it names an id, it protects nothing.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350

        var bytes = hash.AsSpan(0, 16);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(bytes, bigEndian: true);
    }
}
