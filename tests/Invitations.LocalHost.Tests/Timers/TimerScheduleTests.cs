using Invitations.LocalHost.Timers;

namespace Invitations.LocalHost.Tests.Timers;

public sealed class TimerScheduleTests
{
    private static DateTime Utc(int hour, int minute, int second, int millisecond = 0) =>
        new(2026, 3, 14, hour, minute, second, millisecond, DateTimeKind.Utc);

    [Theory]
    [InlineData("0 */5 * * * *", 12, 3, 10, 12, 5, 0)]
    [InlineData("0 */5 * * * *", 12, 5, 0, 12, 10, 0)] // strictly after the base time
    [InlineData("* * * * * *", 12, 0, 0, 12, 0, 1)]
    [InlineData("30 0 2 * * *", 1, 0, 0, 2, 0, 30)]
    [InlineData("*/15 * * * * *", 12, 0, 16, 12, 0, 30)]
    public void Finds_the_next_occurrence_of_a_six_field_schedule(string expression, int h, int m, int s, int nh, int nm, int ns)
    {
        var schedule = TimerSchedule.Parse(expression);

        var next = schedule.GetNextOccurrence(Utc(h, m, s));

        Assert.Equal(Utc(nh, nm, ns), next);
        Assert.Equal(DateTimeKind.Utc, next.Kind);
    }

    [Fact]
    public void A_base_time_inside_a_second_moves_to_the_next_whole_second()
    {
        Assert.Equal(Utc(12, 0, 1), TimerSchedule.Parse("* * * * * *").GetNextOccurrence(Utc(12, 0, 0, 500)));
    }

    [Fact]
    public void Weekday_schedules_skip_to_the_right_day()
    {
        // 2026-03-14 is a Saturday; "0 0 9 * * 1" is Mondays at 09:00.
        Assert.Equal(new DateTime(2026, 3, 16, 9, 0, 0, DateTimeKind.Utc), TimerSchedule.Parse("0 0 9 * * 1").GetNextOccurrence(Utc(10, 0, 0)));
    }

    [Fact]
    public void A_constant_interval_adds_up_from_the_base_time()
    {
        Assert.Equal(Utc(12, 0, 30), TimerSchedule.Parse("00:00:30").GetNextOccurrence(Utc(12, 0, 0)));
    }

    [Fact]
    public void Five_field_cron_is_refused_because_the_host_needs_seconds()
    {
        var ex = Assert.Throws<FormatException>(() => TimerSchedule.Parse("*/5 * * * *"));
        Assert.Contains("6", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("61 * * * * *")]
    [InlineData("a b c d e f")]
    [InlineData("00:00:00")]
    public void Invalid_schedules_are_refused(string expression)
    {
        Assert.Throws<FormatException>(() => TimerSchedule.Parse(expression));
    }
}
