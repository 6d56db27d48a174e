using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Invitations.Hosting.Telemetry;

/// <summary>
/// The default (local host, tests, any host without Application Insights): one Debug line per event. The feature's
/// own Information line and Meter already carry the numbers, so this adds nothing at the default log level.
/// </summary>
public sealed partial class LoggingOperationsTelemetry(ILogger<LoggingOperationsTelemetry> logger) : IOperationsTelemetry
{
    public void TrackEvent(string name, IReadOnlyDictionary<string, string> properties, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(metrics);
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var text = string.Join(", ", properties.Select(p => $"{p.Key}={p.Value}")
            .Concat(metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key}={m.Value}"))));
        OperationsEvent(logger, name, text);
    }

    [LoggerMessage(EventId = 9001, EventName = "OperationsEvent", Level = LogLevel.Debug, Message = "Operations event {eventName}: {values}")]
    private static partial void OperationsEvent(ILogger logger, string eventName, string values);
}
