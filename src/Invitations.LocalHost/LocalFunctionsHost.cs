using System.Reflection;
using Invitations.LocalHost.Metadata;
using Invitations.LocalHost.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Invitations.LocalHost;

/// <summary>
/// Runs a built isolated-worker Functions app in this process, the way <c>func start</c> would run it:
/// functions from functions.metadata, HTTP on Kestrel (127.0.0.1), queue and timer triggers by polling and scheduling,
/// services from the app's own registration. See README.md for what it does not mimic.
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    private readonly HostJson _hostJson;

    internal LocalFunctionsHost(
        WebApplication app, HostJson hostJson, IReadOnlyList<FunctionDescriptor> functions, IReadOnlyDictionary<string, string> disabledFunctions)
    {
        App = app;
        _hostJson = hostJson;
        Functions = functions;
        DisabledFunctions = disabledFunctions;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    /// <summary>Functions switched off by <c>AzureWebJobs.&lt;Function&gt;.Disabled</c>: name to the setting that did it.</summary>
    public IReadOnlyDictionary<string, string> DisabledFunctions { get; }

    /// <summary>The HTTP root including the route prefix, e.g. <c>http://127.0.0.1:7071/api/</c>; known once started.</summary>
    public Uri BaseAddress
    {
        get
        {
            var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The host has not started.");
            var prefix = _hostJson.RoutePrefix.Length == 0 ? "" : _hostJson.RoutePrefix + "/";
            return new Uri(address.TrimEnd('/') + "/" + prefix);
        }
    }

    /// <summary>
    /// Prepares a host for <paramref name="functionsAssembly"/>. <paramref name="registerApp"/> is the app's own service
    /// registration, the same call its Program.cs makes. Reads metadata, host.json and settings now, so mistakes fail here.
    /// </summary>
    public static LocalFunctionsHostBuilder CreateBuilder(LocalHostOptions options, Assembly functionsAssembly, Action<IHostApplicationBuilder> registerApp)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(functionsAssembly);
        ArgumentNullException.ThrowIfNull(registerApp);

        var scriptRoot = Path.GetFullPath(options.ScriptRoot ?? throw new InvalidOperationException("LocalHostOptions.ScriptRoot is required."));
        var repositoryRoot = options.RepositoryRoot ?? FindRepositoryRoot(scriptRoot);
        var hostJson = HostJson.ReadFile(Path.Combine(scriptRoot, HostJson.FileName));
        var functions = FunctionCatalog.Resolve(
            FunctionMetadataReader.ReadFile(Path.Combine(scriptRoot, FunctionMetadataReader.FileName)), functionsAssembly);

        var settingsPath = options.SettingsFile ?? (options.ReadSettingsFile ? LocalSettingsFile.Find(scriptRoot, repositoryRoot) : null);
        var settingsFile = settingsPath is null ? null : LocalSettingsFile.Read(settingsPath);

        return new LocalFunctionsHostBuilder(options, functionsAssembly, scriptRoot, repositoryRoot, hostJson, functions, settingsFile, registerApp);
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => App.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => App.StopAsync(cancellationToken);

    /// <summary>Runs until Ctrl-C or SIGTERM.</summary>
    public Task RunAsync(CancellationToken cancellationToken = default) => ((IHost)App).RunAsync(cancellationToken);

    public ValueTask DisposeAsync() => App.DisposeAsync();

    /// <summary>The nearest folder above the script root that holds a .sln, a .git or a package.json.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.sln").Any() || Path.Exists(Path.Combine(dir.FullName, ".git")) ||
                File.Exists(Path.Combine(dir.FullName, "package.json")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    internal static bool UsesDevelopmentStorage(IEnumerable<string?> connectionStrings) =>
        connectionStrings.Any(StorageConnectionResolver.IsDevelopmentStorage);
}
