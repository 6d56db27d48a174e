using System.Text.Json;
using System.Text.Json.Nodes;

namespace Invitations.LocalHost.Metadata;

/// <summary>One binding of a function as written in functions.metadata; keys other than the common three stay raw.</summary>
public sealed record BindingMetadata(string Name, string Type, string Direction, JsonObject Raw)
{
    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    public string? GetString(string key) => Find(key) switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    public bool? GetBool(string key) => Find(key) switch
    {
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String &&
                             bool.TryParse(value.GetValue<string>(), out var parsed) => parsed,
        _ => null,
    };

    public IReadOnlyList<string> GetStrings(string key) => Find(key) switch
    {
        JsonArray array => array.Select(item => item?.GetValue<string>() ?? "").Where(item => item.Length > 0).ToArray(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };

    private JsonNode? Find(string key)
    {
        foreach (var (name, node) in Raw)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return node;
            }
        }

        return null;
    }
}
