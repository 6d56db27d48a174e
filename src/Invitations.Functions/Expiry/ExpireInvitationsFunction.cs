using Microsoft.Azure.Functions.Worker;

namespace Invitations.Expiry;

/// <summary>The scheduled sweep. Thin: the sweeper does the work, records the run and logs it.</summary>
public sealed class ExpireInvitationsFunction(ExpirySweeper sweeper)
{
    [Function(nameof(ExpireInvitations))]
    public Task ExpireInvitations([TimerTrigger("%ExpirySweepSchedule%")] TimerInfo timer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return sweeper.RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Schedule, timer.IsPastDue), ct);
    }
}
