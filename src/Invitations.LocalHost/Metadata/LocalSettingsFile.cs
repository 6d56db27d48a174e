using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Invitations.LocalHost.Metadata;

/// <summary>
/// local.settings.json as Core Tools reads it: <c>Values</c> become app settings (<c>Section__Key</c> maps to
/// <c>Section:Key</c>), <c>ConnectionStrings</c> become <c>ConnectionStrings:Name</c>, <c>Host</c> holds the port and CORS.
/// </summary>
public sealed record LocalSettingsFile(
    string Path,
    IReadOnlyDictionary<string, string?> Settings,
    int? LocalHttpPort,
    IReadOnlyList<string> CorsOrigins,
    bool CorsCredentials)
{
    public const string FileName = "local.settings.json";
    public const string SampleFileName = "local.settings.sample.json";

    /// <summary>
    /// The first existing of: local.settings.json in the script root, then in the repository root, then the sample
    /// in the repository root (a fresh clone runs without copying anything).
    /// </summary>
    public static string? Find(string scriptRoot, string? repositoryRoot)
    {
        var candidates = new List<string> { System.IO.Path.Combine(scriptRoot, FileName) };
        if (repositoryRoot is not null)
        {
            candidates.Add(System.IO.Path.Combine(repositoryRoot, FileName));
            candidates.Add(System.IO.Path.Combine(repositoryRoot, SampleFileName));
        }

        candidates.Add(System.IO.Path.Combine(scriptRoot, SampleFileName));
        return candidates.FirstOrDefault(File.Exists);
    }

    public static LocalSettingsFile Read(string path) => Parse(File.ReadAllText(path), path);

    public static LocalSettingsFile Parse(string json, string path = FileName)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions
            {
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
            }) as JsonObject ?? throw new InvalidDataException($"{path} must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {ex.Message}", ex);
        }

        if (root["IsEncrypted"] is JsonValue encrypted && encrypted.GetValueKind() == JsonValueKind.True)
        {
            throw new InvalidDataException($"{path} is encrypted (IsEncrypted: true); the local host reads plain settings only.");
        }

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in root["Values"] as JsonObject ?? [])
        {
            settings[ToConfigurationKey(name)] = AsString(value);
        }

        foreach (var (name, value) in root["ConnectionStrings"] as JsonObject ?? [])
        {
            settings["ConnectionStrings:" + name] = AsString(value);
        }

        var host = root["Host"] as JsonObject;
        var port = host?[nameof(LocalHttpPort)] is JsonValue p && p.TryGetValue<int>(out var number) ? number : (int?)null;
        var cors = (AsString(host?["CORS"]) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var credentials = host?["CORSCredentials"] is JsonValue c && c.GetValueKind() == JsonValueKind.True;

        return new LocalSettingsFile(path, settings, port, cors, credentials);
    }

    /// <summary>App settings are flat; <c>__</c> separates configuration sections, as in environment variables.</summary>
    public static string ToConfigurationKey(string name) => name.Replace("__", ":", StringComparison.Ordinal);

    private static string? AsString(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False =>
            value.GetValue<bool>().ToString(CultureInfo.InvariantCulture).ToLowerInvariant(),
        _ => node.ToJsonString(),
    };
}
