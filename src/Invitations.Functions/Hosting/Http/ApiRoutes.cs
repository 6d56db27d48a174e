using System.Text.Json;

namespace Invitations.Hosting.Http;

/// <summary>
/// The HTTP route prefix (<c>extensions.http.routePrefix</c> of host.json, "api" when unset, as the Functions host does),
/// read here and nowhere else: Location headers and problem instances are built from it at the edge.
/// </summary>
public static class ApiRoutes
{
    public const string DefaultPrefix = "api";

    private static readonly Lazy<string> LazyPrefix = new(() => ReadPrefix(Path.Combine(AppContext.BaseDirectory, "host.json")));

    /// <summary>The prefix without slashes; empty when host.json sets it to "".</summary>
    public static string Prefix => LazyPrefix.Value;

    /// <summary>The path of <paramref name="route"/> (a function's route, relative) as clients see it: <c>/api/{route}</c>.</summary>
    public static string PathOf(string route) => PathOf(Prefix, route);

    internal static string PathOf(string prefix, string route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var relative = route.Trim('/');
        return prefix.Length == 0 ? "/" + relative : "/" + prefix + "/" + relative;
    }

    /// <summary>The route prefix a host.json sets; <see cref="DefaultPrefix"/> when the file or the setting is absent.</summary>
    public static string ReadPrefix(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath))
        {
            return DefaultPrefix;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(hostJsonPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.TryGetProperty("extensions", out var extensions) &&
               extensions.TryGetProperty("http", out var http) &&
               http.TryGetProperty("routePrefix", out var prefix) && prefix.ValueKind == JsonValueKind.String
            ? prefix.GetString()!.Trim('/')
            : DefaultPrefix;
    }
}
