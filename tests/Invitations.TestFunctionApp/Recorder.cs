using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.TestFunctionApp;

public sealed record ProcessedJob(string Text, string MessageId, long DequeueCount, bool Succeeded);

public sealed record TimerTick(DateTimeOffset At, bool IsPastDue, DateTime? Last, DateTime? Next);

/// <summary>What the test functions saw, so tests can assert on dispatch from outside.</summary>
public sealed class Recorder
{
    public ConcurrentQueue<ProcessedJob> Jobs { get; } = new();

    public ConcurrentQueue<TimerTick> Ticks { get; } = new();

    internal void Record(ProcessedJob job) => Jobs.Enqueue(job);

    internal void Record(TimerInfo timer, DateTimeOffset at) =>
        Ticks.Enqueue(new TimerTick(at, timer.IsPastDue, timer.ScheduleStatus?.Last, timer.ScheduleStatus?.Next));
}
