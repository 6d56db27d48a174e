using Invitations.Hosting.Telemetry;

namespace Invitations.Tests;

/// <summary>A fake <see cref="IOperationsTelemetry"/> that keeps every event.</summary>
internal sealed class RecordingOperationsTelemetry : IOperationsTelemetry
{
    private readonly List<(string Name, IReadOnlyDictionary<string, string> Properties, IReadOnlyDictionary<string, double> Metrics)> _events = [];

    public IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Properties, IReadOnlyDictionary<string, double> Metrics)> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public void TrackEvent(string name, IReadOnlyDictionary<string, string> properties, IReadOnlyDictionary<string, double> metrics)
    {
        lock (_events)
        {
            _events.Add((name, properties, metrics));
        }
    }
}
