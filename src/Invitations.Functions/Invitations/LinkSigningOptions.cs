namespace Invitations.Invitations;

/// <summary>
/// Keys for invitation links (section <c>LinkSigning</c>): <c>LinkSigning__ActiveKeyId</c> signs new links,
/// every key in <c>LinkSigning__Keys__{keyId}</c> (base64, at least 32 bytes) still verifies. Rotate by adding a
/// key, switching the active id, and removing the old key once its links have expired.
/// </summary>
public sealed class LinkSigningOptions
{
    public const string SectionName = "LinkSigning";
    public const int MinimumKeyBytes = 32;

    public string ActiveKeyId { get; set; } = "";

    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);
}
