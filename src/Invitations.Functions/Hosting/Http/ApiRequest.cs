using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Invitations.Invitations;
using Microsoft.AspNetCore.Http;

namespace Invitations.Hosting.Http;

/// <summary>Reads request bodies defensively: size-limited, JSON objects only, unknown or repeated members refused.</summary>
public static class ApiRequest
{
    public const int MaxBodyBytes = 64 * 1024;
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Reads the body as <typeparamref name="T"/>; every failure is a 4xx <see cref="DomainException"/>.</summary>
    public static Task<T> ReadJsonAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class => ReadJsonAsync<T>(request, MaxBodyBytes, ct);

    /// <summary>As <see cref="ReadJsonAsync{T}(HttpRequest, CancellationToken)"/> with another size limit (a bulk body).</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, int maxBodyBytes, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var bytes = await ReadLimitedAsync(request, maxBodyBytes, ct);
        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            throw new ValidationFailedException("$", "A JSON object body is required.");
        }

        if (!IsJson(request.ContentType))
        {
            throw new DomainException(ErrorCodes.UnsupportedMediaType, "Send the body as application/json.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException)
        {
            throw new ValidationFailedException("$", "The body is not valid JSON.");
        }

        using (document)
        {
            return ReadObject<T>(document.RootElement, "$");
        }
    }

    /// <summary>
    /// Reads one JSON object as <typeparamref name="T"/> with the body's strictness (unknown or repeated members refused);
    /// <paramref name="what"/> names it in the error (<c>$</c> for a body). Failures are a <see cref="ValidationFailedException"/>.
    /// </summary>
    public static T ReadObject<T>(JsonElement element, string what)
        where T : class
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationFailedException("$", what == "$" ? "The body must be a JSON object." : $"{what} must be a JSON object.");
        }

        var errors = new ValidationErrors();
        var known = KnownMembers(typeof(T));
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                errors.Add(property.Name, "Unknown member.");
            }
            else if (!seen.Add(property.Name))
            {
                errors.Add(property.Name, "Appears more than once.");
            }
        }

        errors.ThrowIfAny();
        try
        {
            return element.Deserialize<T>(ApiJson.Options) ?? throw new ValidationFailedException("$", "A JSON object body is required.");
        }
        catch (JsonException ex)
        {
            // The path names the member; the message would name .NET types, so it is not echoed.
            var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "$";
            throw new ValidationFailedException(field, "Has the wrong type or format.");
        }
    }

    /// <summary>As <see cref="ReadJsonAsync{T}(HttpRequest, CancellationToken)"/> when the request has a body; a new <typeparamref name="T"/> when it has none.</summary>
    public static Task<T> ReadOptionalJsonAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        return hasBody ? ReadJsonAsync<T>(request, ct) : Task.FromResult(new T());
    }

    /// <summary>
    /// The whole body, refused with <c>payload-too-large</c> as soon as it passes <paramref name="maxBytes"/>: by its
    /// Content-Length before reading, and while reading when there is none (a chunked upload).
    /// </summary>
    public static async Task<byte[]> ReadLimitedAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static HashSet<string> KnownMembers(Type type)
    {
        var info = ApiJson.Options.GetTypeInfo(type);
        return info.Kind == JsonTypeInfoKind.Object
            ? new HashSet<string>(info.Properties.Select(p => p.Name), StringComparer.OrdinalIgnoreCase)
            : [];
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
               mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static DomainException TooLarge(int maxBytes) =>
        new(ErrorCodes.PayloadTooLarge, maxBytes >= 1024 * 1024
            ? $"The body is larger than {maxBytes / (1024 * 1024)} MB."
            : $"The body is larger than {maxBytes / 1024} KB.");
}
