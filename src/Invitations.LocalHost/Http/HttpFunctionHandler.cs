using Invitations.LocalHost.Invocation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace Invitations.LocalHost.Http;

/// <summary>Runs one HTTP invocation: bind, call the function in the request's DI scope, execute its result.</summary>
internal sealed class HttpFunctionHandler(HttpFunction function, ILogger logger, TimeProvider time)
{
    public async Task HandleAsync(HttpContext http)
    {
        var started = time.GetTimestamp();
        var outcome = "Succeeded";
        try
        {
            var bindingData = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in http.Request.RouteValues)
            {
                bindingData[key] = value;
            }

            var invocation = new LocalInvocation(function.Function, http.RequestServices, http, bindingData, http.RequestAborted);
            invocation.ContextItems[LocalFunctionContext.HttpContextKey] = http;
            var result = await function.Invoker.InvokeAsync(invocation);
            await ExecuteAsync(http, result);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            outcome = "Cancelled";
        }
#pragma warning disable CA1031 // The host boundary: any failure becomes a 500 without details, like the real host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = "Failed";
            logger.FunctionFailed(ex, function.Function.Name);
            await UnhandledErrorResponse.WriteAsync(http);
        }
        finally
        {
            logger.HttpInvocation(function.Function.Name, function.Function.Trigger.Type, outcome, http.Response.StatusCode,
                (long)time.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private static Task ExecuteAsync(HttpContext http, object? result) => result switch
    {
        null => Task.CompletedTask,
        IActionResult action => action.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor())),
        IResult minimal => minimal.ExecuteAsync(http),
        _ => new ObjectResult(result).ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor())),
    };
}
