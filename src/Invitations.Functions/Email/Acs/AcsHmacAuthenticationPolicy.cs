using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Invitations.Email.Acs;

/// <summary>
/// Signs each request for ACS with HMAC-SHA256 (the scheme of the ACS data-plane REST APIs):
/// <c>x-ms-date</c> (RFC 1123), <c>x-ms-content-sha256</c> (base64 SHA-256 of the exact body bytes),
/// string to sign <c>METHOD\npathAndQuery\ndate;host;contentHash</c>, and
/// <c>Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&amp;Signature=…</c>.
/// Registered as a per-retry policy, so every attempt gets a fresh date and signature.
/// </summary>
public sealed class AcsHmacAuthenticationPolicy(byte[] accessKey, TimeProvider timeProvider) : HttpPipelinePolicy
{
    public const string DateHeader = "x-ms-date";
    public const string ContentHashHeader = "x-ms-content-sha256";
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    private readonly byte[] _accessKey = accessKey ?? throw new ArgumentNullException(nameof(accessKey));
    private readonly TimeProvider _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        Sign(message, HashContent(message));
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        Sign(message, await HashContentAsync(message).ConfigureAwait(false));
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    /// <summary>The signature for the given parts; public so the test server and test vectors share one definition.</summary>
    public static string ComputeSignature(byte[] accessKey, string method, string pathAndQuery, string date, string host, string contentHash)
    {
        var stringToSign = string.Create(CultureInfo.InvariantCulture, $"{method}\n{pathAndQuery}\n{date};{host};{contentHash}");
        return Convert.ToBase64String(HMACSHA256.HashData(accessKey, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static string AuthorizationValue(string signature) => $"HMAC-SHA256 SignedHeaders={SignedHeaders}&Signature={signature}";

    public static string FormatDate(DateTimeOffset now) => now.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    private void Sign(HttpMessage message, string contentHash)
    {
        var date = FormatDate(_timeProvider.GetUtcNow());
        var uri = message.Request.Uri.ToUri();

        // Authority is host[:port], the Host header the server sees (the port is omitted when default).
        var signature = ComputeSignature(_accessKey, message.Request.Method.Method, uri.PathAndQuery, date, uri.Authority, contentHash);

        message.Request.Headers.SetValue(ContentHashHeader, contentHash);
        message.Request.Headers.SetValue(DateHeader, date);
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, AuthorizationValue(signature));
    }

    private static string HashContent(HttpMessage message)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (message.Request.Content is { } content)
        {
            using var buffer = new MemoryStream();
            content.WriteTo(buffer, message.CancellationToken);
            sha.AppendData(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        return Convert.ToBase64String(sha.GetHashAndReset());
    }

    private static async ValueTask<string> HashContentAsync(HttpMessage message)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (message.Request.Content is { } content)
        {
            using var buffer = new MemoryStream();
            await content.WriteToAsync(buffer, message.CancellationToken).ConfigureAwait(false);
            sha.AppendData(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        return Convert.ToBase64String(sha.GetHashAndReset());
    }
}
