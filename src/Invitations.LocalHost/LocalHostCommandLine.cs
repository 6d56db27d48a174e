using System.Globalization;
using System.Reflection;
using Invitations.LocalHost.Metadata;

namespace Invitations.LocalHost;

/// <summary>The local host's few options. Everything else comes from settings, as with <c>func start</c>.</summary>
public static class LocalHostCommandLine
{
    public const string Usage = """
        Usage: Invitations.LocalHost [--script-root <dir>] [--port <port>] [--settings <file>] [--no-azurite]
          --script-root  the Functions app's build output (functions.metadata, host.json); default: src/Invitations.Functions/bin/<Configuration>/net10.0
          --port         loopback HTTP port; default: Host.LocalHttpPort of the settings file, else 7071
          --settings     settings file; default: local.settings.json, else local.settings.sample.json
          --no-azurite   never start Azurite, even for UseDevelopmentStorage=true
        """;

    /// <summary>Parses <paramref name="args"/>; null options with no error means help was asked for.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out LocalHostOptions? options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = new LocalHostOptions { ScriptRoot = DefaultScriptRoot() };
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (arg)
            {
                case "-h" or "--help":
                    options = null;
                    return true;
                case "--script-root" when Value() is { } root:
                    options.ScriptRoot = root;
                    break;
                case "--settings" when Value() is { } file:
                    options.SettingsFile = file;
                    break;
                case "--port" when int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535:
                    options.Port = port;
                    break;
                case "--no-azurite":
                    options.StartAzurite = false;
                    break;
                default:
                    error = $"Unknown or incomplete option '{arg}'.";
                    return false;
            }
        }

        return true;
    }

    /// <summary>The Functions app's output folder baked in at build time, else this program's own folder.</summary>
    public static string DefaultScriptRoot()
    {
        var baked = typeof(LocalHostCommandLine).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "FunctionsScriptRoot")?.Value;
        return baked is not null && File.Exists(Path.Combine(baked, FunctionMetadataReader.FileName)) ? baked : AppContext.BaseDirectory;
    }
}
