using Invitations.LocalHost.Http;
using Invitations.LocalHost.Queues;
using Invitations.LocalHost.Timers;

namespace Invitations.LocalHost;

/// <summary>What <c>func start</c> prints once up: the functions and where they listen.</summary>
internal static partial class StartupBanner
{
    public static void Log(
        ILogger logger,
        LocalFunctionsHost host,
        string scriptRoot,
        string? settingsFile,
        IEnumerable<HttpFunction> http,
        IEnumerable<QueueFunction> queues,
        IEnumerable<TimerFunction> timers,
        IReadOnlyDictionary<string, string> disabled)
    {
        var root = host.BaseAddress.GetLeftPart(UriPartial.Authority);
        LogScriptRoot(logger, scriptRoot, settingsFile ?? "(none)");
        foreach (var function in http)
        {
            var methods = function.Methods.Count == 0 ? "ALL" : string.Join(",", function.Methods);
            LogHttp(logger, function.Function.Name, methods, root + function.Pattern);
        }

        foreach (var function in queues)
        {
            LogQueue(logger, function.Function.Name, function.QueueName, function.ConnectionName);
        }

        foreach (var function in timers)
        {
            LogTimer(logger, function.Function.Name, function.Expression, function.RunOnStartup);
        }

        foreach (var (function, setting) in disabled.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            LogDisabled(logger, function, setting);
        }

        LogBaseUrl(logger, host.BaseAddress.ToString().TrimEnd('/'));
    }

    [LoggerMessage(40, LogLevel.Information, "Script root {ScriptRoot}, settings from {SettingsFile}")]
    private static partial void LogScriptRoot(ILogger logger, string scriptRoot, string settingsFile);

    [LoggerMessage(41, LogLevel.Information, "  {Function}: [{Methods}] {Url}")]
    private static partial void LogHttp(ILogger logger, string function, string methods, string url);

    [LoggerMessage(42, LogLevel.Information, "  {Function}: queueTrigger on '{Queue}' (connection '{Connection}')")]
    private static partial void LogQueue(ILogger logger, string function, string queue, string connection);

    [LoggerMessage(43, LogLevel.Information, "  {Function}: timerTrigger '{Schedule}' UTC (runOnStartup {RunOnStartup})")]
    private static partial void LogTimer(ILogger logger, string function, string schedule, bool runOnStartup);

    [LoggerMessage(45, LogLevel.Information, "  {Function}: disabled ({Setting}); not started")]
    private static partial void LogDisabled(ILogger logger, string function, string setting);

    [LoggerMessage(44, LogLevel.Information, "Local Functions host listening: {BaseUrl}")]
    private static partial void LogBaseUrl(ILogger logger, string baseUrl);
}
