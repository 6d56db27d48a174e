using System.Collections.Immutable;
using System.Diagnostics;
using Invitations.LocalHost.Metadata;
using Microsoft.Azure.Functions.Worker;
using WorkerBindingMetadata = Microsoft.Azure.Functions.Worker.BindingMetadata;

namespace Invitations.LocalHost.Invocation;

/// <summary>
/// A minimal <see cref="FunctionContext"/>: identity, definition, binding data, services, items and cancellation.
/// There is no worker middleware pipeline and no input-conversion feature behind it.
/// </summary>
internal sealed class LocalFunctionContext : FunctionContext
{
    /// <summary>The key under which the ASP.NET Core integration keeps the HttpContext (<c>GetHttpContext()</c> reads it).</summary>
    public const string HttpContextKey = "HttpRequestContext";

    private readonly CancellationToken _cancellationToken;

    public LocalFunctionContext(
        FunctionDescriptor function,
        IServiceProvider services,
        IReadOnlyDictionary<string, object?> bindingData,
        CancellationToken cancellationToken)
    {
        InvocationId = Guid.NewGuid().ToString();
        InstanceServices = services;
        FunctionDefinition = new LocalFunctionDefinition(function);
        BindingContext = new LocalBindingContext(bindingData);
        TraceContext = new LocalTraceContext(Activity.Current?.Id ?? "", Activity.Current?.TraceStateString ?? "");
        _cancellationToken = cancellationToken;
    }

    public override string InvocationId { get; }
    public override string FunctionId => FunctionDefinition.Id;
    public override TraceContext TraceContext { get; }
    public override BindingContext BindingContext { get; }
    public override RetryContext RetryContext { get; } = new LocalRetryContext();
    public override IServiceProvider InstanceServices { get; set; }
    public override FunctionDefinition FunctionDefinition { get; }
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features { get; } = new LocalInvocationFeatures();
    public override CancellationToken CancellationToken => _cancellationToken;

    private sealed class LocalFunctionDefinition(FunctionDescriptor function) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters { get; } =
            [.. function.Method.GetParameters().Select(p => new FunctionParameter(p.Name ?? "", p.ParameterType))];
        public override string PathToAssembly { get; } = function.Method.Module.Assembly.Location;
        public override string EntryPoint => function.Metadata.EntryPoint;
        public override string Id => function.Name;
        public override string Name => function.Name;
        public override IImmutableDictionary<string, WorkerBindingMetadata> InputBindings { get; } = Bindings(function, "In");
        public override IImmutableDictionary<string, WorkerBindingMetadata> OutputBindings { get; } = Bindings(function, "Out");

        private static ImmutableDictionary<string, WorkerBindingMetadata> Bindings(FunctionDescriptor function, string direction) =>
            function.Metadata.Bindings
                .Where(b => string.Equals(b.Direction, direction, StringComparison.OrdinalIgnoreCase))
                .ToImmutableDictionary(b => b.Name, b => (WorkerBindingMetadata)new LocalBindingMetadata(b));
    }

    private sealed class LocalBindingMetadata(Metadata.BindingMetadata binding) : WorkerBindingMetadata
    {
        public override string Name => binding.Name;
        public override string Type => binding.Type;
        public override BindingDirection Direction =>
            string.Equals(binding.Direction, "Out", StringComparison.OrdinalIgnoreCase) ? BindingDirection.Out : BindingDirection.In;
    }

    private sealed class LocalBindingContext(IReadOnlyDictionary<string, object?> bindingData) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData => bindingData;
    }

    private sealed class LocalTraceContext(string traceParent, string traceState) : TraceContext
    {
        public override string TraceParent => traceParent;
        public override string TraceState => traceState;
    }

    private sealed class LocalRetryContext : RetryContext
    {
        public override int RetryCount => 0;
        public override int MaxRetryCount => 0;
    }

    private sealed class LocalInvocationFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> _features = [];

        public T? Get<T>() => _features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

        public void Set<T>(T instance)
        {
            if (instance is null)
            {
                _features.Remove(typeof(T));
            }
            else
            {
                _features[typeof(T)] = instance;
            }
        }

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
