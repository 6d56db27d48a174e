using System.Net;
using System.Reflection;
using Invitations.LocalHost.Http;
using Invitations.LocalHost.Invocation;
using Invitations.LocalHost.Metadata;
using Invitations.LocalHost.Queues;
using Invitations.LocalHost.Storage;
using Invitations.LocalHost.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Invitations.LocalHost;

/// <summary>
/// Configuration, logging and services of a local host before it is built. The app's registration has run already,
/// so callers (tests) can still replace services or settings; triggers are resolved against the final settings in <see cref="Build"/>.
/// </summary>
public sealed class LocalFunctionsHostBuilder
{
    private readonly WebApplicationBuilder _web;
    private readonly LocalHostOptions _options;
    private readonly LocalSettingsFile? _settingsFile;
    private readonly StorageNeeds _storageNeeds = new();

    internal LocalFunctionsHostBuilder(
        LocalHostOptions options,
        Assembly functionsAssembly,
        string scriptRoot,
        string? repositoryRoot,
        HostJson hostJson,
        IReadOnlyList<FunctionDescriptor> functions,
        LocalSettingsFile? settingsFile,
        Action<IHostApplicationBuilder> registerApp)
    {
        _options = options;
        _settingsFile = settingsFile;
        ScriptRoot = scriptRoot;
        HostJson = hostJson;
        Functions = functions;

        _web = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = functionsAssembly.GetName().Name,
            ContentRootPath = scriptRoot,
            EnvironmentName = options.EnvironmentName,
        });

        // App settings like Core Tools: local.settings.json Values, then environment variables, then explicit overrides.
        _web.Configuration.Sources.Clear();
        _web.Configuration.AddInMemoryCollection(settingsFile?.Settings ?? new Dictionary<string, string?>());
        if (options.ReadEnvironmentVariables)
        {
            _web.Configuration.AddEnvironmentVariables();
        }

        _web.Configuration.AddInMemoryCollection(
            options.Settings.Select(s => KeyValuePair.Create(LocalSettingsFile.ToConfigurationKey(s.Key), s.Value)));

        _web.Logging.ClearProviders();
        _web.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        _web.Logging.SetMinimumLevel(LogLevel.Information);
        _web.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        _web.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        var port = options.Port ?? settingsFile?.LocalHttpPort ?? LocalHostOptions.DefaultPort;
        _web.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        // Azurite first: it must be up before app start-up code and the listeners touch storage.
        _web.Services.AddSingleton<IHostedService>(sp => new AzuriteLauncher(
            () => _storageNeeds.DevelopmentStorage, repositoryRoot, sp.GetRequiredService<ILogger<AzuriteLauncher>>()));
        _web.Services.AddMvcCore(); // executors for ObjectResult and friends
        _web.Services.AddCors();
        _web.Services.TryAddSingleton(TimeProvider.System);

        registerApp(_web);
    }

    public string ScriptRoot { get; }

    public HostJson HostJson { get; }

    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    public IServiceCollection Services => _web.Services;

    public ConfigurationManager Configuration => _web.Configuration;

    public ILoggingBuilder Logging => _web.Logging;

    public IHostApplicationBuilder HostApplicationBuilder => _web;

    public LocalFunctionsHost Build()
    {
        var settings = new SettingResolver(_web.Configuration);
        var http = new List<HttpFunction>();
        var queues = new List<QueueFunction>();
        var timers = new List<TimerFunction>();
        var disabled = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var function in Functions)
        {
            RejectUnsupportedBindings(function);
            if (FunctionDisabledSetting.Find(_web.Configuration, function.Name) is { } disabledBy)
            {
                disabled[function.Name] = disabledBy;
            }

            // A disabled function is still indexed (its bindings and %Settings% must resolve, as in the host); only
            // its listener is not started, and its HTTP route answers 404.
            switch (function.Trigger.Type.ToUpperInvariant())
            {
                case "HTTPTRIGGER":
                    http.Add(HttpFunction.Create(function, HostJson.RoutePrefix));
                    break;
                case "QUEUETRIGGER":
                    queues.Add(QueueFunction.Create(function, settings,
                        (name, usedBy) => StorageConnectionResolver.Resolve(_web.Configuration, name, usedBy)));
                    break;
                case "TIMERTRIGGER":
                    timers.Add(TimerFunction.Create(function, settings));
                    break;
                default:
                    throw new InvalidOperationException(
                        $"Function '{function.Name}' has a {function.Trigger.Type}; the local host runs httpTrigger, queueTrigger and timerTrigger.");
            }
        }

        _storageNeeds.DevelopmentStorage = _options.StartAzurite && LocalFunctionsHost.UsesDevelopmentStorage(
            _options.StorageConnectionNames.Select(name => StorageConnectionResolver.Find(_web.Configuration, name))
                .Concat(queues.Select(q => q.ConnectionString)));

        foreach (var queue in queues.Where(q => !disabled.ContainsKey(q.Function.Name)))
        {
            _web.Services.AddSingleton<IHostedService>(sp => new QueueTriggerListener(
                queue, HostJson.Queues, sp.GetRequiredService<IServiceScopeFactory>(), InvocationLogger(sp), sp.GetRequiredService<TimeProvider>(),
                _options.ConfigureTriggerQueueClients));
        }

        foreach (var timer in timers.Where(t => !disabled.ContainsKey(t.Function.Name)))
        {
            _web.Services.AddSingleton<IHostedService>(sp => new TimerTriggerListener(
                timer, sp.GetRequiredService<IServiceScopeFactory>(), InvocationLogger(sp), sp.GetRequiredService<TimeProvider>()));
        }

        var app = _web.Build();
        if (_settingsFile is { CorsOrigins.Count: > 0 } cors)
        {
            app.UseCors(policy =>
            {
                policy.AllowAnyHeader().AllowAnyMethod();
                if (cors.CorsOrigins.Contains("*"))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins([.. cors.CorsOrigins]);
                    if (cors.CorsCredentials)
                    {
                        policy.AllowCredentials();
                    }
                }
            });
        }

        app.UseRouting();
        app.Use(LocalProblemResponse.UnmatchedAsync);
        var logger = InvocationLogger(app.Services);
        var time = app.Services.GetRequiredService<TimeProvider>();
        foreach (var function in http)
        {
            // Azure answers a disabled HTTP function with 404 unless the caller holds the master key; we have no keys.
            RequestDelegate handler = disabled.ContainsKey(function.Function.Name)
                ? DisabledFunctionResponse.WriteAsync
                : new HttpFunctionHandler(function, logger, time).HandleAsync;
            var endpoint = function.Methods.Count == 0
                ? app.Map(function.Pattern, handler)
                : app.MapMethods(function.Pattern, function.Methods, handler);
            endpoint.WithDisplayName(function.Function.Name).WithMetadata(function);
        }

        foreach (var (path, file) in _options.Documents)
        {
            var fullPath = Path.GetFullPath(file);
            var contentType = fullPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "text/plain";
            app.MapGet(path, () => Results.File(fullPath, contentType)).WithDisplayName("document " + path);
        }

        var host = new LocalFunctionsHost(app, HostJson, Functions, disabled);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            StartupBanner.Log(
                app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Invitations.LocalHost"), host, ScriptRoot, _settingsFile?.Path,
                http.Where(f => !disabled.ContainsKey(f.Function.Name)),
                queues.Where(f => !disabled.ContainsKey(f.Function.Name)),
                timers.Where(f => !disabled.ContainsKey(f.Function.Name)),
                disabled);
            _options.OnStarted?.Invoke(app.Services);
        });
        return host;
    }

    private static ILogger InvocationLogger(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger(InvocationLog.Category);

    private static void RejectUnsupportedBindings(FunctionDescriptor function)
    {
        var other = function.Metadata.Bindings.FirstOrDefault(binding =>
            !binding.IsTrigger &&
            !(string.Equals(binding.Type, "http", StringComparison.OrdinalIgnoreCase) && binding.Name == "$return"));
        if (other is not null)
        {
            throw new InvalidOperationException(
                $"Function '{function.Name}' has a '{other.Type}' binding ({other.Direction} '{other.Name}'); the local host supports trigger bindings and HTTP results only. Use SDK clients from DI instead.");
        }
    }

    private sealed class StorageNeeds
    {
        public bool DevelopmentStorage { get; set; }
    }
}
