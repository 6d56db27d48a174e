using System.Text.Json;
using System.Text.Json.Nodes;

namespace Invitations.LocalHost.Metadata;

/// <summary>Reads functions.metadata, which the Worker SDK generates into the app's build output.</summary>
public static class FunctionMetadataReader
{
    public const string FileName = "functions.metadata";

    public static IReadOnlyList<FunctionMetadata> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"No {FileName} at '{path}'. Build the Functions app first (dotnet build), or pass --script-root <its output folder>.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<FunctionMetadata> Parse(string json, string source = FileName)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source} is not valid JSON: {ex.Message}", ex);
        }

        if (root is not JsonArray functions)
        {
            throw new InvalidDataException($"{source} must be a JSON array of functions.");
        }

        var result = new List<FunctionMetadata>();
        foreach (var node in functions)
        {
            if (node is not JsonObject function)
            {
                throw new InvalidDataException($"{source} holds an entry that is not an object.");
            }

            var name = Required(function, "name", source);
            var bindings = (function["bindings"] as JsonArray ?? [])
                .Select(binding => ReadBinding(binding, name, source))
                .ToArray();
            var triggers = bindings.Count(binding => binding.IsTrigger);
            if (triggers != 1)
            {
                throw new InvalidDataException($"Function '{name}' in {source} has {triggers} trigger bindings; exactly one is required.");
            }

            var entryPoint = Required(function, "entryPoint", source);
            if (entryPoint.LastIndexOf('.') <= 0)
            {
                throw new InvalidDataException($"Function '{name}' in {source} has entryPoint '{entryPoint}', expected 'Namespace.Type.Method'.");
            }

            result.Add(new FunctionMetadata(name, Required(function, "scriptFile", source), entryPoint, bindings));
        }

        var duplicate = result.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{source} declares the function '{duplicate.Key}' more than once.");
        }

        return result;
    }

    private static BindingMetadata ReadBinding(JsonNode? node, string function, string source)
    {
        if (node is not JsonObject binding)
        {
            throw new InvalidDataException($"Function '{function}' in {source} has a binding that is not an object.");
        }

        return new BindingMetadata(
            Required(binding, "name", source),
            Required(binding, "type", source),
            binding["direction"]?.GetValue<string>() ?? "In",
            (JsonObject)binding.DeepClone());
    }

    private static string Required(JsonObject node, string key, string source)
    {
        var value = node[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidDataException($"An entry in {source} has no '{key}'.")
            : value;
    }
}
