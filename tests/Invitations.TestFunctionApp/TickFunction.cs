using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace Invitations.TestFunctionApp;

public sealed class TickFunction(Recorder recorder, TimeProvider time, IConfiguration configuration)
{
    [Function(nameof(Tick))]
    public async Task Tick([TimerTrigger("%TestTimerSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        using var tick = recorder.BeginTick(timer, time.GetUtcNow());
        // A run longer than the schedule's period shows whether the host ever overlaps runs.
        var duration = TimeSpan.Parse(configuration["TestTickDuration"] ?? "00:00:00", CultureInfo.InvariantCulture);
        if (duration > TimeSpan.Zero)
        {
            await Task.Delay(duration, time, cancellationToken);
        }
    }
}
