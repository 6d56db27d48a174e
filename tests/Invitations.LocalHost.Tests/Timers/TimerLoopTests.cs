using System.Collections.Concurrent;
using Invitations.LocalHost.Timers;
using Invitations.LocalHost.Tests.Support;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.LocalHost.Tests.Timers;

public sealed class TimerLoopTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 14, 12, 0, 3, TimeSpan.Zero));
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(TimerInfo Info, DateTimeOffset At)> _runs = new();
    private Task? _loop;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
                // The loop ends by cancellation.
            }
        }

        _stop.Dispose();
    }

    // Not Task.Run: the loop runs synchronously up to its first wait, so the fake clock never moves before it waits.
    private void Start(string schedule, bool runOnStartup = false, Func<CancellationToken, Task>? body = null)
    {
        var loop = new TimerLoop(TimerSchedule.Parse(schedule), runOnStartup, _time);
        _loop = loop.RunAsync(
            async (info, cancellationToken) =>
            {
                _runs.Enqueue((info, _time.GetUtcNow()));
                if (body is not null)
                {
                    await body(cancellationToken);
                }
            },
            _stop.Token);
    }

    /// <summary>Moves the fake clock in small steps, letting the loop observe each one, until the condition holds.</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan step, TimeSpan limit, string what)
    {
        for (var moved = TimeSpan.Zero; !condition(); moved += step)
        {
            Assert.True(moved <= limit, $"not after {limit}: {what}");
            await Task.Delay(5);
            _time.Advance(step);
        }
    }

    [Fact]
    public async Task Fires_at_each_occurrence_of_the_schedule_and_not_before()
    {
        Start("*/10 * * * * *");

        await AdvanceUntilAsync(() => !_runs.IsEmpty, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), "first run");
        await AdvanceUntilAsync(() => _runs.Count >= 2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), "second run");

        var runs = _runs.ToArray();
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 12, 0, 10, TimeSpan.Zero), runs[0].At);
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 12, 0, 20, TimeSpan.Zero), runs[1].At);
        Assert.False(runs[0].Info.IsPastDue);
        Assert.Equal(new DateTime(2026, 3, 14, 12, 0, 20, DateTimeKind.Utc), runs[0].Info.ScheduleStatus!.Next);
        Assert.Equal(new DateTime(2026, 3, 14, 12, 0, 10, DateTimeKind.Utc), runs[1].Info.ScheduleStatus!.Last);
    }

    [Fact]
    public async Task Run_on_startup_fires_at_once_and_is_not_past_due()
    {
        Start("0 0 0 1 1 *", runOnStartup: true);

        await Eventually.TrueAsync(() => !_runs.IsEmpty, Wait, "the startup run");

        var (info, at) = Assert.Single(_runs);
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 12, 0, 3, TimeSpan.Zero), at);
        Assert.False(info.IsPastDue);
        Assert.Equal(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), info.ScheduleStatus!.Next);
    }

    [Fact]
    public async Task Never_runs_twice_at_once_and_collapses_missed_occurrences_into_one_late_run()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var maxRunning = 0;
        Start("*/10 * * * * *", body: async cancellationToken =>
        {
            maxRunning = Math.Max(maxRunning, Interlocked.Increment(ref running));
            if (_runs.Count == 1)
            {
                await release.Task.WaitAsync(cancellationToken); // The first run blocks while the clock passes four more occurrences.
            }

            Interlocked.Decrement(ref running);
        });

        await AdvanceUntilAsync(() => !_runs.IsEmpty, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), "first run");
        for (var i = 0; i < 45; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(2);
        }

        Assert.Single(_runs); // 12:00:55 now; 20, 30, 40 and 50 passed while the first run was busy.
        release.SetResult();

        await Eventually.TrueAsync(() => _runs.Count >= 2, Wait, "the late run");
        await Task.Delay(100);
        var late = _runs.ToArray()[1];
        Assert.Equal(2, _runs.Count); // one late run for 12:00:50, the others skipped
        Assert.True(late.Info.IsPastDue);
        Assert.Equal(new DateTime(2026, 3, 14, 12, 1, 0, DateTimeKind.Utc), late.Info.ScheduleStatus!.Next);
        Assert.Equal(1, maxRunning);

        await AdvanceUntilAsync(() => _runs.Count >= 3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), "back on schedule");
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 12, 1, 0, TimeSpan.Zero), _runs.ToArray()[2].At);
        Assert.False(_runs.ToArray()[2].Info.IsPastDue);
    }

    [Theory]
    [InlineData(9, 10)]   // run ended before the next occurrence: wait for it
    [InlineData(10, 10)]  // ended exactly on it: run it now
    [InlineData(34, 30)]  // 10, 20 and 30 passed: only the latest runs, late
    public void After_a_run_the_next_occurrence_is_the_latest_missed_one_or_the_coming_one(int endedAtSecond, int expectedSecond)
    {
        var loop = new TimerLoop(TimerSchedule.Parse("*/10 * * * * *"), runOnStartup: false, _time);
        var scheduled = new DateTime(2026, 3, 14, 12, 0, 0, DateTimeKind.Utc);

        var next = loop.NextAfterRun(scheduled, scheduled.AddSeconds(endedAtSecond));

        Assert.Equal(scheduled.AddSeconds(expectedSecond), next);
    }
}
