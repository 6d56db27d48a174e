using Microsoft.Azure.Functions.Worker;

namespace Invitations.LocalHost.Timers;

/// <summary>
/// When a timer fires. One invocation at a time: occurrences that pass while the function runs collapse into one late
/// run right after it (IsPastDue when later than <see cref="PastDueTolerance"/>), the rest are skipped.
/// All clock reads and waits go through the given <see cref="TimeProvider"/>.
/// </summary>
public sealed class TimerLoop(TimerSchedule schedule, bool runOnStartup, TimeProvider time)
{
    public static readonly TimeSpan PastDueTolerance = TimeSpan.FromMilliseconds(500);

    private const int MaxSkippedOccurrences = 100_000;

    public async Task RunAsync(Func<TimerInfo, CancellationToken, Task> invoke, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        DateTime last = default;
        if (runOnStartup)
        {
            var startedAt = Now;
            await invoke(Info(last, schedule.GetNextOccurrence(startedAt), isPastDue: false, startedAt), cancellationToken);
            last = startedAt;
        }

        var next = schedule.GetNextOccurrence(Now);
        while (!cancellationToken.IsCancellationRequested)
        {
            for (var now = Now; now < next; now = Now)
            {
                await Task.Delay(next - now, time, cancellationToken);
            }

            var firedAt = Now;
            await invoke(Info(last, schedule.GetNextOccurrence(next), firedAt - next > PastDueTolerance, firedAt), cancellationToken);
            last = next;
            next = NextAfterRun(next, Now);
        }
    }

    /// <summary>The occurrence to wait for after the run scheduled at <paramref name="scheduled"/> ended at <paramref name="now"/>.</summary>
    public DateTime NextAfterRun(DateTime scheduled, DateTime now)
    {
        var next = schedule.GetNextOccurrence(scheduled);
        for (var skipped = 0; next <= now && skipped < MaxSkippedOccurrences; skipped++)
        {
            var after = schedule.GetNextOccurrence(next);
            if (after > now)
            {
                break; // 'next' is the latest missed occurrence: run it once, late.
            }

            next = after;
        }

        return next;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static TimerInfo Info(DateTime last, DateTime next, bool isPastDue, DateTime now) => new()
    {
        IsPastDue = isPastDue,
        ScheduleStatus = new ScheduleStatus { Last = last, Next = next, LastUpdated = now },
    };
}
