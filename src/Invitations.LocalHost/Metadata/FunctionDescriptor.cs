using System.Reflection;

namespace Invitations.LocalHost.Metadata;

/// <summary>A function from functions.metadata, bound to the method that implements it.</summary>
public sealed record FunctionDescriptor(FunctionMetadata Metadata, Type DeclaringType, MethodInfo Method)
{
    public string Name => Metadata.Name;
    public BindingMetadata Trigger => Metadata.Trigger;
}
