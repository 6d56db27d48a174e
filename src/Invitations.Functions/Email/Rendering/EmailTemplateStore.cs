using System.Collections.Frozen;
using System.Reflection;
using System.Text;

namespace Invitations.Email.Rendering;

/// <summary>
/// The template files embedded from <c>Email/Templates/{language}/{name}</c>. Languages are discovered from the
/// embedded files, so a new language folder needs no code change.
/// </summary>
public sealed class EmailTemplateStore
{
    public const string DefaultLanguage = "en";
    private const string Prefix = "Invitations.Email.Templates/";

    private readonly FrozenDictionary<string, string> _files;

    public EmailTemplateStore()
        : this(LoadEmbedded(typeof(EmailTemplateStore).Assembly))
    {
    }

    /// <param name="files">Template text by <c>"{language}/{file name}"</c> (e.g. <c>"en/invitation.html"</c>).</param>
    public EmailTemplateStore(IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = files.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Languages = _files.Keys
            .Select(key => key[..key.IndexOf('/', StringComparison.Ordinal)])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    public IReadOnlyList<string> Languages { get; }

    /// <summary>The best language for <paramref name="locale"/>: the exact culture, its parents, then English.</summary>
    public string ResolveLanguage(string? locale, string templateName)
    {
        foreach (var candidate in Candidates(locale))
        {
            if (_files.ContainsKey($"{candidate}/{templateName}.html"))
            {
                return Languages.First(l => l.Equals(candidate, StringComparison.OrdinalIgnoreCase));
            }
        }

        return DefaultLanguage;
    }

    public string Get(string language, string fileName) =>
        _files.TryGetValue($"{language}/{fileName}", out var text)
            ? text
            : throw new InvalidOperationException($"Email template '{language}/{fileName}' is missing.");

    private static IEnumerable<string> Candidates(string? locale)
    {
        if (!string.IsNullOrWhiteSpace(locale))
        {
            var tag = locale.Trim().Replace('_', '-');
            if (tag.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                // nl-Latn-NL → nl-Latn-NL, nl-Latn, nl
                for (var cut = tag.Length; cut > 0; cut = tag.LastIndexOf('-', cut - 1))
                {
                    yield return tag[..cut];
                }
            }
        }

        yield return DefaultLanguage;
    }

    private static Dictionary<string, string> LoadEmbedded(Assembly assembly)
    {
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            files[name[Prefix.Length..].Replace('\\', '/')] = reader.ReadToEnd();
        }

        return files;
    }
}
