using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.TestFunctionApp;

/// <summary>What the test functions saw, so tests can assert on dispatch from outside.</summary>
public sealed class Recorder
{
    private int _runningTicks;
    private int _maxConcurrentTicks;

    public ConcurrentQueue<ProcessedJob> Jobs { get; } = new();

    public ConcurrentQueue<TimerTick> Ticks { get; } = new();

    /// <summary>The most timer runs seen at once; the host must keep it at 1.</summary>
    public int MaxConcurrentTicks => Volatile.Read(ref _maxConcurrentTicks);

    internal void Record(ProcessedJob job) => Jobs.Enqueue(job);

    internal IDisposable BeginTick(TimerInfo timer, DateTimeOffset at)
    {
        var running = Interlocked.Increment(ref _runningTicks);
        for (var max = MaxConcurrentTicks; running > max; max = MaxConcurrentTicks)
        {
            Interlocked.CompareExchange(ref _maxConcurrentTicks, running, max);
        }

        Ticks.Enqueue(new TimerTick(at, timer.IsPastDue, timer.ScheduleStatus?.Last ?? default, timer.ScheduleStatus?.Next ?? default));
        return new TickScope(this);
    }

    private sealed class TickScope(Recorder recorder) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref recorder._runningTicks);
    }
}
