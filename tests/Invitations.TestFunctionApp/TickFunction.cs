using Microsoft.Azure.Functions.Worker;

namespace Invitations.TestFunctionApp;

public sealed class TickFunction(Recorder recorder, TimeProvider time)
{
    [Function(nameof(Tick))]
    public async Task Tick([TimerTrigger("%TestTimerSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        recorder.Record(timer, time.GetUtcNow());
        // Long enough that a 1-second schedule would overlap if the host allowed it.
        await Task.Delay(TimeSpan.FromMilliseconds(1500), time, cancellationToken);
    }
}
