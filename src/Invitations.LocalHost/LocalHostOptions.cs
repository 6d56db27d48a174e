using Azure.Storage.Queues;

namespace Invitations.LocalHost;

/// <summary>How to run a Functions app locally. Defaults mimic <c>func start</c> in the app's folder.</summary>
public sealed class LocalHostOptions
{
    public const int DefaultPort = 7071;

    /// <summary>The app's build output: functions.metadata, host.json and the app assembly.</summary>
    public string? ScriptRoot { get; set; }

    /// <summary>Where local.settings(.sample).json and node_modules/azurite are; found above the script root when null.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>An explicit settings file; null finds local.settings.json, falling back to local.settings.sample.json.</summary>
    public string? SettingsFile { get; set; }

    public bool ReadSettingsFile { get; set; } = true;

    /// <summary>Environment variables override the settings file, as app settings do in Azure.</summary>
    public bool ReadEnvironmentVariables { get; set; } = true;

    /// <summary>The loopback port; null takes <c>Host.LocalHttpPort</c> of the settings file, else 7071; 0 picks a free one.</summary>
    public int? Port { get; set; }

    /// <summary>Start Azurite when a storage connection is development storage and nothing listens on its ports.</summary>
    public bool StartAzurite { get; set; } = true;

    public string EnvironmentName { get; set; } =
        Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT") is { Length: > 0 } name ? name : "Development";

    /// <summary>App settings applied last (highest precedence); flat names, <c>Section__Key</c> allowed.</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Connection settings the app itself uses, besides those of queue triggers (for the Azurite decision).</summary>
    public ICollection<string> StorageConnectionNames { get; } = ["AzureWebJobsStorage"];

    /// <summary>Read-only documents served with GET beside the functions: URL path (e.g. <c>/api/openapi.json</c>) to file.</summary>
    public IDictionary<string, string> Documents { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Adjusts the options of the queue clients the queue-trigger listeners poll, receive and delete with (the app's own
    /// clients are the app's business). Benchmarks add a request-counting policy here.
    /// </summary>
    public Action<QueueClientOptions>? ConfigureTriggerQueueClients { get; set; }

    /// <summary>Runs once the host listens (after the banner), with the app's services; for developer hints.</summary>
    public Action<IServiceProvider>? OnStarted { get; set; }
}
