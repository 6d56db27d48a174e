using System.Reflection;
using Invitations.LocalHost.Metadata;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.LocalHost.Invocation;

/// <summary>Binds one parameter from an invocation.</summary>
internal delegate object? ParameterBinder(LocalInvocation invocation);

/// <summary>
/// Calls a function method the way the worker does: a new instance from DI per invocation
/// (<see cref="ActivatorUtilities"/>, in the invocation's scope), parameters bound by type and name, awaited result.
/// Binders are built at startup, so a parameter the local host cannot bind fails the start, not a request.
/// </summary>
internal sealed class FunctionInvoker
{
    private readonly FunctionDescriptor _function;
    private readonly ParameterBinder[] _binders;
    private readonly Func<object?, Task<object?>> _unwrap;

    public FunctionInvoker(FunctionDescriptor function, Func<ParameterInfo, ParameterBinder?> triggerBinders)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(triggerBinders);
        _function = function;
        _binders = function.Method.GetParameters().Select(p => CreateBinder(p, triggerBinders)).ToArray();
        _unwrap = CreateUnwrapper(function.Method.ReturnType);
        if (function.Method.DeclaringType is { IsAbstract: true, IsSealed: false } && !function.Method.IsStatic)
        {
            throw Unsupported("its class is abstract");
        }
    }

    /// <summary>The result type after awaiting (for <c>Task&lt;T&gt;</c>, T).</summary>
    public Type ResultType => AwaitedType(_function.Method.ReturnType);

    public async Task<object?> InvokeAsync(LocalInvocation invocation)
    {
        var instance = _function.Method.IsStatic
            ? null
            : ActivatorUtilities.CreateInstance(invocation.Services, _function.DeclaringType);
        try
        {
            var arguments = new object?[_binders.Length];
            for (var i = 0; i < _binders.Length; i++)
            {
                arguments[i] = _binders[i](invocation);
            }

            var returned = _function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            return await _unwrap(returned);
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    public InvalidOperationException Unsupported(string why) =>
        new($"Function '{_function.Name}' ({_function.Metadata.EntryPoint}) cannot run on the local host: {why}.");

    private ParameterBinder CreateBinder(ParameterInfo parameter, Func<ParameterInfo, ParameterBinder?> triggerBinders)
    {
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return invocation => invocation.CancellationToken;
        }

        if (parameter.ParameterType == typeof(FunctionContext))
        {
            return invocation => invocation.FunctionContext;
        }

        return triggerBinders(parameter)
            ?? throw Unsupported($"parameter '{parameter.Name}' of type {parameter.ParameterType.Name} has no binding here");
    }

    private static Type AwaitedType(Type declared) =>
        declared.IsGenericType && (declared.GetGenericTypeDefinition() == typeof(Task<>) || declared.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? declared.GetGenericArguments()[0]
            : declared == typeof(Task) || declared == typeof(ValueTask) ? typeof(void) : declared;

    // Decided from the declared return type: an async Task method's runtime type is a Task<VoidTaskResult>.
    private static Func<object?, Task<object?>> CreateUnwrapper(Type declared)
    {
        if (declared == typeof(Task))
        {
            return async returned =>
            {
                await (Task)returned!;
                return null;
            };
        }

        if (declared == typeof(ValueTask))
        {
            return async returned =>
            {
                await (ValueTask)returned!;
                return null;
            };
        }

        if (declared.IsGenericType && declared.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var result = declared.GetProperty(nameof(Task<object>.Result))!;
            return async returned =>
            {
                await (Task)returned!;
                return result.GetValue(returned);
            };
        }

        if (declared.IsGenericType && declared.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = declared.GetMethod(nameof(ValueTask<object>.AsTask))!;
            var result = asTask.ReturnType.GetProperty(nameof(Task<object>.Result))!;
            return async returned =>
            {
                var task = (Task)asTask.Invoke(returned, null)!;
                await task;
                return result.GetValue(task);
            };
        }

        return returned => Task.FromResult(returned);
    }
}
