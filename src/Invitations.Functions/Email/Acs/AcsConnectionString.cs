using System.Diagnostics.CodeAnalysis;

namespace Invitations.Email.Acs;

/// <summary>
/// A parsed ACS connection string <c>endpoint=https://…/;accesskey=base64</c>.
/// <see cref="ToString"/> never prints the key.
/// </summary>
public sealed class AcsConnectionString
{
    private AcsConnectionString(Uri endpoint, byte[] accessKey)
    {
        Endpoint = endpoint;
        AccessKey = accessKey;
    }

    public Uri Endpoint { get; }

    /// <summary>The decoded access key (the HMAC key).</summary>
    internal byte[] AccessKey { get; }

    public static AcsConnectionString Parse(string value) =>
        TryParse(value, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParse(string? value, [NotNullWhen(true)] out AcsConnectionString? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "it is empty";
            return false;
        }

        string? endpointText = null;
        string? keyText = null;
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = part[..equals].Trim();
            var item = part[(equals + 1)..].Trim();
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpointText = item;
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                keyText = item;
            }
        }

        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) ||
            (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            error = "endpoint=… must be an absolute http(s) URL";
            return false;
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(keyText ?? "");
        }
        catch (FormatException)
        {
            error = "accesskey=… must be base64";
            return false;
        }

        if (key.Length == 0)
        {
            error = "accesskey=… is missing";
            return false;
        }

        parsed = new AcsConnectionString(endpoint, key);
        error = null;
        return true;
    }

    public override string ToString() => $"endpoint={Endpoint};accesskey=***";
}
