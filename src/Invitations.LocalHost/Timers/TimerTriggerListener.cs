using Invitations.LocalHost.Invocation;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.LocalHost.Timers;

/// <summary>Runs one timer function on its schedule; a failing run is logged and the schedule goes on.</summary>
internal sealed class TimerTriggerListener(
    TimerFunction function,
    IServiceScopeFactory scopes,
    ILogger logger,
    TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loop = new TimerLoop(function.Schedule, function.RunOnStartup, time);
        try
        {
            await loop.RunAsync(InvokeAsync, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task InvokeAsync(TimerInfo timer, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var outcome = "Succeeded";
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var bindingData = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["timerTrigger"] = timer };
            await function.Invoker.InvokeAsync(new LocalInvocation(function.Function, scope.ServiceProvider, timer, bindingData, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "Cancelled";
        }
#pragma warning disable CA1031 // A failed run must not stop the schedule, as in the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = "Failed";
            logger.FunctionFailed(ex, function.Function.Name);
        }

        logger.Invocation(function.Function.Name, function.Function.Trigger.Type, outcome, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }
}
