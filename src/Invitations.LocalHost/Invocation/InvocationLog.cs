namespace Invitations.LocalHost.Invocation;

/// <summary>The one console line per invocation, and the host's other key events.</summary>
internal static partial class InvocationLog
{
    public const string Category = "Invitations.LocalHost.Invocations";

    [LoggerMessage(1, LogLevel.Information, "Executed {Function} [{Trigger}] {Outcome} {StatusCode} in {DurationMs} ms")]
    public static partial void HttpInvocation(this ILogger logger, string function, string trigger, string outcome, int statusCode, long durationMs);

    [LoggerMessage(2, LogLevel.Information, "Executed {Function} [{Trigger}] {Outcome} in {DurationMs} ms")]
    public static partial void Invocation(this ILogger logger, string function, string trigger, string outcome, long durationMs);

    [LoggerMessage(3, LogLevel.Error, "Function {Function} failed")]
    public static partial void FunctionFailed(this ILogger logger, Exception exception, string function);
}
