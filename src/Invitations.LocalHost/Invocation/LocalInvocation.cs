using Invitations.LocalHost.Metadata;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.LocalHost.Invocation;

/// <summary>Everything one invocation binds from: its scope's services, trigger value, binding data and cancellation.</summary>
internal sealed class LocalInvocation
{
    private LocalFunctionContext? _context;

    public LocalInvocation(
        FunctionDescriptor function,
        IServiceProvider services,
        object? triggerValue,
        IReadOnlyDictionary<string, object?> bindingData,
        CancellationToken cancellationToken)
    {
        Function = function;
        Services = services;
        TriggerValue = triggerValue;
        BindingData = bindingData;
        CancellationToken = cancellationToken;
    }

    public FunctionDescriptor Function { get; }
    public IServiceProvider Services { get; }
    public object? TriggerValue { get; }
    public IReadOnlyDictionary<string, object?> BindingData { get; }
    public CancellationToken CancellationToken { get; }

    /// <summary>Extra items for the function context (the HttpContext for HTTP triggers).</summary>
    public IDictionary<object, object> ContextItems { get; } = new Dictionary<object, object>();

    public FunctionContext FunctionContext
    {
        get
        {
            if (_context is null)
            {
                _context = new LocalFunctionContext(Function, Services, BindingData, CancellationToken);
                foreach (var (key, value) in ContextItems)
                {
                    _context.Items[key] = value;
                }
            }

            return _context;
        }
    }
}
