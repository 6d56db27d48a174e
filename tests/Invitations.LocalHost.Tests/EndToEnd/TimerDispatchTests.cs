using Invitations.LocalHost.Tests.Support;
using Invitations.TestSupport;

namespace Invitations.LocalHost.Tests.EndToEnd;

/// <summary>The test app's timer trigger (<c>%TestTimerSchedule%</c>) on the real clock.</summary>
[Collection(AzuriteTests.Name)]
public sealed class TimerDispatchTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_one_second_schedule_fires_every_second_on_the_second()
    {
        await using var host = await TestApp.StartAsync(TestApp.Options(azurite, TestApp.NewQueueName(), schedule: "* * * * * *"));
        var recorder = host.Recorder();

        await Eventually.TrueAsync(() => recorder.Ticks.Count >= 3, Timeout, "three ticks");

        var ticks = recorder.Ticks.ToArray();
        for (var i = 1; i < ticks.Length; i++)
        {
            // Tick i reports when tick i-1 was scheduled (Last): a whole second, and tick i-1 ran just after it.
            var scheduled = new DateTimeOffset(ticks[i].Last, TimeSpan.Zero);
            Assert.Equal(0, scheduled.Millisecond);
            Assert.InRange(ticks[i - 1].At - scheduled, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
            Assert.Equal(ticks[i - 1].Next, ticks[i].Last.AddSeconds(1));
            Assert.True(ticks[i].Last > ticks[i - 1].Last, "scheduled times move forward");
        }

        Assert.Contains(host.InvocationLines(), line => line.StartsWith("Executed Tick [timerTrigger] Succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_longer_than_the_period_never_overlaps_the_next()
    {
        var options = TestApp.Options(azurite, TestApp.NewQueueName(), schedule: "* * * * * *");
        options.Settings["TestTickDuration"] = "00:00:01.500";
        await using var host = await TestApp.StartAsync(options);
        var recorder = host.Recorder();

        await Eventually.TrueAsync(() => recorder.Ticks.Count >= 3, Timeout, "three ticks");

        Assert.Equal(1, recorder.MaxConcurrentTicks);
        var ticks = recorder.Ticks.ToArray();
        for (var i = 1; i < ticks.Length; i++)
        {
            Assert.True(ticks[i].At - ticks[i - 1].At >= TimeSpan.FromMilliseconds(1450), "a tick started before the previous one ended");
        }
    }
}
