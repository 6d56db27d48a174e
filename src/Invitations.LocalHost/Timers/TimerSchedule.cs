using System.Globalization;
using NCrontab;

namespace Invitations.LocalHost.Timers;

/// <summary>
/// A timer trigger's schedule, in UTC: a 6-field NCRONTAB expression (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>),
/// or a constant interval <c>hh:mm:ss</c> as the host also accepts.
/// </summary>
public abstract class TimerSchedule
{
    public abstract DateTime GetNextOccurrence(DateTime afterUtc);

    public static TimerSchedule Parse(string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 1 && TimeSpan.TryParse(expression, CultureInfo.InvariantCulture, out var interval))
        {
            return interval > TimeSpan.Zero
                ? new IntervalSchedule(interval)
                : throw new FormatException($"The timer interval '{expression}' must be positive.");
        }

        if (fields.Length != 6)
        {
            throw new FormatException(
                $"The schedule '{expression}' has {fields.Length} fields; Functions timers need 6: {{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}.");
        }

        var schedule = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new FormatException($"The schedule '{expression}' is not a valid NCRONTAB expression.");
        return new CronSchedule(schedule);
    }

    private sealed class CronSchedule(CrontabSchedule schedule) : TimerSchedule
    {
        public override DateTime GetNextOccurrence(DateTime afterUtc) =>
            DateTime.SpecifyKind(schedule.GetNextOccurrence(afterUtc), DateTimeKind.Utc);

        public override string ToString() => schedule.ToString();
    }

    private sealed class IntervalSchedule(TimeSpan interval) : TimerSchedule
    {
        public override DateTime GetNextOccurrence(DateTime afterUtc) => DateTime.SpecifyKind(afterUtc + interval, DateTimeKind.Utc);

        public override string ToString() => interval.ToString("c", CultureInfo.InvariantCulture);
    }
}
