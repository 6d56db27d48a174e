using System.Reflection;
using Invitations.LocalHost.Invocation;
using Invitations.LocalHost.Metadata;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.LocalHost.Timers;

/// <summary>A timer-triggered function with its resolved schedule.</summary>
internal sealed class TimerFunction
{
    private TimerFunction(FunctionDescriptor function, string expression, bool runOnStartup)
    {
        Function = function;
        Expression = expression;
        RunOnStartup = runOnStartup;
        try
        {
            Schedule = TimerSchedule.Parse(expression);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"Function '{function.Name}': {ex.Message}", ex);
        }

        Invoker = new FunctionInvoker(function, parameter => Bind(parameter, function.Trigger.Name));
    }

    public FunctionDescriptor Function { get; }
    public string Expression { get; }
    public TimerSchedule Schedule { get; }
    public bool RunOnStartup { get; }
    public FunctionInvoker Invoker { get; }

    public static TimerFunction Create(FunctionDescriptor function, SettingResolver settings)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(settings);
        var usedBy = $"Function '{function.Name}'";
        var schedule = function.Trigger.GetString("schedule")
            ?? throw new InvalidOperationException($"{usedBy} has a timer trigger without a schedule.");
        return new TimerFunction(function, settings.Resolve(schedule, usedBy), function.Trigger.GetBool("runOnStartup") ?? false);
    }

    private static ParameterBinder? Bind(ParameterInfo parameter, string triggerName) =>
        parameter.ParameterType == typeof(TimerInfo) || (parameter.Name == triggerName && parameter.ParameterType == typeof(object))
            ? invocation => invocation.TriggerValue
            : null;
}
