using System.Text.RegularExpressions;

namespace Invitations.LocalHost.Metadata;

/// <summary>
/// Resolves <c>%Setting%</c> in binding properties the way the Functions host does: from app settings,
/// where <c>Section__Key</c> is the flat name of <c>Section:Key</c>.
/// </summary>
public sealed partial class SettingResolver(IConfiguration configuration)
{
    public string? GetSetting(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return configuration[name.Replace("__", ":", StringComparison.Ordinal)];
    }

    /// <summary>Replaces every <c>%Name%</c>; a missing setting is an error, as it is for the host at startup.</summary>
    public string Resolve(string value, string usedBy)
    {
        ArgumentNullException.ThrowIfNull(value);
        return SettingReference().Replace(value, match =>
        {
            var name = match.Groups["name"].Value;
            var setting = GetSetting(name);
            return string.IsNullOrEmpty(setting)
                ? throw new InvalidOperationException($"{usedBy} uses '%{name}%', but the app setting '{name}' is not defined or empty.")
                : setting;
        });
    }

    [GeneratedRegex("%(?<name>[^%]+)%", RegexOptions.CultureInvariant)]
    private static partial Regex SettingReference();
}
