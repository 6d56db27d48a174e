using System.Reflection;
using Invitations.LocalHost.Invocation;
using Invitations.LocalHost.Metadata;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Invitations.LocalHost.Http;

/// <summary>An HTTP-triggered function: its route (routePrefix + binding route), its methods and its invoker.</summary>
internal sealed class HttpFunction
{
    private HttpFunction(FunctionDescriptor function, string pattern, IReadOnlyList<string> methods)
    {
        Function = function;
        Pattern = pattern;
        Methods = methods;
        var routeParameters = RoutePatternFactory.Parse(pattern).Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Invoker = new FunctionInvoker(function, parameter => Bind(parameter, function.Trigger.Name, routeParameters));
        if (Invoker.ResultType.FullName == "Microsoft.Azure.Functions.Worker.Http.HttpResponseData")
        {
            throw Invoker.Unsupported("it returns HttpResponseData; use the ASP.NET Core integration (IActionResult)");
        }
    }

    public FunctionDescriptor Function { get; }

    /// <summary>The ASP.NET Core route pattern, for example <c>/api/items/{id:guid}</c>.</summary>
    public string Pattern { get; }

    /// <summary>Upper-case HTTP methods; empty means any method, as for a binding without methods.</summary>
    public IReadOnlyList<string> Methods { get; }

    public FunctionInvoker Invoker { get; }

    public static HttpFunction Create(FunctionDescriptor function, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(function);
        var route = function.Trigger.GetString("route") ?? function.Name;
        var pattern = "/" + string.Join('/', new[] { routePrefix.Trim('/'), route.Trim('/') }.Where(part => part.Length > 0));
        try
        {
            RoutePatternFactory.Parse(pattern);
        }
        catch (RoutePatternException ex)
        {
            throw new InvalidOperationException($"Function '{function.Name}' has an invalid route '{route}': {ex.Message}", ex);
        }

        var methods = function.Trigger.GetStrings("methods").Select(m => m.ToUpperInvariant()).Distinct().ToArray();
        return new HttpFunction(function, pattern, methods);
    }

    private static ParameterBinder? Bind(ParameterInfo parameter, string triggerName, HashSet<string> routeParameters)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest))
        {
            return invocation => ((HttpContext)invocation.TriggerValue!).Request;
        }

        if (type == typeof(HttpContext))
        {
            return invocation => (HttpContext)invocation.TriggerValue!;
        }

        if (parameter.Name == triggerName)
        {
            return null; // HttpRequestData and other worker-only request types
        }

        var name = parameter.Name!;
        if (routeParameters.Contains(name))
        {
            return invocation => BindingValueConverter.Convert(((HttpContext)invocation.TriggerValue!).GetRouteValue(name), type);
        }

        // The host's binding data also carries query parameters by name.
        if (type == typeof(string))
        {
            return invocation => ((HttpContext)invocation.TriggerValue!).Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;
        }

        return null;
    }
}
