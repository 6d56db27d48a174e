using Microsoft.Azure.Functions.Worker;

namespace Invitations.Email;

/// <summary>Measures the email queues on <c>%EmailQueueDepthSchedule%</c> (every minute by default) for the poison alert.</summary>
public sealed class ReportEmailQueueDepthFunction(EmailQueueDepthReporter reporter)
{
    public const string ScheduleSettingName = "EmailQueueDepthSchedule";

    [Function(nameof(ReportEmailQueueDepth))]
    public Task ReportEmailQueueDepth([TimerTrigger("%EmailQueueDepthSchedule%")] TimerInfo timer, CancellationToken ct) =>
        reporter.ReportAsync(ct);
}
