using System.ComponentModel.DataAnnotations;
using NCrontab;

namespace Invitations.Expiry;

/// <summary>
/// The sweep's budget and record retention (section <c>Expiry</c>), plus its schedule, which is the
/// top-level <c>ExpirySweepSchedule</c> setting because the timer trigger binds it as <c>%ExpirySweepSchedule%</c>.
/// </summary>
public sealed class ExpiryOptions : IValidatableObject
{
    public const string SectionName = "Expiry";
    public const string ScheduleSettingName = "ExpirySweepSchedule";

    /// <summary>Stay well inside the host's functionTimeout (5 minutes in host.json).</summary>
    public static readonly TimeSpan MaxAllowedRunDuration = TimeSpan.FromMinutes(4);

    /// <summary>Index rows a run examines at most; the rest is left for the next run.</summary>
    [Range(1, 1_000_000)]
    public int MaxItemsPerRun { get; set; } = 5000;

    /// <summary>Wall time after which a run stops taking new items.</summary>
    public TimeSpan MaxRunDuration { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 3650)]
    public int RunRetentionDays { get; set; } = 30;

    /// <summary>Invitations processed concurrently by one run (each is a few small round trips).</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 8;

    /// <summary>Filled from <c>ExpirySweepSchedule</c>, not from the section.</summary>
    public string? Schedule { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRunDuration < TimeSpan.FromSeconds(1) || MaxRunDuration > MaxAllowedRunDuration)
        {
            yield return new ValidationResult(
                $"Expiry__MaxRunDuration must be between 00:00:01 and {MaxAllowedRunDuration:c} (the function timeout is 5 minutes); it is {MaxRunDuration:c}.",
                [nameof(MaxRunDuration)]);
        }

        if (ScheduleError(Schedule) is { } error)
        {
            yield return new ValidationResult(error, [nameof(Schedule)]);
        }
    }

    /// <summary>Null when <paramref name="schedule"/> is a valid 6-field NCRONTAB expression.</summary>
    public static string? ScheduleError(string? schedule)
    {
        const string Expected = "a 6-field NCRONTAB expression 'second minute hour day month day-of-week', for example '0 */5 * * * *'";
        if (string.IsNullOrWhiteSpace(schedule))
        {
            return $"{ScheduleSettingName} is missing: set it to {Expected}.";
        }

        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            return $"{ScheduleSettingName} '{schedule}' has {fields.Length} fields: it must be {Expected}.";
        }

        var parsed = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        return parsed is null ? $"{ScheduleSettingName} '{schedule}' is not valid: it must be {Expected}." : null;
    }
}
