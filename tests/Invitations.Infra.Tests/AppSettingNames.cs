using System.Text.Json;
using System.Text.RegularExpressions;

namespace Invitations.Infra.Tests;

/// <summary>
/// Reads app setting names from the Function App Bicep module and from local.settings.sample.json,
/// and maps both to one comparable form.
/// </summary>
internal static partial class AppSettingNames
{
    public const string BlockBegin = "// app-settings:begin";
    public const string BlockEnd = "// app-settings:end";
    public const string LinkSigningKeyPattern = "LinkSigning__Keys__{keyId}";

    /// <summary>
    /// Names in the marked block of the Bicep module: "Name: value" lines, plus names built by
    /// interpolation such as 'LinkSigning__Keys__${id}' (reported with {keyId}).
    /// </summary>
    public static IReadOnlyList<string> FromBicep(string bicepText)
    {
        var start = bicepText.IndexOf(BlockBegin, StringComparison.Ordinal);
        var end = bicepText.IndexOf(BlockEnd, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"The Bicep module has no '{BlockBegin}' ... '{BlockEnd}' block.");
        }

        var names = new List<string>();
        foreach (var line in bicepText[start..end].Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var property = PropertyLine().Match(trimmed);
            if (property.Success)
            {
                names.Add(property.Groups["name"].Value);
            }

            foreach (Match generated in InterpolatedName().Matches(trimmed))
            {
                names.Add(generated.Groups["prefix"].Value + "{keyId}");
            }
        }

        return names;
    }

    /// <summary>The keys of "Values" in a local.settings.json-shaped document.</summary>
    public static IReadOnlyList<string> FromLocalSettings(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToList();
    }

    /// <summary>
    /// Maps a name to the form both files share: identity-based connection settings
    /// (X__tableServiceUri, X__credential, ...) become the connection name X, as the Functions host
    /// and StorageConnection read them; every LinkSigning__Keys__{id} becomes one pattern.
    /// </summary>
    public static string Normalise(string name)
    {
        if (name.StartsWith("LinkSigning__Keys__", StringComparison.Ordinal))
        {
            return LinkSigningKeyPattern;
        }

        var connection = IdentityConnectionSetting().Match(name);
        return connection.Success ? connection.Groups["connection"].Value : name;
    }

    [GeneratedRegex(@"^'?(?<name>[A-Za-z_][A-Za-z0-9_]*)'?\s*:")]
    private static partial Regex PropertyLine();

    [GeneratedRegex(@"'(?<prefix>[A-Za-z_][A-Za-z0-9_]*__)\$\{[^}]+\}'")]
    private static partial Regex InterpolatedName();

    [GeneratedRegex(@"^(?<connection>[A-Za-z][A-Za-z0-9_]*?)__(accountName|blobServiceUri|queueServiceUri|tableServiceUri|serviceUri|credential|clientId)$")]
    private static partial Regex IdentityConnectionSetting();
}
